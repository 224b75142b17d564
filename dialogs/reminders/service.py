"""What a reminder change does inside one unit of work: the rows, the outbox messages and the
audit entry commit together or not at all. Every change is checked with ``authorise`` (only
the reminder's creator may act) and every refusal is audited. Keys and repeats: see
``occurrences``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from cards.reminders import ReminderView
from domain.directory import Action, Directory, ReminderSubject, authorise
from domain.identity import PersonRef
from domain.reminders import SnoozeKind, When, snooze_until
from storage.audit import AuditEntry, DetailValue
from storage.reminders import NewReminder, Occurrence, Reminder, ReminderRepository
from storage.unit_of_work import UnitOfWork

from ..turn import Where
from .occurrences import (
    all_occurrences,
    occurrence_key,
    queue_occurrence,
    show_answered,
    view_of,
    withdraw_coming,
)

NOBODY: Final = Directory.of([])  # a reminder's rule needs no directory: only its owner acts


@dataclass(frozen=True)
class Refused:
    reason: str  # "not_owner" | "gone"


@dataclass(frozen=True)
class AlreadyAnswered:
    """The card was answered before (another click, another device): its state now."""

    reminder: Reminder
    occurrence: Occurrence | None


@dataclass(frozen=True)
class Changed:
    """The reminder after the change; ``occurrence`` is the answered one, if a card was."""

    reminder: Reminder
    occurrence: Occurrence | None = None
    next_at: datetime | None = None


Result = Refused | AlreadyAnswered | Changed


def _audit(
    unit: UnitOfWork, actor: PersonRef, action: str, reminder_id: int, **detail: DetailValue
) -> None:
    unit.audit.record(
        AuditEntry(unit.now, actor, action, "reminder", str(reminder_id), detail=detail)
    )


def create(unit: UnitOfWork, new: NewReminder) -> Reminder:
    reminders = unit.reminders
    reminder = reminders.add(new)
    queue_occurrence(unit, reminders, reminder, occurrence_key(reminder, new.first), new.first)
    _audit(
        unit,
        new.owner,
        "reminder.created",
        reminder.id,
        audience=new.audience,
        repeats=new.recurrence is not None,
        due=new.first.isoformat(),
    )
    return reminder


def _owned(
    unit: UnitOfWork, reminders: ReminderRepository, actor: PersonRef, reminder_id: int, action: str
) -> Reminder | Refused:
    reminder = reminders.get(reminder_id)
    if reminder is None:
        return Refused("gone")
    decision = authorise(
        actor, Action.MANAGE_REMINDER, ReminderSubject(str(reminder_id), reminder.owner), NOBODY
    )
    if not decision.allowed:
        unit.audit.record(
            AuditEntry(
                unit.now,
                actor,
                action,
                "reminder",
                str(reminder_id),
                f"refused:{decision.reason_code}",
            )
        )
        return Refused(decision.reason_code)
    return reminder


def current(
    unit: UnitOfWork, actor: PersonRef, reminder_id: int
) -> ReminderView | Refused | AlreadyAnswered:
    """The reminder as its owner may change it, at its next time."""
    reminders = unit.reminders
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.rescheduled")
    if isinstance(owned, Refused):
        return owned
    if not owned.active:
        return AlreadyAnswered(owned, None)
    return view_of(owned, reminders.coming([owned.id]).get(owned.id, owned.next_due_at))


def reschedule(unit: UnitOfWork, actor: PersonRef, reminder_id: int, when: When) -> Result:
    reminders = unit.reminders
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.rescheduled")
    if isinstance(owned, Refused):
        return owned
    if not owned.active:
        return AlreadyAnswered(owned, None)
    withdraw_coming(unit, reminders, owned.id)
    moved = reminders.reschedule(owned, when.first, when.recurrence)
    if moved is None:
        return AlreadyAnswered(owned, None)
    queue_occurrence(unit, reminders, moved, occurrence_key(moved, when.first), when.first)
    _audit(
        unit,
        actor,
        "reminder.rescheduled",
        owned.id,
        repeats=when.recurrence is not None,
        due=when.first.isoformat(),
    )
    return Changed(moved, next_at=when.first)


def cancel(unit: UnitOfWork, actor: PersonRef, reminder_id: int) -> Result:
    """Cancel from the set card or the list: no occurrence will come any more."""
    reminders = unit.reminders
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.cancelled")
    if isinstance(owned, Refused):
        return owned
    if not reminders.finish(owned.id, "cancelled"):
        return AlreadyAnswered(reminders.get(owned.id) or owned, None)
    withdrawn = withdraw_coming(unit, reminders, owned.id)
    withdrawn += unit.outbox.cancel(all_occurrences(owned.id))
    _audit(unit, actor, "reminder.cancelled", owned.id, withdrawn=withdrawn)
    return Changed(reminders.get(owned.id) or owned)


def _answerable(
    unit: UnitOfWork,
    reminders: ReminderRepository,
    actor: PersonRef,
    reminder_id: int,
    key: str,
    action: str,
) -> tuple[Reminder, Occurrence] | Result:
    owned = _owned(unit, reminders, actor, reminder_id, action)
    if isinstance(owned, Refused):
        return owned
    occurrence = reminders.occurrence(key)
    if occurrence is None or occurrence.reminder_id != owned.id:
        return Refused("gone")
    if occurrence.state != "pending" or not owned.active:
        return AlreadyAnswered(owned, occurrence)
    return owned, occurrence


def done(unit: UnitOfWork, actor: PersonRef, reminder_id: int, key: str) -> Result:
    reminders = unit.reminders
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.done")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    if not reminders.answer(occurrence.id, "done"):
        return AlreadyAnswered(reminder, reminders.occurrence(key))
    if reminder.recurrence is None:
        reminders.finish(reminder.id, "done")
    show_answered(unit, reminder, occurrence, "done")
    _audit(unit, actor, "reminder.done", reminder.id, occurrence=occurrence.id)
    return Changed(reminder, occurrence)


def snooze(
    unit: UnitOfWork, actor: PersonRef, reminder_id: int, key: str, kind: SnoozeKind
) -> Result:
    """The card fires once more at the snooze time: a new occurrence with a key of its own,
    one per card, so a second click (or a second device) never queues another."""
    reminders = unit.reminders
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.snoozed")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    until = snooze_until(kind, unit.now)
    if not reminders.answer(occurrence.id, "snoozed", snoozed_until=until):
        return AlreadyAnswered(reminder, reminders.occurrence(key))
    queue_occurrence(
        unit, reminders, reminder, f"reminder:{reminder.id}:snooze:{occurrence.id}", until
    )
    show_answered(unit, reminder, occurrence, "snoozed", until)
    _audit(
        unit,
        actor,
        "reminder.snoozed",
        reminder.id,
        occurrence=occurrence.id,
        kind=kind,
        due=until.isoformat(),
    )
    return Changed(reminder, occurrence, next_at=until)


def stop(unit: UnitOfWork, actor: PersonRef, reminder_id: int, key: str) -> Result:
    reminders = unit.reminders
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.stopped")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    if not reminders.finish(reminder.id, "stopped"):
        return AlreadyAnswered(reminders.get(reminder.id) or reminder, occurrence)
    reminders.answer(occurrence.id, "stopped")
    withdrawn = withdraw_coming(unit, reminders, reminder.id)
    withdrawn += unit.outbox.cancel(all_occurrences(reminder.id))
    show_answered(unit, reminder, occurrence, "stopped")
    _audit(
        unit, actor, "reminder.stopped", reminder.id, occurrence=occurrence.id, withdrawn=withdrawn
    )
    return Changed(reminders.get(reminder.id) or reminder, occurrence)


def coming_views(
    unit: UnitOfWork, owner: PersonRef, conversation_id: str | None
) -> list[ReminderView]:
    reminders = unit.reminders
    mine = reminders.of_owner(owner, conversation_id=conversation_id)
    coming = reminders.coming([r.id for r in mine])
    return [view_of(r, coming[r.id]) for r in mine if r.id in coming]


def coming_here(unit: UnitOfWork, owner: PersonRef, where: Where) -> list[ReminderView]:
    """One's coming reminders as a list in ``where`` shows them: in a group chat or channel
    only those posted there (one's personal ones stay out of a shared conversation)."""
    return coming_views(unit, owner, where.conversation_id if where.is_shared else None)
