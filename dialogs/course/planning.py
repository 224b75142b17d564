"""After every change to a course: plan its reminders again and, in the same unit of work, cancel
the queued ones whose keys are gone and queue the new ones; queue the coordinators' escalation
for each open deadline at the first working morning after it (told once: one key per deadline);
and update every copy of the case card.

A reminder whose moment has passed is left alone (it may be waiting for a digest); one whose
deadline was met, or whose date moved, is cancelled before it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from cards.common import with_refresh
from cards.course import VIEW_VERB, Due, NudgeView, course_card, escalation_card, nudge_card
from cards.texts import Texts
from domain.course import (
    Deadline,
    DeadlineKind,
    Reminder,
    Role,
    Step,
    open_deadlines,
    plan_reminders,
)
from domain.directory import Directory
from domain.identity import PersonRef
from domain.messaging import Content, UpdateCopies
from domain.timeparse import format_date
from storage.courses import CourseStore, PlannedReminder, StoredCourse
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork

from ..delivery import ContentBuilder, Notice, queue_notice
from .context import CourseContext, course_view, people_of

DONE_STEP: dict[DeadlineKind, Step] = {
    DeadlineKind.CONSENT: Step.GIVE_CONSENT,
    DeadlineKind.PLAN: Step.WRITE_PLAN,
    DeadlineKind.FORWARD: Step.FORWARD_PLAN,
    DeadlineKind.FOLLOW_UP: Step.HOLD_FOLLOW_UP,
}
ESCALATE_AT = time(9)


def card_key(reference: str) -> str:
    return f"course:{reference}"


@dataclass(frozen=True)
class _Planned:
    planned: PlannedReminder
    notices: tuple[Notice, ...]


def recipients(role: Role, stored: StoredCourse, directory: Directory) -> tuple[PersonRef, ...]:
    if role is Role.TOVHOLDER:
        return (stored.tovholder,)
    if stored.organisation_id is None:
        return ()
    return tuple(directory.coordinators(stored.organisation_id))


def nudge_notice(
    stored: StoredCourse, reminder: Reminder, recipient: PersonRef, key: str
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

    return Notice(key, recipient, build, reminder.at, automatic=True)


def _reminders(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, now: datetime
) -> dict[str, _Planned]:
    wanted: dict[str, _Planned] = {}
    for reminder in plan_reminders(
        stored.course, now, rules=ctx.rules, schedule=ctx.schedule, calendar=ctx.calendar
    ):
        key = f"course:{reminder.key}"
        people = recipients(reminder.recipient, stored, directory)
        notices = tuple(
            nudge_notice(stored, reminder, person, f"{key}:{index}")
            for index, person in enumerate(people)
        )
        planned = PlannedReminder(key, reminder.deadline.value, reminder.due, reminder.at)
        wanted[key] = _Planned(planned, notices)
    return wanted


def _escalations(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, now: datetime
) -> dict[str, _Planned]:
    wanted: dict[str, _Planned] = {}
    coordinators = recipients(Role.COORDINATOR, stored, directory)
    for deadline in open_deadlines(stored.course, ctx.rules, ctx.calendar):
        if deadline.kind is DeadlineKind.CONSENT:
            continue
        morning = ctx.calendar.following_working_day(deadline.due + timedelta(days=1))
        at = max(ctx.calendar.at(morning, ESCALATE_AT), now)
        key = f"course:{deadline.escalation_key(stored.reference)}"
        notices = tuple(
            Notice(f"{key}:{index}", person, _escalation(ctx, stored, directory, deadline, person),
                   at, automatic=True)
            for index, person in enumerate(coordinators)
        )  # fmt: skip
        planned = PlannedReminder(key, deadline.kind.value, deadline.due, at)
        wanted[key] = _Planned(planned, notices)
    return wanted


def _escalation(
    ctx: CourseContext, stored: StoredCourse, directory: Directory, deadline: Deadline,
    reader: PersonRef,
) -> ContentBuilder:  # fmt: skip
    def build(texts: Texts, note: str | None) -> Content:
        people = [(f"{ref.tenant_id}/{ref.aad_object_id}", label)
                  for label, ref in people_of(stored, directory)]  # fmt: skip
        view = course_view(ctx, stored, directory, texts, viewer=reader, people=people)
        missed = Due(deadline.kind.value, format_date(deadline.due, texts.language), True)
        card = escalation_card(texts, view, missed, note)
        return Content(text=texts("course.escalation.title", reference=stored.reference),
                       card=card)  # fmt: skip

    return build


def replan(
    ctx: CourseContext,
    unit: UnitOfWork,
    stored: StoredCourse,
    directory: Directory,
) -> None:
    """Bring the course's queued reminders and escalations in line with its state."""
    store = CourseStore(unit.session)
    now = unit.now
    wanted = _reminders(ctx, stored, directory, now) | _escalations(ctx, stored, directory, now)
    open_now = {
        (d.kind.value, d.due) for d in open_deadlines(stored.course, ctx.rules, ctx.calendar)
    }
    planned = store.planned(stored.id)
    known = {p.key for p in planned}
    gone = [
        p.key
        for p in planned
        if (p.kind, p.due) not in open_now
        or (p.key not in wanted and p.at > now and ":snooze:" not in p.key)
    ]
    for key in gone:
        unit.outbox.cancel(key)
    store.unplan(stored.id, gone)
    added: list[PlannedReminder] = []
    for key, item in wanted.items():
        if key in known:
            continue
        for notice in item.notices:
            queue_notice(unit, notice, directory=directory, calendar=ctx.calendar, zone=ctx.zone)
        added.append(item.planned)
    store.plan(stored.id, added)


def update_copies(
    ctx: CourseContext,
    unit: UnitOfWork,
    stored: StoredCourse,
    directory: Directory,
    viewers: Sequence[str],
    *,
    language: str = "da",
) -> None:
    """Every copy of the case card shows the new state; each listed viewer (Teams ids) gets
    their own buttons through a refresh."""
    texts = Texts(language)
    shared = course_card(texts, course_view(ctx, stored, directory, texts), personal=False)
    card = with_refresh(shared, VIEW_VERB, viewers, reference=stored.reference)
    unit.send(
        OutgoingMessage(
            f"{card_key(stored.reference)}:v{len(stored.course.history)}:{now_key(unit.now)}",
            UpdateCopies(card_key(stored.reference)),
            Content(card=card),
            unit.now,
            language=language,
        )
    )


def now_key(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%f")
