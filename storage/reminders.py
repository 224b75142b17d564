"""Reminders ("påmind mig …") as rows, so they survive restarts, and their occurrences.

A reminder says who asked, where it is posted, what about and when (once, or a weekly rule).
Each occurrence is one card queued in the outbox under its own dedupe key, and one row here
remembering how its card was answered (done, snoozed, stopped), so a second click on the same
card is recognised. Every change is a conditional update: of two clicks (or two instances) at
the same moment exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Column, Index, func, select, update
from sqlmodel import Field, Session, SQLModel, col

from domain.identity import PersonRef
from domain.privacy import contains_cpr
from domain.timeparse import Recurrence

from .types import UtcDateTime

MAX_TEXT: Final = 500

ReminderStatus = Literal["active", "done", "cancelled", "stopped"]
OccurrenceState = Literal["pending", "done", "snoozed", "stopped", "cancelled"]


def _timestamp(*, nullable: bool = False) -> Any:
    return Field(
        default=None if nullable else ..., sa_column=Column(UtcDateTime(), nullable=nullable)
    )


class ReminderRecord(SQLModel, table=True):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_owner", "owner_tenant_id", "owner_aad_object_id"),
        Index("ix_reminders_status_next_due_at", "status", "next_due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_tenant_id: str = Field(max_length=64)
    owner_aad_object_id: str = Field(max_length=64)
    audience: str = Field(max_length=8)  # "me": the owner's personal chat; "us": a conversation
    conversation_id: str | None = Field(default=None, max_length=400)
    text: str = Field(max_length=MAX_TEXT)
    language: str = Field(max_length=8)
    rule: str | None = Field(default=None, max_length=120)  # RRULE of Recurrence.to_rule
    revision: int = Field(default=0)  # a changed time starts a new series of dedupe keys
    next_due_at: datetime = _timestamp()  # the one-off's time, or the repeat's latest queued
    status: str = Field(max_length=12)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class ReminderOccurrenceRecord(SQLModel, table=True):
    __tablename__ = "reminder_occurrences"

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(foreign_key="reminders.id", index=True)
    key: str = Field(max_length=200, unique=True)  # its outbox dedupe key and card key
    due_at: datetime = _timestamp()
    state: str = Field(max_length=12)
    snoozed_until: datetime | None = _timestamp(nullable=True)
    answered_at: datetime | None = _timestamp(nullable=True)
    created_at: datetime = _timestamp()


@dataclass(frozen=True)
class Reminder:
    id: int
    owner: PersonRef
    audience: str
    conversation_id: str | None
    text: str
    language: str
    recurrence: Recurrence | None
    revision: int
    next_due_at: datetime
    status: str

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class Occurrence:
    id: int
    reminder_id: int
    key: str
    due_at: datetime
    state: str
    snoozed_until: datetime | None


@dataclass(frozen=True)
class NewReminder:
    owner: PersonRef
    audience: str
    conversation_id: str | None
    text: str
    language: str
    first: datetime
    recurrence: Recurrence | None


def _id(record: ReminderRecord | ReminderOccurrenceRecord) -> int:
    if record.id is None:
        raise ValueError("a row without id: flush before reading it")
    return record.id


def _reminder(record: ReminderRecord) -> Reminder:
    return Reminder(
        id=_id(record),
        owner=PersonRef(record.owner_tenant_id, record.owner_aad_object_id),
        audience=record.audience,
        conversation_id=record.conversation_id,
        text=record.text,
        language=record.language,
        recurrence=Recurrence.from_rule(record.rule) if record.rule else None,
        revision=record.revision,
        next_due_at=record.next_due_at,
        status=record.status,
    )


def _occurrence(record: ReminderOccurrenceRecord) -> Occurrence:
    return Occurrence(
        _id(record),
        record.reminder_id,
        record.key,
        record.due_at,
        record.state,
        record.snoozed_until,
    )


def _changed(result: Any) -> bool:
    return int(getattr(result, "rowcount", 0) or 0) == 1


class ReminderRepository(Protocol):
    """Reminders and their occurrences, as a unit of work changes them."""

    def add(self, new: NewReminder) -> Reminder: ...

    def get(self, reminder_id: int) -> Reminder | None: ...

    def of_owner(
        self, owner: PersonRef, *, conversation_id: str | None = None
    ) -> list[Reminder]: ...

    def repeats_due(self, limit: int = 500) -> list[Reminder]: ...

    def advance(self, reminder: Reminder, next_due_at: datetime) -> bool: ...

    def reschedule(
        self, reminder: Reminder, first: datetime, recurrence: Recurrence | None
    ) -> Reminder | None: ...

    def finish(self, reminder_id: int, status: ReminderStatus) -> bool: ...

    def add_occurrence(self, reminder_id: int, key: str, due_at: datetime) -> Occurrence: ...

    def occurrence(self, key: str) -> Occurrence | None: ...

    def coming(self, reminder_ids: list[int]) -> dict[int, datetime]: ...

    def still_to_come(self, reminder_id: int) -> list[Occurrence]: ...

    def answer(
        self, occurrence_id: int, state: OccurrenceState, *, snoozed_until: datetime | None = None
    ) -> bool: ...


class Reminders:
    """The reminders, bound to the caller's unit of work (which commits)."""

    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now

    def add(self, new: NewReminder) -> Reminder:
        """Store a reminder; its text must be CPR-free (the edge redacts; this refuses)."""
        if contains_cpr(new.text) or not new.text.strip() or len(new.text) > MAX_TEXT:
            raise ValueError("a reminder's text must be 1-500 characters without a CPR number")
        record = ReminderRecord(
            owner_tenant_id=new.owner.tenant_id,
            owner_aad_object_id=new.owner.aad_object_id,
            audience=new.audience,
            conversation_id=new.conversation_id,
            text=new.text,
            language=new.language,
            rule=new.recurrence.to_rule() if new.recurrence else None,
            next_due_at=new.first,
            status="active",
            created_at=self._now,
            updated_at=self._now,
        )
        self._session.add(record)
        self._session.flush()
        return _reminder(record)

    def get(self, reminder_id: int) -> Reminder | None:
        record = self._session.get(ReminderRecord, reminder_id)
        return _reminder(record) if record is not None else None

    def of_owner(self, owner: PersonRef, *, conversation_id: str | None = None) -> list[Reminder]:
        """The owner's active reminders (only those posted in ``conversation_id``, if given)."""
        query = select(ReminderRecord).where(
            col(ReminderRecord.owner_tenant_id) == owner.tenant_id,
            col(ReminderRecord.owner_aad_object_id) == owner.aad_object_id,
            col(ReminderRecord.status) == "active",
        )
        if conversation_id is not None:
            query = query.where(col(ReminderRecord.conversation_id) == conversation_id)
        return [_reminder(r) for r in self._session.scalars(query.order_by(col(ReminderRecord.id)))]

    def repeats_due(self, limit: int = 500) -> list[Reminder]:
        """Active repeats whose latest queued occurrence has come: the next one is to queue."""
        query = (
            select(ReminderRecord)
            .where(
                col(ReminderRecord.status) == "active",
                col(ReminderRecord.next_due_at) <= self._now,
                col(ReminderRecord.rule).is_not(None),
            )
            .order_by(col(ReminderRecord.next_due_at))
            .limit(limit)
        )
        return [_reminder(r) for r in self._session.scalars(query)]

    def next_repeat_due(self) -> datetime | None:
        """When the soonest active repeat's latest occurrence comes (the roll-forward is due)."""
        return self._session.scalar(
            select(func.min(ReminderRecord.next_due_at)).where(
                col(ReminderRecord.status) == "active", col(ReminderRecord.rule).is_not(None)
            )
        )

    def advance(self, reminder: Reminder, next_due_at: datetime) -> bool:
        """Move a repeat on to its next occurrence; False if someone else already did."""
        return _changed(
            self._session.execute(
                update(ReminderRecord)
                .where(
                    col(ReminderRecord.id) == reminder.id,
                    col(ReminderRecord.status) == "active",
                    col(ReminderRecord.next_due_at) == reminder.next_due_at,
                    col(ReminderRecord.revision) == reminder.revision,
                )
                .values(next_due_at=next_due_at, updated_at=self._now)
            )
        )

    def reschedule(
        self, reminder: Reminder, first: datetime, recurrence: Recurrence | None
    ) -> Reminder | None:
        """A new time (and rule): a new revision; None if the reminder changed meanwhile."""
        changed = _changed(
            self._session.execute(
                update(ReminderRecord)
                .where(
                    col(ReminderRecord.id) == reminder.id,
                    col(ReminderRecord.status) == "active",
                    col(ReminderRecord.revision) == reminder.revision,
                )
                .values(
                    next_due_at=first,
                    rule=recurrence.to_rule() if recurrence else None,
                    revision=reminder.revision + 1,
                    updated_at=self._now,
                )
            )
        )
        return self.get(reminder.id) if changed else None

    def finish(self, reminder_id: int, status: ReminderStatus) -> bool:
        """Done, cancelled or stopped; False if it was no longer active."""
        return _changed(
            self._session.execute(
                update(ReminderRecord)
                .where(
                    col(ReminderRecord.id) == reminder_id, col(ReminderRecord.status) == "active"
                )
                .values(status=status, updated_at=self._now)
            )
        )

    # Occurrences ------------------------------------------------------------------------------
    def add_occurrence(self, reminder_id: int, key: str, due_at: datetime) -> Occurrence:
        record = ReminderOccurrenceRecord(
            reminder_id=reminder_id, key=key, due_at=due_at, state="pending", created_at=self._now
        )
        self._session.add(record)
        self._session.flush()
        return _occurrence(record)

    def occurrence(self, key: str) -> Occurrence | None:
        record = self._session.scalars(
            select(ReminderOccurrenceRecord).where(col(ReminderOccurrenceRecord.key) == key)
        ).first()
        return _occurrence(record) if record is not None else None

    def coming(self, reminder_ids: list[int]) -> dict[int, datetime]:
        """The next time each reminder fires (its earliest pending occurrence still to come)."""
        if not reminder_ids:
            return {}
        rows = self._session.execute(
            select(col(ReminderOccurrenceRecord.reminder_id), col(ReminderOccurrenceRecord.due_at))
            .where(
                col(ReminderOccurrenceRecord.reminder_id).in_(reminder_ids),
                col(ReminderOccurrenceRecord.state) == "pending",
                col(ReminderOccurrenceRecord.due_at) > self._now,
            )
            .order_by(col(ReminderOccurrenceRecord.due_at))
        ).all()
        coming: dict[int, datetime] = {}
        for reminder_id, due_at in rows:
            coming.setdefault(int(reminder_id), due_at)
        return coming

    def still_to_come(self, reminder_id: int) -> list[Occurrence]:
        """Pending occurrences not yet due: what a changed time or a cancellation withdraws."""
        query = select(ReminderOccurrenceRecord).where(
            col(ReminderOccurrenceRecord.reminder_id) == reminder_id,
            col(ReminderOccurrenceRecord.state) == "pending",
            col(ReminderOccurrenceRecord.due_at) > self._now,
        )
        return [_occurrence(r) for r in self._session.scalars(query)]

    def answer(
        self, occurrence_id: int, state: OccurrenceState, *, snoozed_until: datetime | None = None
    ) -> bool:
        """Record how a pending occurrence was answered; False if it was answered already."""
        return _changed(
            self._session.execute(
                update(ReminderOccurrenceRecord)
                .where(
                    col(ReminderOccurrenceRecord.id) == occurrence_id,
                    col(ReminderOccurrenceRecord.state) == "pending",
                )
                .values(state=state, snoozed_until=snoozed_until, answered_at=self._now)
            )
        )
