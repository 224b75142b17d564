"""A decided meeting's Outlook invitation (issue #22): what the calendar should show, and what it
shows so far. One row per poll, written in the same transaction as the decision (``want``);
the background job claims due rows, calls Graph outside any transaction, and records the outcome.

    pending ──(created / moved / cancelled)──▶ done ──(moved or cancelled again)──▶ pending
       └──(no consent, refused, out of retries)──▶ fallback: the .ics link is what people have

Claims are conditional updates (a lease on ``due_at``), so two processes never run the same row at
once; Graph itself finds an event created before by its transaction id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Column, Text, func, select, update
from sqlmodel import Field, Session, SQLModel, col

from .types import UtcDateTime

State = Literal["pending", "done", "fallback"]
MAX_ERROR: Final = 200


def _timestamp() -> Any:
    return Field(default=..., sa_column=Column(UtcDateTime(), nullable=False, index=True))


class OutlookEventRecord(SQLModel, table=True):
    __tablename__ = "outlook_events"

    poll_id: str = Field(primary_key=True, max_length=32)
    event_id: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    join_url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    wanted_sequence: int = Field(default=0)
    cancelled: bool = Field(default=False)
    done_sequence: int = Field(default=-1)
    state: str = Field(default="pending", max_length=12, index=True)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", max_length=MAX_ERROR)
    due_at: datetime = _timestamp()


@dataclass(frozen=True)
class OutlookEvent:
    """A poll's invitation: the meeting version wanted (``wanted_sequence``, ``cancelled``) and
    the version Outlook has (``done_sequence``; -1: nothing made yet)."""

    poll_id: str
    event_id: str | None
    join_url: str | None
    wanted_sequence: int
    cancelled: bool
    done_sequence: int
    state: State
    attempts: int
    last_error: str
    due_at: datetime


class OutlookEventRepository(Protocol):
    def want(self, poll_id: str, sequence: int, *, cancelled: bool, now: datetime) -> None:
        """Outlook should show the meeting's version ``sequence`` (or its cancellation)."""
        ...

    def get(self, poll_id: str) -> OutlookEvent | None: ...

    def due(self, now: datetime, limit: int = 20) -> list[str]:
        """Polls whose invitation waits for a Graph call, first due first."""
        ...

    def claim(self, poll_id: str, now: datetime, until: datetime) -> OutlookEvent | None:
        """The row, if it is due and nobody else claimed it; others see it due at ``until``."""
        ...

    def record(
        self, poll_id: str, sequence: int, event_id: str | None, join_url: str | None
    ) -> None:
        """Outlook now shows version ``sequence``; done unless a newer one is wanted meanwhile."""
        ...

    def retry(self, poll_id: str, attempts: int, at: datetime, error: str) -> None: ...

    def give_up(self, poll_id: str, error: str) -> None:
        """Graph cannot do it: the .ics link is what people have."""
        ...

    def next_due(self) -> datetime | None: ...

    def counts(self) -> dict[str, int]: ...


def _event(record: OutlookEventRecord) -> OutlookEvent:
    state: State = record.state  # type: ignore[assignment]
    return OutlookEvent(
        record.poll_id,
        record.event_id,
        record.join_url,
        record.wanted_sequence,
        record.cancelled,
        record.done_sequence,
        state,
        record.attempts,
        record.last_error,
        record.due_at,
    )


class OutlookEvents:
    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now

    def _record(self, poll_id: str) -> OutlookEventRecord | None:
        return self._session.get(OutlookEventRecord, poll_id)

    def want(self, poll_id: str, sequence: int, *, cancelled: bool, now: datetime) -> None:
        record = self._record(poll_id)
        if record is None:
            self._session.add(
                OutlookEventRecord(
                    poll_id=poll_id, wanted_sequence=sequence, cancelled=cancelled, due_at=now
                )
            )
            self._session.flush()
            return
        record.wanted_sequence = sequence
        record.cancelled = cancelled
        if record.state == "fallback" and record.event_id is None:
            return  # no Outlook event exists: the .ics link carries the change
        record.state = "pending"
        record.attempts = 0
        record.due_at = now
        self._session.add(record)
        self._session.flush()

    def get(self, poll_id: str) -> OutlookEvent | None:
        record = self._record(poll_id)
        return _event(record) if record is not None else None

    def due(self, now: datetime, limit: int = 20) -> list[str]:
        rows = self._session.execute(
            select(OutlookEventRecord.poll_id)  # type: ignore[call-overload]
            .where(col(OutlookEventRecord.state) == "pending")
            .where(col(OutlookEventRecord.due_at) <= now)
            .order_by(col(OutlookEventRecord.due_at))
            .limit(limit)
        )
        return [str(poll_id) for (poll_id,) in rows]

    def claim(self, poll_id: str, now: datetime, until: datetime) -> OutlookEvent | None:
        claimed = self._session.execute(
            update(OutlookEventRecord)
            .where(col(OutlookEventRecord.poll_id) == poll_id)
            .where(col(OutlookEventRecord.state) == "pending")
            .where(col(OutlookEventRecord.due_at) <= now)
            .values(due_at=until)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return None
        self._session.expire_all()
        return self.get(poll_id)

    def record(
        self, poll_id: str, sequence: int, event_id: str | None, join_url: str | None
    ) -> None:
        record = self._record(poll_id)
        if record is None:
            return
        record.done_sequence = sequence
        record.event_id = event_id
        record.join_url = join_url or record.join_url
        record.attempts = 0
        record.last_error = ""
        if record.wanted_sequence == sequence:
            record.state = "done"
        else:
            record.due_at = self._now  # moved again meanwhile: straight on
        self._session.add(record)

    def retry(self, poll_id: str, attempts: int, at: datetime, error: str) -> None:
        record = self._record(poll_id)
        if record is None:
            return
        record.attempts = attempts
        record.due_at = at
        record.last_error = error[:MAX_ERROR]
        self._session.add(record)

    def give_up(self, poll_id: str, error: str) -> None:
        record = self._record(poll_id)
        if record is None:
            return
        record.state = "fallback"
        record.last_error = error[:MAX_ERROR]
        self._session.add(record)

    def next_due(self) -> datetime | None:
        found = self._session.execute(
            select(func.min(OutlookEventRecord.due_at)).where(
                col(OutlookEventRecord.state) == "pending"
            )
        ).scalar()
        return found if isinstance(found, datetime) else None

    def counts(self) -> dict[str, int]:
        rows = self._session.execute(
            select(OutlookEventRecord.state, func.count()).group_by(col(OutlookEventRecord.state))  # type: ignore[call-overload]
        )
        return {str(state): int(count) for state, count in rows}

    def troubles(self, limit: int = 50) -> list[OutlookEvent]:
        """Invitations Graph could not make (the .ics link stands in) or is still retrying."""
        rows = self._session.execute(
            select(OutlookEventRecord)
            .where(
                (col(OutlookEventRecord.state) == "fallback")
                | (col(OutlookEventRecord.attempts) > 0)
            )
            .order_by(col(OutlookEventRecord.due_at).desc())
            .limit(limit)
        )
        return [_event(record) for (record,) in rows]
