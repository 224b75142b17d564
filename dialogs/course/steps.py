"""Steps on the case card: typed command → ``advance`` → persist + audit + re-plan in one unit
of work → every copy of the card updated. Refusals get a clear answer and an audit entry."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from cards.common import text
from cards.course import course_card
from cards.texts import Texts
from domain.course import (
    COURSE_ZONE,
    CourseError,
    DateAfterNextStep,
    DateBeforePreviousStep,
    Step,
    StepNotAllowed,
    StepOutOfOrder,
    advance,
    available_steps,
    correct_date,
)
from domain.directory import Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.timeparse import TimeNotUnderstood, format_date, parse_time
from storage.audit import AuditEntry, AuditLog
from storage.courses import CourseStore, StoredCourse
from storage.directory import DirectoryStore
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice, queue_notice
from .commands import CorrectDate, TakeStep
from .context import CourseContext, course_view, may_act, people_of, roles_of
from .planning import card_key, replan, update_copies


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


@dataclass(frozen=True)
class Answer:
    """What a unit of work on a course came to: a card for the actor, or a message."""

    card: dict[str, object] | None = None
    message: str | None = None


def audit(
    unit: UnitOfWork, actor: PersonRef, action: str, reference: str, outcome: str = "done",
    **detail: str | None,
) -> None:  # fmt: skip
    AuditLog(unit.session).record(
        AuditEntry(unit.now, actor, action, "case", reference, outcome, reference, detail=detail)
    )


def personal_card(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, texts: Texts, actor: PersonRef
) -> dict[str, Any]:
    people = [
        (f"{ref.tenant_id}/{ref.aad_object_id}", label)
        for label, ref in people_of(stored, directory)
    ]
    view = course_view(ctx, stored, directory, texts, viewer=actor, people=people)
    return course_card(texts, view)


def load(
    unit: UnitOfWork, reference: str, ctx: CourseContext
) -> tuple[CourseStore, StoredCourse | None, Directory]:
    store = CourseStore(unit.session)
    directory = DirectoryStore(unit.session, unit.now).snapshot(today=ctx.today())
    return store, store.get(reference), directory


def after_change(
    ctx: CourseContext, unit: UnitOfWork, store: CourseStore, saved: StoredCourse,
    directory: Directory, step: Step | None = None,
) -> None:  # fmt: skip
    replan(ctx, unit, saved, directory)
    viewers = [saved.tovholder]
    for organisation in (saved.organisation_id, saved.other_organisation_id):
        if organisation is not None:
            viewers += directory.coordinators(organisation)
    update_copies(ctx, unit, saved, directory, store.teams_ids(viewers))
    informed = _INFORMS.get(step) if step is not None else None
    organisation = getattr(saved, informed) if informed else None
    for coordinator in directory.coordinators(organisation) if organisation else ():
        send_case_card(ctx, unit, saved, directory, coordinator, f"informed:{step}")


# Informing a coordinator is sending them the case card (annex §3.1, step 3).
_INFORMS = {
    Step.INFORM_OWN_COORDINATOR: "organisation_id",
    Step.INFORM_OTHER_COORDINATOR: "other_organisation_id",
}


def send_case_card(
    ctx: CourseContext, unit: UnitOfWork, stored: StoredCourse, directory: Directory,
    reader: PersonRef, why: str,
) -> None:  # fmt: skip
    """The case card in ``reader``'s personal chat, kept up to date with every other copy."""

    def build(texts: Texts, note: str | None) -> Content:
        card = personal_card(ctx, stored, directory, texts, reader)
        if note:
            card["body"] = [card["body"][0], text(note, subtle=True), *card["body"][1:]]
        return Content(text=texts("course.title", reference=stored.reference), card=card)

    key = f"{card_key(stored.reference)}:{why}:{reader.aad_object_id}"
    notice = Notice(key, reader, build, unit.now, automatic=True,
                    card_key=card_key(stored.reference))  # fmt: skip
    queue_notice(unit, notice, directory=directory, calendar=ctx.calendar, zone=ctx.zone)


async def meeting_moment(ctx: CourseContext, command: TakeStep, language: str) -> datetime | None:
    """The meeting's moment from the typed text, else from the picked date and time."""
    if command.when:
        parsed = await asyncio.to_thread(parse_time, command.when, ctx.clock.now(), language)
        return parsed.start
    if command.meeting_day is not None:
        clock = command.meeting_time or time(9)
        return datetime.combine(command.meeting_day, clock, tzinfo=COURSE_ZONE)
    return None


async def take_step(
    ctx: CourseContext, actor: PersonRef, command: TakeStep | CorrectDate, texts: Texts
) -> Answer:
    """Take a step, or correct the day of one already taken (the deadlines move with it)."""
    meeting_at: datetime | None = None
    if isinstance(command, CorrectDate):
        on: date | None = command.day
    else:
        try:
            meeting_at = await meeting_moment(ctx, command, texts.language)
        except TimeNotUnderstood:
            return Answer(message=texts("course.meeting_not_understood"))
        on = meeting_at.astimezone(COURSE_ZONE).date() if meeting_at is not None else None
    verb = "course.corrected" if isinstance(command, CorrectDate) else "course.step"

    def work(unit: UnitOfWork) -> Answer:
        store, stored, directory = load(unit, command.reference, ctx)
        if stored is None:
            return Answer(message=texts("course.unknown_case"))
        decision = may_act(actor, stored, directory, ctx.today())
        if not decision.allowed:
            audit(unit, actor, verb, stored.reference, f"refused:{decision.reason_code}")
            return Answer(message=texts("course.not_on_case", reference=stored.reference))
        roles = roles_of(actor, stored, directory, ctx.today())
        try:
            if isinstance(command, CorrectDate):
                course = correct_date(
                    stored.course, command.step, command.day, roles=roles, at=unit.now,
                    actor=actor,
                )  # fmt: skip
            else:
                course = advance(
                    stored.course, command.step, roles=roles, at=unit.now, on=on, actor=actor
                )
        except CourseError as error:
            audit(unit, actor, verb, stored.reference, f"refused:{error.code}",
                  step=command.step.value)  # fmt: skip
            return Answer(message=error_text(texts, error))
        meeting_at_kept = meeting_at if meeting_at is not None else stored.meeting_at
        saved = store.save(stored, course, unit.now, meeting_at=meeting_at_kept)
        audit(unit, actor, verb, saved.reference, step=command.step.value)
        after_change(ctx, unit, store, saved, directory, command.step)
        return Answer(card=personal_card(ctx, saved, directory, texts, actor))

    return await ctx.units.run(work)


def meeting_from_poll(
    ctx: CourseContext,
    unit: UnitOfWork,
    reference: str,
    starts_at: datetime | None,
    actor: PersonRef | None,
) -> None:
    """A meeting poll of this case was finalised or moved: the course records the meeting
    (scheduled, or its date corrected) in the poll's unit of work, and its deadlines follow.
    A cancelled meeting (``None``) leaves the course for the tovholder to reschedule."""
    if starts_at is None or actor is None:
        return
    store, stored, directory = load(unit, reference, ctx)
    if stored is None:
        return
    roles = roles_of(actor, stored, directory, ctx.today())
    on = starts_at.astimezone(COURSE_ZONE).date()
    step = Step.SCHEDULE_MEETING
    try:
        if step in available_steps(stored.course, roles):
            course = advance(stored.course, step, roles=roles, at=unit.now, on=on, actor=actor)
        else:
            course = correct_date(stored.course, step, on, roles=roles, at=unit.now, actor=actor)
    except CourseError as error:
        audit(unit, actor, "course.step", stored.reference, f"refused:{error.code}",
              step=step.value, source="poll")  # fmt: skip
        return
    saved = store.save(stored, course, unit.now, meeting_at=starts_at)
    audit(unit, actor, "course.step", saved.reference, step=step.value, source="poll")
    after_change(ctx, unit, store, saved, directory, step)
