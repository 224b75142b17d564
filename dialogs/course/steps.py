"""Steps on the case card: typed command → ``advance`` (or ``correct_date``) → save, audit and
re-plan in one unit of work → every copy of the card updated. A refusal gets a clear answer and
an audit entry. A meeting poll of the case records its meeting the same way
(``meeting_from_poll``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from cards.course import CORRECT_VERB, STEP_VERB, with_day_question
from cards.texts import Texts
from domain.course import (
    COURSE_ZONE,
    Course,
    CourseError,
    DateAfterNextStep,
    DateBeforePreviousStep,
    DateInFuture,
    Role,
    Step,
    StepNotAllowed,
    StepOutOfOrder,
    UnusualDay,
    advance,
    available_steps,
    correct_date,
    has_recorded_date,
)
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.timeparse import TimeNotUnderstood, format_date, parse_time
from storage.audit import DetailValue
from storage.courses import StoredCourse
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice
from ..guard import audit
from ..reply import Reply, refuse, show
from ..turn import Turn
from .commands import CorrectDate, TakeStep
from .context import CourseContext, about, actor_of, on_case, roles_of
from .planning import after_change, send
from .views import personal_card

STEP = "course.step"
CORRECTED = "course.corrected"
# What a step does to a course, given the actor's roles on it and the moment (raises a
# ``CourseError`` if the rules refuse it).
Change = Callable[[Course, frozenset[Role], datetime], Course]


def error_text(texts: Texts, error: CourseError, now: datetime | None = None) -> str:
    """The refusal in words: what was wrong, with the days it concerns."""

    def day(on: date) -> str:
        return format_date(on, texts.language, now=now)

    fields: dict[str, object] = {}
    code = error.code
    if isinstance(error, StepOutOfOrder):
        fields["stage"] = texts(f"course.stage.{error.stage.value}")
        fields["expected"] = ", ".join(texts(f"course.step.{s.value}") for s in error.expected)
    elif isinstance(error, StepNotAllowed):
        fields["needed"] = " / ".join(texts(f"course.role.{r.value}") for r in error.needed)
    elif isinstance(error, DateBeforePreviousStep):
        fields["earliest"] = day(error.earliest)
        if error.previous is not None:
            code = "date_before_step"
            fields["on"] = day(error.on)
            fields["previous"] = texts(f"course.step.{error.previous.value}")
    elif isinstance(error, DateAfterNextStep):
        fields["latest"], fields["on"] = day(error.latest), day(error.on)
    elif isinstance(error, DateInFuture):
        fields["on"] = day(error.on)
    return texts(f"course.error.{code}", **fields)


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
        if command.step is not Step.SCHEDULE_MEETING:
            meeting_at = None  # only planning a meeting sets its time

        def change(course: Course, roles: frozenset[Role], now: datetime) -> Course:
            return advance(course, command.step, roles=roles, at=now, on=on, actor=turn.actor,
                           calendar=self._ctx.calendar, confirmed=command.confirmed)  # fmt: skip

        def work(unit: UnitOfWork) -> Reply:
            return self._on_card(unit, turn, command.reference, command.step, change,
                                 verb=STEP, meeting_at=meeting_at)  # fmt: skip

        return await self._ctx.units.run(work)

    def correct(self, unit: UnitOfWork, turn: Turn, command: CorrectDate) -> Reply:
        """The day of a step already taken, corrected: the deadlines counted from it move."""

        def change(course: Course, roles: frozenset[Role], now: datetime) -> Course:
            return correct_date(course, command.step, command.corrected_day, roles=roles,
                                at=now, actor=turn.actor, calendar=self._ctx.calendar,
                                confirmed=command.confirmed)  # fmt: skip

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
        if isinstance(done, UnusualDay):
            return show(self._ask_day(case.stored, case.directory, turn, verb, reference,
                                      step, done))  # fmt: skip
        if isinstance(done, CourseError):
            return refuse(error_text(turn.texts, done, unit.now))
        return show(personal_card(self._ctx, done, case.directory, turn.texts, case.actor))

    def _ask_day(
        self, stored: StoredCourse, directory: Directory, turn: Turn, verb: str, reference: str,
        step: Step, unusual: UnusualDay,
    ) -> dict[str, Any]:  # fmt: skip
        """The case card asking whether the meeting really was held on a weekend or holiday;
        its one button takes the step (or corrects the date) again, confirmed."""
        texts, actor = turn.texts, actor_of(turn)
        day = format_date(unusual.on, texts.language, now=self._ctx.clock.now())
        question = texts("course.unusual_weekend" if unusual.weekend else "course.unusual_holiday",
                         day=day)  # fmt: skip
        card = personal_card(self._ctx, stored, directory, texts, actor)
        iso = unusual.on.isoformat()
        data: dict[str, object] = {"reference": reference, "step": step.value, "confirmed": True}
        if verb == CORRECTED:
            return with_day_question(texts, card, question, day, CORRECT_VERB,
                                     corrected_day=iso, **data)  # fmt: skip
        return with_day_question(texts, card, question, day, STEP_VERB, meeting_day=iso, **data)


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
    if roles and not _can_hold_meeting_date(stored.course, roles):
        _tell_meeting_not_recorded(ctx, unit, directory, stored, starts_at, actor)
        return
    record(ctx, unit, stored, directory, actor, roles, step, change, verb=STEP,
           meeting_at=starts_at, source="poll")  # fmt: skip


def _can_hold_meeting_date(course: Course, roles: frozenset[Role]) -> bool:
    """Can the course take the poll's meeting: schedule it now, or correct its date?"""
    return Step.SCHEDULE_MEETING in available_steps(course, roles) or has_recorded_date(
        course, Step.SCHEDULE_MEETING
    )


def _tell_meeting_not_recorded(
    ctx: CourseContext,
    unit: UnitOfWork,
    directory: Directory,
    stored: StoredCourse,
    starts_at: datetime,
    actor: PersonRef,
) -> None:
    """The case has not reached planning its meeting: the one who decided the meeting hears
    that it is not on the case (instead of a silent refusal)."""

    reference = stored.reference

    def build(texts: Texts, _note: str | None) -> Content:
        day = format_date(starts_at.astimezone(COURSE_ZONE).date(), texts.language)
        message = texts("course.meeting_not_recorded", reference=reference, day=day)
        return Content(text=message)

    key = f"course:{reference}:poll-meeting:{starts_at.isoformat()}"
    send(ctx, unit, Notice(key, actor, build, unit.now, automatic=False, routed=False), directory)
    audit(unit, actor, "course.meeting_not_recorded", about(stored), source="poll")
