"""Steps on the case card: typed command → ``advance`` (or ``correct_date``) → save, audit and
re-plan in one unit of work → every copy of the card updated. A refusal gets a clear answer and
an audit entry. A meeting poll of the case records its meeting the same way
(``meeting_from_poll``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, time

from cards.texts import Texts
from domain.course import (
    COURSE_ZONE,
    Course,
    CourseError,
    DateAfterNextStep,
    DateBeforePreviousStep,
    Role,
    Step,
    StepNotAllowed,
    StepOutOfOrder,
    advance,
    available_steps,
    correct_date,
)
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.timeparse import TimeNotUnderstood, format_date, parse_time
from storage.audit import DetailValue
from storage.courses import StoredCourse
from storage.unit_of_work import UnitOfWork

from ..guard import audit
from ..reply import Reply, refuse, show
from ..turn import Turn
from .commands import CorrectDate, TakeStep
from .context import CourseContext, about, on_case, roles_of
from .planning import after_change
from .views import personal_card

STEP = "course.step"
CORRECTED = "course.corrected"
# What a step does to a course, given the actor's roles on it and the moment (raises a
# ``CourseError`` if the rules refuse it).
Change = Callable[[Course, frozenset[Role], datetime], Course]


def error_text(texts: Texts, error: CourseError) -> str:
    fields: dict[str, object] = {}
    if isinstance(error, StepOutOfOrder):
        fields["stage"] = texts(f"course.stage.{error.stage.value}")
        fields["expected"] = ", ".join(texts(f"course.step.{s.value}") for s in error.expected)
    elif isinstance(error, StepNotAllowed):
        fields["needed"] = " / ".join(texts(f"course.role.{r.value}") for r in error.needed)
    elif isinstance(error, DateBeforePreviousStep):
        fields["earliest"] = format_date(error.earliest, texts.language)
    elif isinstance(error, DateAfterNextStep):
        fields["latest"] = format_date(error.latest, texts.language)
    return texts(f"course.error.{error.code}", **fields)


def record(
    ctx: CourseContext,
    unit: UnitOfWork,
    stored: StoredCourse,
    directory: Directory,
    actor: PersonRef,
    roles: frozenset[Role],
    step: Step,
    change: Change,
    *,
    verb: str,
    meeting_at: datetime | None = None,
    **detail: DetailValue,
) -> StoredCourse | CourseError:
    """Apply ``change`` (by ``actor`` with ``roles`` on the case) to the course: saved, audited
    and followed by everything it causes; or the rules' refusal, audited."""
    detail = {"step": step.value, **detail}
    try:
        course = change(stored.course, roles, unit.now)
    except CourseError as error:
        audit(unit, actor, verb, about(stored), outcome=f"refused:{error.code}", detail=detail)
        return error
    kept = meeting_at if meeting_at is not None else stored.meeting_at
    saved = unit.courses.save(stored, course, unit.now, meeting_at=kept)
    audit(unit, actor, verb, about(saved), detail=detail)
    after_change(ctx, unit, saved, directory, step)
    return saved


class Steps:
    def __init__(self, context: CourseContext) -> None:
        self._ctx = context

    async def take(self, turn: Turn, command: TakeStep) -> Reply:
        """A step from the case card (or a nudge's "done"); a meeting's typed time is read
        before the unit of work, off the event loop."""
        try:
            meeting_at = await self._meeting_moment(command, turn.language)
        except TimeNotUnderstood:
            return refuse(turn.texts("course.meeting_not_understood"))
        on = meeting_at.astimezone(COURSE_ZONE).date() if meeting_at is not None else None

        def change(course: Course, roles: frozenset[Role], now: datetime) -> Course:
            return advance(course, command.step, roles=roles, at=now, on=on, actor=turn.actor)

        def work(unit: UnitOfWork) -> Reply:
            return self._on_card(unit, turn, command.reference, command.step, change,
                                 verb=STEP, meeting_at=meeting_at)  # fmt: skip

        return await self._ctx.units.run(work)

    def correct(self, unit: UnitOfWork, turn: Turn, command: CorrectDate) -> Reply:
        """The day of a step already taken, corrected: the deadlines counted from it move."""

        def change(course: Course, roles: frozenset[Role], now: datetime) -> Course:
            return correct_date(course, command.step, command.corrected_day, roles=roles,
                                at=now, actor=turn.actor)  # fmt: skip

        return self._on_card(unit, turn, command.reference, command.step, change, verb=CORRECTED)

    async def _meeting_moment(self, command: TakeStep, language: str) -> datetime | None:
        """The meeting's moment from the typed text, else from the picked date and time."""
        if command.when:
            now = self._ctx.clock.now()
            parsed = await asyncio.to_thread(parse_time, command.when, now, language)
            return parsed.start
        if command.meeting_day is not None:
            clock = command.meeting_clock or time(9)
            return datetime.combine(command.meeting_day, clock, tzinfo=COURSE_ZONE)
        return None

    def _on_card(
        self, unit: UnitOfWork, turn: Turn, reference: str, step: Step, change: Change, *,
        verb: str, meeting_at: datetime | None = None,
    ) -> Reply:  # fmt: skip
        case = on_case(self._ctx, unit, turn, reference, Action.ACT_ON_CASE, audit_as=verb)
        if isinstance(case, Reply):
            return case
        done = record(self._ctx, unit, case.stored, case.directory, case.actor, case.roles, step,
                      change, verb=verb, meeting_at=meeting_at)  # fmt: skip
        if isinstance(done, CourseError):
            return refuse(error_text(turn.texts, done))
        return show(personal_card(self._ctx, done, case.directory, turn.texts, case.actor))


def meeting_from_poll(
    ctx: CourseContext,
    unit: UnitOfWork,
    reference: str,
    starts_at: datetime | None,
    actor: PersonRef | None,
) -> None:
    """A meeting poll of this case was finalised or moved: the course records the meeting
    (scheduled, or its date corrected) in the poll's unit of work, and its deadlines follow.
    A cancelled meeting (``None``) leaves the course for the tovholder to reschedule; someone
    without a role on the case changes nothing (the refusal is audited)."""
    if starts_at is None or actor is None:
        return
    stored = unit.courses.get(reference, for_update=True)
    if stored is None:
        return
    directory = unit.directory.snapshot(today=ctx.today())
    on = starts_at.astimezone(COURSE_ZONE).date()
    step = Step.SCHEDULE_MEETING

    def change(course: Course, roles: frozenset[Role], now: datetime) -> Course:
        if step in available_steps(course, roles):
            return advance(course, step, roles=roles, at=now, on=on, actor=actor)
        return correct_date(course, step, on, roles=roles, at=now, actor=actor)

    roles = roles_of(actor, stored, directory, ctx.today())
    record(ctx, unit, stored, directory, actor, roles, step, change, verb=STEP,
           meeting_at=starts_at, source="poll")  # fmt: skip
