"""What a reminder change does inside one unit of work: the rows, the outbox messages and the
audit entry commit together or not at all.

Dedupe keys (the outbox never queues a key twice, so no occurrence is ever sent twice):
- a scheduled occurrence: ``reminder:<id>:r<revision>:<UTC time>``; a changed time starts a new
  revision, so moving a reminder back to a time it once had still queues it;
- a snooze: ``reminder:<id>:snooze:<occurrence id>``: one per card, however often it is clicked;
- the answered state of a sent card: ``reminder-card:<occurrence key>`` (``UpdateCopies``), a
  prefix apart from the occurrences so cancelling them never withdraws it.

Repeats: an occurrence is queued when the reminder is set (or moved); the next one is queued by
the ``reminders.roll_forward`` job once the current one has come due (not when it is answered,
so an unanswered reminder keeps repeating). The job moves ``next_due_at`` with a conditional
update, and the key is the same whoever computes it, so two instances never queue it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from cards.answered import answered_card
from cards.reminders import ReminderView, answer_note, fired_card
from cards.texts import Texts
from domain.directory import Action, Directory, ReminderSubject, authorise
from domain.identity import PersonRef
from domain.messaging import Address, Content, ToConversation, ToPerson, UpdateCopies
from domain.reminders import SnoozeKind, When, following, snooze_until
from storage.audit import AuditEntry, AuditLog, DetailValue
from storage.outbox import OutgoingMessage
from storage.reminders import NewReminder, Occurrence, Reminder, Reminders
from storage.unit_of_work import UnitOfWork

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


def occurrence_key(reminder: Reminder, due: datetime) -> str:
    return f"reminder:{reminder.id}:r{reminder.revision}:{due.astimezone(UTC):%Y%m%dT%H%MZ}"


def all_occurrences(reminder_id: int) -> str:
    return f"reminder:{reminder_id}:"


def view_of(reminder: Reminder, at: datetime) -> ReminderView:
    return ReminderView(reminder.id, reminder.text, at, reminder.recurrence, reminder.audience)


def address_of(reminder: Reminder) -> Address:
    if reminder.audience == "us" and reminder.conversation_id:
        return ToConversation(reminder.owner.tenant_id, reminder.conversation_id)
    return ToPerson(reminder.owner)


def _audit(
    unit: UnitOfWork, actor: PersonRef, action: str, reminder_id: int, **detail: DetailValue
) -> None:
    AuditLog(unit.session).record(
        AuditEntry(unit.now, actor, action, "reminder", str(reminder_id), detail=detail)
    )


def _queue(
    unit: UnitOfWork, reminders: Reminders, reminder: Reminder, key: str, due: datetime
) -> bool:
    """Queue one occurrence (a person's own reminder: at its time, whatever the hour)."""
    texts = Texts(reminder.language)
    card = fired_card(texts, view_of(reminder, due), key, now=due)
    summary = f"{texts('reminders.fired_title')}: {reminder.text}"[:200]
    message = OutgoingMessage(
        dedupe_key=key,
        address=address_of(reminder),
        content=Content(text=summary, card=card),
        due_at=due,
        card_key=key,
        language=reminder.language,
    )
    if not unit.send(message):
        return False
    reminders.add_occurrence(reminder.id, key, due)
    return True


def _answered_copies(
    unit: UnitOfWork,
    reminder: Reminder,
    occurrence: Occurrence,
    state: str,
    until: datetime | None = None,
) -> None:
    """Every sent copy of the card shows its answered state (in a group chat, for everyone)."""
    texts = Texts(reminder.language)
    note = answer_note(texts, state, until=until, now=unit.now)
    card = fired_card(
        texts, view_of(reminder, occurrence.due_at), occurrence.key, now=occurrence.due_at
    )
    unit.send(
        OutgoingMessage(
            dedupe_key=f"reminder-card:{occurrence.key}",
            address=UpdateCopies(occurrence.key),
            content=Content(card=answered_card(card, {}, note)),
            due_at=unit.now,
            language=reminder.language,
        )
    )


def _withdraw_coming(unit: UnitOfWork, reminders: Reminders, reminder_id: int) -> None:
    for coming in reminders.still_to_come(reminder_id):
        unit.outbox.cancel(coming.key)
        reminders.answer(coming.id, "cancelled")


def create(unit: UnitOfWork, new: NewReminder) -> Reminder:
    reminders = Reminders(unit.session, unit.now)
    reminder = reminders.add(new)
    _queue(unit, reminders, reminder, occurrence_key(reminder, new.first), new.first)
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
    unit: UnitOfWork, reminders: Reminders, actor: PersonRef, reminder_id: int, action: str
) -> Reminder | Refused:
    reminder = reminders.get(reminder_id)
    if reminder is None:
        return Refused("gone")
    decision = authorise(
        actor, Action.MANAGE_REMINDER, ReminderSubject(str(reminder_id), reminder.owner), NOBODY
    )
    if not decision.allowed:
        AuditLog(unit.session).record(
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
    reminders = Reminders(unit.session, unit.now)
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.rescheduled")
    if isinstance(owned, Refused):
        return owned
    if not owned.active:
        return AlreadyAnswered(owned, None)
    return view_of(owned, reminders.coming([owned.id]).get(owned.id, owned.next_due_at))


def reschedule(unit: UnitOfWork, actor: PersonRef, reminder_id: int, when: When) -> Result:
    reminders = Reminders(unit.session, unit.now)
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.rescheduled")
    if isinstance(owned, Refused):
        return owned
    if not owned.active:
        return AlreadyAnswered(owned, None)
    _withdraw_coming(unit, reminders, owned.id)
    moved = reminders.reschedule(owned, when.first, when.recurrence)
    if moved is None:
        return AlreadyAnswered(owned, None)
    _queue(unit, reminders, moved, occurrence_key(moved, when.first), when.first)
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
    reminders = Reminders(unit.session, unit.now)
    owned = _owned(unit, reminders, actor, reminder_id, "reminder.cancelled")
    if isinstance(owned, Refused):
        return owned
    if not reminders.finish(owned.id, "cancelled"):
        return AlreadyAnswered(reminders.get(owned.id) or owned, None)
    _withdraw_coming(unit, reminders, owned.id)
    withdrawn = unit.outbox.cancel(all_occurrences(owned.id))
    _audit(unit, actor, "reminder.cancelled", owned.id, withdrawn=withdrawn)
    return Changed(reminders.get(owned.id) or owned)


def _answerable(
    unit: UnitOfWork,
    reminders: Reminders,
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
    reminders = Reminders(unit.session, unit.now)
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.done")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    if not reminders.answer(occurrence.id, "done"):
        return AlreadyAnswered(reminder, reminders.occurrence(key))
    if reminder.recurrence is None:
        reminders.finish(reminder.id, "done")
    _answered_copies(unit, reminder, occurrence, "done")
    _audit(unit, actor, "reminder.done", reminder.id, occurrence=occurrence.id)
    return Changed(reminder, occurrence)


def snooze(
    unit: UnitOfWork, actor: PersonRef, reminder_id: int, key: str, kind: SnoozeKind
) -> Result:
    """The card fires once more at the snooze time: a new occurrence with a key of its own,
    one per card, so a second click (or a second device) never queues another."""
    reminders = Reminders(unit.session, unit.now)
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.snoozed")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    until = snooze_until(kind, unit.now)
    if not reminders.answer(occurrence.id, "snoozed", snoozed_until=until):
        return AlreadyAnswered(reminder, reminders.occurrence(key))
    _queue(unit, reminders, reminder, f"reminder:{reminder.id}:snooze:{occurrence.id}", until)
    _answered_copies(unit, reminder, occurrence, "snoozed", until)
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
    reminders = Reminders(unit.session, unit.now)
    found = _answerable(unit, reminders, actor, reminder_id, key, "reminder.stopped")
    if not isinstance(found, tuple):
        return found
    reminder, occurrence = found
    if not reminders.finish(reminder.id, "stopped"):
        return AlreadyAnswered(reminders.get(reminder.id) or reminder, occurrence)
    reminders.answer(occurrence.id, "stopped")
    _withdraw_coming(unit, reminders, reminder.id)
    withdrawn = unit.outbox.cancel(all_occurrences(reminder.id))
    _answered_copies(unit, reminder, occurrence, "stopped")
    _audit(
        unit, actor, "reminder.stopped", reminder.id, occurrence=occurrence.id, withdrawn=withdrawn
    )
    return Changed(reminders.get(reminder.id) or reminder, occurrence)


def roll_forward(unit: UnitOfWork) -> int:
    """Queue the next occurrence of every repeat whose latest one has come due."""
    reminders = Reminders(unit.session, unit.now)
    queued = 0
    for reminder in reminders.repeats_due():
        if reminder.recurrence is None:
            continue
        due = following(reminder.recurrence, reminder.next_due_at, unit.now)
        if reminders.advance(reminder, due):
            queued += _queue(unit, reminders, reminder, occurrence_key(reminder, due), due)
    return queued


def coming_views(
    unit: UnitOfWork, owner: PersonRef, conversation_id: str | None
) -> list[ReminderView]:
    reminders = Reminders(unit.session, unit.now)
    mine = reminders.of_owner(owner, conversation_id=conversation_id)
    coming = reminders.coming([r.id for r in mine])
    return [view_of(r, coming[r.id]) for r in mine if r.id in coming]
