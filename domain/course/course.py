"""One KI course: its stage, the days that deadlines count from, and the history of its steps.

``advance`` is the only way forward: it checks the order and the actor's roles, then returns a
new ``Course`` (nothing is changed in place).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..identity import PersonRef
from .errors import (
    DateBeforePreviousStep,
    DateInFuture,
    DateRequired,
    StepNotAllowed,
    StepOutOfOrder,
)
from .steps import RULES, Role, Stage, Step, allowed_roles, may_perform, steps_from

COURSE_ZONE = ZoneInfo("Europe/Copenhagen")


@dataclass(frozen=True)
class CourseDates:
    """Local calendar days (Europe/Copenhagen) that the deadlines are counted from."""

    consent_asked_on: date | None = None
    meeting_on: date | None = None  # planned
    meeting_held_on: date | None = None
    plan_written_on: date | None = None
    plan_sent_on: date | None = None
    plan_forwarded_on: date | None = None
    period_started_on: date | None = None  # the plan written, or a follow-up that continued it
    follow_up_held_on: date | None = None


@dataclass(frozen=True)
class Event:
    step: Step
    at: datetime
    on: date
    actor: PersonRef | None = None
    corrected: bool = False  # the step's date was corrected, the step itself taken earlier


@dataclass(frozen=True)
class Course:
    case_id: str
    stage: Stage = Stage.IDEA
    level: int = 1
    period: int = 0  # 1 for the first plan; each follow-up that continues or changes it adds one
    dates: CourseDates = CourseDates()
    history: tuple[Event, ...] = ()

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"a KI course has level 1, 2 or 3, not {self.level}")

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED


def available_steps(course: Course, roles: Collection[Role] | None = None) -> tuple[Step, ...]:
    """The steps that may come next; with roles, only those this person may take (the buttons)."""
    steps = steps_from(course.stage)
    if roles is None:
        return steps
    return tuple(step for step in steps if may_perform(step, roles, course.level))


def _earliest(step: Step, dates: CourseDates) -> date | None:
    return {
        Step.WRITE_PLAN: dates.meeting_held_on,
        Step.SEND_PLAN: dates.plan_written_on,
        Step.FORWARD_PLAN: dates.plan_sent_on,
        Step.HOLD_FOLLOW_UP: dates.period_started_on,
    }.get(step)


def _dated(step: Step, dates: CourseDates, on: date) -> CourseDates:
    match step:
        case Step.ASK_CONSENT:
            return replace(dates, consent_asked_on=on)
        case Step.SCHEDULE_MEETING:  # a new meeting starts the plan over
            return replace(dates, meeting_on=on, meeting_held_on=None, plan_written_on=None,
                           plan_sent_on=None, plan_forwarded_on=None, period_started_on=None,
                           follow_up_held_on=None)  # fmt: skip
        case Step.HOLD_MEETING:
            return replace(dates, meeting_held_on=on)
        case Step.WRITE_PLAN:
            return replace(dates, plan_written_on=on, plan_sent_on=None, plan_forwarded_on=None,
                           period_started_on=on, follow_up_held_on=None)  # fmt: skip
        case Step.SEND_PLAN:
            return replace(dates, plan_sent_on=on)
        case Step.FORWARD_PLAN:
            return replace(dates, plan_forwarded_on=on)
        case Step.HOLD_FOLLOW_UP:
            return replace(dates, follow_up_held_on=on)
        case Step.CONTINUE_PLAN | Step.CHANGE_PLAN:  # a new six-month period from the follow-up
            return replace(dates, period_started_on=dates.follow_up_held_on, follow_up_held_on=None)
        case _:
            return dates


def advance(
    course: Course,
    step: Step,
    *,
    roles: Collection[Role],
    at: datetime,
    on: date | None = None,
    actor: PersonRef | None = None,
) -> Course:
    """Take a step at moment ``at``; ``on`` is the day it concerns (today in Copenhagen if left
    out; the meeting's day when scheduling). Raises a ``CourseError`` subclass if refused."""
    rule = RULES[step]
    if course.stage not in rule.from_stages:
        raise StepOutOfOrder(step, course.stage, steps_from(course.stage))
    if not may_perform(step, roles, course.level):
        raise StepNotAllowed(step, roles, allowed_roles(step, course.level))
    if at.tzinfo is None:
        raise ValueError("a step's moment must be timezone-aware")
    today = at.astimezone(COURSE_ZONE).date()
    if on is None and rule.needs_date:
        raise DateRequired(step)
    day = today if on is None else on
    if rule.dated and day > today:
        raise DateInFuture(step, day, today)
    earliest = _earliest(step, course.dates)
    if earliest is not None and day < earliest:
        raise DateBeforePreviousStep(step, day, earliest)
    period = course.period
    if step is Step.WRITE_PLAN:
        period = max(period, 1)
    elif step in (Step.CONTINUE_PLAN, Step.CHANGE_PLAN):
        period += 1
    return replace(
        course,
        stage=rule.to_stage,
        period=period,
        dates=_dated(step, course.dates, day),
        history=(*course.history, Event(step, at, day, actor)),
    )
