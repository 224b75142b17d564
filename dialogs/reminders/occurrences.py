"""An occurrence of a reminder: its dedupe key, the card queued for it in the outbox, the
answered card that replaces every sent copy, and rolling a repeat forward.

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

from datetime import UTC, datetime

from cards.answered import answered_card
from cards.reminders import ReminderView, answer_note, fired_card
from cards.texts import Texts
from domain.messaging import Address, Content, ToConversation, ToPerson, UpdateCopies
from domain.reminders import following
from storage.outbox import OutgoingMessage
from storage.reminders import Occurrence, Reminder, ReminderRepository
from storage.unit_of_work import UnitOfWork


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


def queue_occurrence(
    unit: UnitOfWork, reminders: ReminderRepository, reminder: Reminder, key: str, due: datetime
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


def show_answered(
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


def withdraw_coming(unit: UnitOfWork, reminders: ReminderRepository, reminder_id: int) -> int:
    """Cancel the occurrences still to come; returns how many queued messages were withdrawn."""
    withdrawn = 0
    for coming in reminders.still_to_come(reminder_id):
        withdrawn += unit.outbox.cancel(coming.key)
        reminders.answer(coming.id, "cancelled")
    return withdrawn


def roll_forward(unit: UnitOfWork) -> int:
    """Queue the next occurrence of every repeat whose latest one has come due."""
    reminders = unit.reminders
    queued = 0
    for reminder in reminders.repeats_due():
        if reminder.recurrence is None:
            continue
        due = following(reminder.recurrence, reminder.next_due_at, unit.now)
        if reminders.advance(reminder, due):
            queued += queue_occurrence(
                unit, reminders, reminder, occurrence_key(reminder, due), due
            )
    return queued
