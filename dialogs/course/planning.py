"""After every change to a course, in the same unit of work: plan its reminders again (withdraw
what no longer applies, ``domain.course.withdrawn``; queue what is new), queue the coordinators'
escalation for each open deadline at the first working morning after it (told once: one key per
deadline), update every copy of the case card in each reader's language, and send the case card
to the coordinators a step informs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from cards.common import text, with_refresh
from cards.course import VIEW_VERB, Due, NudgeView, course_card, escalation_card, nudge_card
from cards.texts import LANGUAGES, Texts
from domain.course import (
    Deadline,
    DeadlineKind,
    EscalationKey,
    Planned,
    PlannedKey,
    Reminder,
    Role,
    Step,
    open_deadlines,
    plan_reminders,
    withdrawn,
)
from domain.course import keys as course_keys
from domain.directory import Directory
from domain.identity import PersonRef
from domain.keys import MessageKey
from domain.messaging import Content, UpdateCopies
from domain.timeparse import format_date
from storage.courses import StoredCourse
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork

from ..delivery import ContentBuilder, Notice, queue_notice
from .context import CourseContext
from .views import course_view, personal_card, personal_view

DONE_STEP: dict[DeadlineKind, Step] = {
    DeadlineKind.CONSENT: Step.GIVE_CONSENT,
    DeadlineKind.PLAN: Step.WRITE_PLAN,
    DeadlineKind.FORWARD: Step.FORWARD_PLAN,
    DeadlineKind.FOLLOW_UP: Step.HOLD_FOLLOW_UP,
}
ESCALATE_AT = time(9)
# Informing a coordinator is sending them the case card (annex §3.1, step 3).
_INFORMS = {
    Step.INFORM_OWN_COORDINATOR: "organisation_id",
    Step.INFORM_OTHER_COORDINATOR: "other_organisation_id",
}


def case_card_key(reference: str) -> Callable[[str], str]:
    """Where a copy of the case card is listed for later updates: one key per language, so
    every copy is updated in the language it was sent in."""

    def in_language(language: str) -> str:
        return str(course_keys.card(reference, language))

    return in_language


def send(ctx: CourseContext, unit: UnitOfWork, notice: Notice, directory: Directory) -> None:
    """Queue ``notice`` for its recipient, or whoever stands in for them that day."""
    queue_notice(unit, notice, directory=directory, calendar=ctx.calendar, zone=ctx.zone)


def recipients(role: Role, stored: StoredCourse, directory: Directory) -> tuple[PersonRef, ...]:
    if role is Role.TOVHOLDER:
        return (stored.tovholder,)
    if stored.organisation_id is None:
        return ()
    return tuple(directory.coordinators(stored.organisation_id))


def nudge_notice(
    stored: StoredCourse, reminder: Reminder, recipient: PersonRef, key: MessageKey
) -> Notice:
    def build(texts: Texts, note: str | None) -> Content:
        view = NudgeView(
            stored.reference,
            reminder.deadline.value,
            format_date(reminder.due, texts.language),
            reminder.due.isoformat(),
            reminder.offset,
            DONE_STEP[reminder.deadline].value,
        )
        title = texts("course.nudge.title", kind=texts(f"course.kind.{view.kind}"),
                      reference=stored.reference)  # fmt: skip
        return Content(text=title, card=nudge_card(texts, view, note))

    return Notice(str(key), recipient, build, reminder.at, automatic=True)


@dataclass(frozen=True)
class _Wanted:
    planned: Planned
    notices: tuple[Notice, ...]


def _reminders(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, now: datetime
) -> dict[PlannedKey, _Wanted]:
    wanted: dict[PlannedKey, _Wanted] = {}
    for reminder in plan_reminders(
        stored.course, now, rules=ctx.rules, schedule=ctx.schedule, calendar=ctx.calendar
    ):
        people = recipients(reminder.recipient, stored, directory)
        notices = tuple(
            nudge_notice(stored, reminder, person, reminder.key.to(index))
            for index, person in enumerate(people)
        )
        wanted[reminder.key] = _Wanted(Planned(reminder.key, reminder.at), notices)
    return wanted


def _escalations(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, now: datetime
) -> dict[PlannedKey, _Wanted]:
    wanted: dict[PlannedKey, _Wanted] = {}
    coordinators = recipients(Role.COORDINATOR, stored, directory)
    for deadline in open_deadlines(stored.course, ctx.rules, ctx.calendar):
        if deadline.kind is DeadlineKind.CONSENT:
            continue
        morning = ctx.calendar.following_working_day(deadline.due + timedelta(days=1))
        at = max(ctx.calendar.at(morning, ESCALATE_AT), now)
        key = EscalationKey(stored.reference, deadline.kind, deadline.due)
        notices = tuple(
            Notice(str(key.to(index)), person,
                   _escalation(ctx, stored, directory, deadline, person), at, automatic=True)
            for index, person in enumerate(coordinators)
        )  # fmt: skip
        wanted[key] = _Wanted(Planned(key, at), notices)
    return wanted


def _escalation(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, deadline: Deadline,
    reader: PersonRef,
) -> ContentBuilder:  # fmt: skip
    def build(texts: Texts, note: str | None) -> Content:
        view = personal_view(ctx, stored, directory, texts, reader)
        missed = Due(deadline.kind.value, format_date(deadline.due, texts.language), True)
        card = escalation_card(texts, view, missed, note)
        return Content(text=texts("course.escalation.title", reference=stored.reference),
                       card=card)  # fmt: skip

    return build


def replan(
    ctx: CourseContext, unit: UnitOfWork, stored: StoredCourse, directory: Directory
) -> None:
    """Bring the course's queued reminders and escalations in line with its state."""
    now = unit.now
    wanted = _reminders(ctx, stored, directory, now) | _escalations(ctx, stored, directory, now)
    planned = unit.courses.planned(stored.id)
    known = {p.key for p in planned}
    gone = withdrawn(planned, wanted, open_deadlines(stored.course, ctx.rules, ctx.calendar), now)
    for old in gone:
        unit.outbox.cancel(old.text)
    unit.courses.unplan(stored.id, gone)
    added: list[Planned] = []
    for key, new in wanted.items():
        if key in known:
            continue
        for notice in new.notices:
            send(ctx, unit, notice, directory)
        added.append(new.planned)
    unit.courses.plan(stored.id, added)


def update_copies(
    ctx: CourseContext,
    unit: UnitOfWork,
    stored: StoredCourse,
    directory: Directory,
    viewers: Sequence[str],
) -> None:
    """Every copy of the case card shows the new state, in the language it was sent in; each
    listed viewer (Teams ids) gets their own buttons through a refresh."""
    version = len(stored.course.history)
    for language in LANGUAGES:
        texts = Texts(language)
        shared = course_card(texts, course_view(ctx, stored, directory, texts), personal=False)
        card = with_refresh(shared, VIEW_VERB, viewers, reference=stored.reference)
        unit.send(
            OutgoingMessage(
                str(course_keys.update(stored.reference, language, version, unit.now)),
                UpdateCopies(str(course_keys.card(stored.reference, language))),
                Content(card=card),
                unit.now,
                language=language,
            )
        )


def send_case_card(
    ctx: CourseContext, unit: UnitOfWork, stored: StoredCourse, directory: Directory,
    reader: PersonRef, step: Step,
) -> None:  # fmt: skip
    """The case card in ``reader``'s personal chat, kept up to date with every other copy."""

    def build(texts: Texts, note: str | None) -> Content:
        card = personal_card(ctx, stored, directory, texts, reader)
        if note:
            card["body"] = [card["body"][0], text(note, subtle=True), *card["body"][1:]]
        return Content(text=texts("course.title", reference=stored.reference), card=card)

    key = course_keys.informed(stored.reference, step.value, reader.aad_object_id)
    notice = Notice(str(key), reader, build, unit.now, automatic=True,
                    card_key=case_card_key(stored.reference))  # fmt: skip
    send(ctx, unit, notice, directory)


def after_change(
    ctx: CourseContext, unit: UnitOfWork, saved: StoredCourse, directory: Directory,
    step: Step | None = None,
) -> None:  # fmt: skip
    """Everything a saved change causes, in its unit of work."""
    replan(ctx, unit, saved, directory)
    viewers = [saved.tovholder]
    for organisation in (saved.organisation_id, saved.other_organisation_id):
        if organisation is not None:
            viewers += directory.coordinators(organisation)
    update_copies(ctx, unit, saved, directory, unit.courses.teams_ids(viewers))
    informed = _INFORMS.get(step) if step is not None else None
    organisation = getattr(saved, informed) if informed else None
    if step is None or organisation is None:
        return
    for coordinator in directory.coordinators(organisation):
        send_case_card(ctx, unit, saved, directory, coordinator, step)
