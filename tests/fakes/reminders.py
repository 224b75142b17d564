"""A fake of ``storage.reminders.Reminders``: reminders and occurrences in dicts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from domain.clock import Clock
from domain.identity import PersonRef
from domain.privacy import contains_cpr
from domain.timeparse import Recurrence
from storage.reminders import (
    MAX_TEXT,
    NewReminder,
    Occurrence,
    OccurrenceState,
    Reminder,
    ReminderStatus,
)


@dataclass
class FakeReminders:
    clock: Clock
    reminders: dict[int, Reminder] = field(default_factory=dict)
    occurrences: dict[int, Occurrence] = field(default_factory=dict)

    def add(self, new: NewReminder) -> Reminder:
        if contains_cpr(new.text) or not new.text.strip() or len(new.text) > MAX_TEXT:
            raise ValueError("a reminder's text must be 1-500 characters without a CPR number")
        reminder = Reminder(
            id=len(self.reminders) + 1,
            owner=new.owner,
            audience=new.audience,
            conversation_id=new.conversation_id,
            text=new.text,
            language=new.language,
            recurrence=new.recurrence,
            revision=0,
            next_due_at=new.first,
            status="active",
        )
        self.reminders[reminder.id] = reminder
        return reminder

    def get(self, reminder_id: int) -> Reminder | None:
        return self.reminders.get(reminder_id)

    def of_owner(self, owner: PersonRef, *, conversation_id: str | None = None) -> list[Reminder]:
        return [
            r
            for r in self.reminders.values()
            if r.owner == owner
            and r.active
            and (conversation_id is None or r.conversation_id == conversation_id)
        ]

    def repeats_due(self, limit: int = 500) -> list[Reminder]:
        due = [
            r
            for r in self.reminders.values()
            if r.active and r.recurrence is not None and r.next_due_at <= self.clock.now()
        ]
        return sorted(due, key=lambda r: r.next_due_at)[:limit]

    def advance(self, reminder: Reminder, next_due_at: datetime) -> bool:
        current = self.reminders.get(reminder.id)
        if (
            current is None
            or not current.active
            or current.next_due_at != reminder.next_due_at
            or current.revision != reminder.revision
        ):
            return False
        self.reminders[reminder.id] = replace(current, next_due_at=next_due_at)
        return True

    def reschedule(
        self, reminder: Reminder, first: datetime, recurrence: Recurrence | None
    ) -> Reminder | None:
        current = self.reminders.get(reminder.id)
        if current is None or not current.active or current.revision != reminder.revision:
            return None
        moved = replace(
            current, next_due_at=first, recurrence=recurrence, revision=current.revision + 1
        )
        self.reminders[reminder.id] = moved
        return moved

    def finish(self, reminder_id: int, status: ReminderStatus) -> bool:
        current = self.reminders.get(reminder_id)
        if current is None or not current.active:
            return False
        self.reminders[reminder_id] = replace(current, status=status)
        return True

    def add_occurrence(self, reminder_id: int, key: str, due_at: datetime) -> Occurrence:
        if any(o.key == key for o in self.occurrences.values()):
            raise ValueError(f"occurrence {key} exists")  # the real table's key is unique
        occurrence = Occurrence(
            len(self.occurrences) + 1, reminder_id, key, due_at, "pending", None
        )
        self.occurrences[occurrence.id] = occurrence
        return occurrence

    def occurrence(self, key: str) -> Occurrence | None:
        return next((o for o in self.occurrences.values() if o.key == key), None)

    def coming(self, reminder_ids: list[int]) -> dict[int, datetime]:
        coming: dict[int, datetime] = {}
        pending = sorted(
            (
                o
                for o in self.occurrences.values()
                if o.state == "pending" and o.due_at > self.clock.now()
            ),
            key=lambda o: o.due_at,
        )
        for occurrence in pending:
            if occurrence.reminder_id in reminder_ids:
                coming.setdefault(occurrence.reminder_id, occurrence.due_at)
        return coming

    def still_to_come(self, reminder_id: int) -> list[Occurrence]:
        return [
            o
            for o in self.occurrences.values()
            if o.reminder_id == reminder_id and o.state == "pending" and o.due_at > self.clock.now()
        ]

    def answer(
        self, occurrence_id: int, state: OccurrenceState, *, snoozed_until: datetime | None = None
    ) -> bool:
        current = self.occurrences.get(occurrence_id)
        if current is None or current.state != "pending":
            return False
        self.occurrences[occurrence_id] = replace(current, state=state, snoozed_until=snoozed_until)
        return True
