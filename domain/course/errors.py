"""Why a step was refused. Each error has a stable ``code`` for the wording shown to the user,
and the facts that wording needs."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import ClassVar

from .steps import Role, Stage, Step


class CourseError(ValueError):
    code: ClassVar[str] = "course_error"

    def __init__(self, step: Step, message: str) -> None:
        super().__init__(f"{step.value}: {message}")
        self.step = step


class StepOutOfOrder(CourseError):
    code = "step_out_of_order"

    def __init__(self, step: Step, stage: Stage, expected: Collection[Step]) -> None:
        next_steps = ", ".join(s.value for s in expected) or "none (the course is closed)"
        super().__init__(step, f"cannot be taken at stage {stage.value}; next: {next_steps}")
        self.stage = stage
        self.expected = tuple(expected)


class StepNotAllowed(CourseError):
    code = "step_not_allowed"

    def __init__(self, step: Step, roles: Collection[Role], needed: Collection[Role]) -> None:
        have = ", ".join(sorted(r.value for r in roles)) or "no role"
        need = " or ".join(sorted(r.value for r in needed))
        super().__init__(step, f"needs the {need} of the case (you have: {have})")
        self.roles = frozenset(roles)
        self.needed = frozenset(needed)


class DateRequired(CourseError):
    code = "date_required"

    def __init__(self, step: Step) -> None:
        super().__init__(step, "needs a date")


class DateBeforePreviousStep(CourseError):
    code = "date_before_previous_step"

    def __init__(self, step: Step, on: date, earliest: date, previous: Step | None = None) -> None:
        super().__init__(step, f"{on} is before the previous step ({earliest})")
        self.on = on
        self.earliest = earliest
        self.previous = previous  # the step it follows, if known


class DateInFuture(CourseError):
    code = "date_in_future"

    def __init__(self, step: Step, on: date, today: date) -> None:
        super().__init__(step, f"{on} is after today ({today}): record it when it has happened")
        self.on = on
        self.today = today


class DateNotRecorded(CourseError):
    code = "date_not_recorded"

    def __init__(self, step: Step) -> None:
        super().__init__(step, "has no date in this round of the course to correct")


class DateAfterNextStep(CourseError):
    code = "date_after_next_step"

    def __init__(self, step: Step, on: date, latest: date) -> None:
        super().__init__(step, f"{on} is after the next step ({latest})")
        self.on = on
        self.latest = latest


class UnusualDay(CourseError):
    """Not a refusal: a meeting held on a weekend or holiday is recorded once confirmed."""

    code = "unusual_day"

    def __init__(self, step: Step, on: date, *, weekend: bool) -> None:
        kind = "a weekend" if weekend else "a holiday or closed day"
        super().__init__(step, f"{on} is {kind}: confirm that the meeting was held then")
        self.on = on
        self.weekend = weekend
