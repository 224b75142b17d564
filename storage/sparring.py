"""Sparring threads and every message in them, with the one race that matters: two coordinators
claiming at the same moment. The claim is a conditional UPDATE (``WHERE status IN ('new',
'forwarded')``), so exactly one wins on either database. Bound to the caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, Text, and_, func, or_, select, update
from sqlmodel import Field, Session, SQLModel, col

from domain.identity import PersonRef
from domain.sparring import UNCLAIMED_STATUSES, Proposal, Status, ThreadTimes, Urgency

from .types import UtcDateTime, redacted_name


def _moment(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable, index=index))


class SparringThreadRecord(SQLModel, table=True):
    __tablename__ = "sparring_threads"

    id: int | None = Field(default=None, primary_key=True)
    asker_tenant_id: str = Field(max_length=64)
    asker_aad_object_id: str = Field(max_length=64, index=True)
    asker_name: str = redacted_name(200)
    organisation_id: str = Field(max_length=40, index=True)  # the pool it is with now
    origin_organisation_id: str = Field(max_length=40)  # the pool it was first sent to
    question: str = Field(sa_column=Column(Text, nullable=False))
    case_reference: str | None = Field(default=None, max_length=20)
    sectors: str = Field(default="", max_length=40)  # "region,kommune"
    urgency: str = Field(default=Urgency.NORMAL.value, max_length=10)
    screening_id: str | None = Field(default=None, max_length=32)
    screening_verdict: str | None = Field(default=None, max_length=32)
    screening_level: int | None = Field(default=None)
    status: str = Field(default=Status.NEW.value, max_length=12, index=True)
    claimer_tenant_id: str | None = Field(default=None, max_length=64)
    claimer_aad_object_id: str | None = Field(default=None, max_length=64, index=True)
    claimer_name: str = redacted_name(200)
    proposal: str | None = Field(default=None, max_length=10)
    asked_at: datetime = _moment(index=True)
    claimed_at: datetime | None = _moment(nullable=True)
    first_answer_at: datetime | None = _moment(nullable=True)
    closed_at: datetime | None = _moment(nullable=True)
    updated_at: datetime = _moment()


class SparringMessageRecord(SQLModel, table=True):
    __tablename__ = "sparring_messages"

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("sparring_threads.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    author_tenant_id: str = Field(max_length=64)
    author_aad_object_id: str = Field(max_length=64)
    kind: str = Field(max_length=20)  # question, answer, follow_up, forward_note, decline_reason…
    text: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = _moment()


@dataclass(frozen=True)
class Thread:
    id: int
    asker: PersonRef
    asker_name: str
    organisation_id: str
    origin_organisation_id: str
    question: str
    case_reference: str | None
    sectors: tuple[str, ...]
    urgency: Urgency
    screening_verdict: str | None
    screening_level: int | None
    status: Status
    claimer: PersonRef | None
    claimer_name: str
    proposal: Proposal | None
    asked_at: datetime
    claimed_at: datetime | None

    @property
    def card_key(self) -> str:
        return f"sparring:{self.id}"


@dataclass(frozen=True)
class NewThread:
    asker: PersonRef
    asker_name: str
    organisation_id: str
    origin_organisation_id: str
    question: str
    case_reference: str | None
    sectors: tuple[str, ...]
    urgency: Urgency
    screening_id: str | None = None
    screening_verdict: str | None = None
    screening_level: int | None = None


@dataclass(frozen=True)
class Message:
    author: PersonRef
    kind: str
    text: str
    at: datetime


def _thread(r: SparringThreadRecord) -> Thread:
    assert r.id is not None  # noqa: S101 - read from the table
    claimer = (
        PersonRef(r.claimer_tenant_id, r.claimer_aad_object_id)
        if r.claimer_tenant_id and r.claimer_aad_object_id
        else None
    )
    return Thread(
        r.id,
        PersonRef(r.asker_tenant_id, r.asker_aad_object_id),
        r.asker_name,
        r.organisation_id,
        r.origin_organisation_id,
        r.question,
        r.case_reference,
        tuple(s for s in r.sectors.split(",") if s),
        Urgency(r.urgency),
        r.screening_verdict,
        r.screening_level,
        Status(r.status),
        claimer,
        r.claimer_name,
        Proposal(r.proposal) if r.proposal else None,
        r.asked_at,
        r.claimed_at,
    )


class SparringThreads:
    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now

    def create(self, new: NewThread) -> Thread:
        record = SparringThreadRecord(
            asker_tenant_id=new.asker.tenant_id,
            asker_aad_object_id=new.asker.aad_object_id,
            asker_name=new.asker_name[:200],
            organisation_id=new.organisation_id,
            origin_organisation_id=new.origin_organisation_id,
            question=new.question,
            case_reference=new.case_reference,
            sectors=",".join(new.sectors),
            urgency=new.urgency.value,
            screening_id=new.screening_id,
            screening_verdict=new.screening_verdict,
            screening_level=new.screening_level,
            asked_at=self._now,
            updated_at=self._now,
        )
        self._session.add(record)
        self._session.flush()
        assert record.id is not None  # noqa: S101 - just flushed
        self.add_message(record.id, new.asker, "question", new.question)
        return _thread(record)

    def get(self, thread_id: int) -> Thread | None:
        record = self._session.get(SparringThreadRecord, thread_id)
        if record is not None:
            self._session.refresh(record)
        return _thread(record) if record is not None else None

    def claim(self, thread_id: int, claimer: PersonRef, name: str) -> bool:
        """True for exactly one of several claimers: the row changes only while unclaimed."""
        result = self._session.execute(
            update(SparringThreadRecord)
            .where(
                col(SparringThreadRecord.id) == thread_id,
                col(SparringThreadRecord.status).in_([s.value for s in UNCLAIMED_STATUSES]),
            )
            .values(
                status=Status.CLAIMED.value,
                claimer_tenant_id=claimer.tenant_id,
                claimer_aad_object_id=claimer.aad_object_id,
                claimer_name=name[:200],
                claimed_at=self._now,
                updated_at=self._now,
            )
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def answered(self, thread_id: int) -> None:
        """Mark the thread answered; the time of its first answer is kept once set."""
        self._session.execute(
            update(SparringThreadRecord)
            .where(col(SparringThreadRecord.id) == thread_id)
            .values(
                status=Status.ANSWERED.value,
                first_answer_at=func.coalesce(col(SparringThreadRecord.first_answer_at), self._now),
                updated_at=self._now,
            )
        )

    def change(self, thread_id: int, **values: Any) -> None:
        record = self._session.get(SparringThreadRecord, thread_id)
        if record is None:
            raise LookupError(f"no sparring thread {thread_id}")
        for name, value in values.items():
            setattr(record, name, value)
        record.updated_at = self._now
        self._session.add(record)
        self._session.flush()

    def add_message(self, thread_id: int, author: PersonRef, kind: str, text: str) -> None:
        self._session.add(
            SparringMessageRecord(
                thread_id=thread_id,
                author_tenant_id=author.tenant_id,
                author_aad_object_id=author.aad_object_id,
                kind=kind,
                text=text,
                at=self._now,
            )
        )
        self._session.flush()

    def messages(self, thread_id: int) -> list[Message]:
        rows = self._session.scalars(
            select(SparringMessageRecord)
            .where(col(SparringMessageRecord.thread_id) == thread_id)
            .order_by(col(SparringMessageRecord.at), col(SparringMessageRecord.id))
        )
        return [
            Message(PersonRef(r.author_tenant_id, r.author_aad_object_id), r.kind, r.text, r.at)
            for r in rows
        ]

    def asked_by(self, asker: PersonRef, limit: int = 20) -> list[Thread]:
        rows = self._session.scalars(
            select(SparringThreadRecord)
            .where(
                col(SparringThreadRecord.asker_tenant_id) == asker.tenant_id,
                col(SparringThreadRecord.asker_aad_object_id) == asker.aad_object_id,
            )
            .order_by(col(SparringThreadRecord.asked_at).desc(), col(SparringThreadRecord.id))
            .limit(limit)
        )
        return [_thread(r) for r in rows]

    def inbox(self, organisation_ids: Sequence[str], me: PersonRef) -> list[Thread]:
        """Open requests of these pools not yet claimed, and those ``me`` claimed; oldest first."""
        unclaimed = and_(
            col(SparringThreadRecord.organisation_id).in_(list(organisation_ids)),
            col(SparringThreadRecord.status).in_([s.value for s in UNCLAIMED_STATUSES]),
        )
        mine = and_(
            col(SparringThreadRecord.claimer_tenant_id) == me.tenant_id,
            col(SparringThreadRecord.claimer_aad_object_id) == me.aad_object_id,
            col(SparringThreadRecord.status).in_([Status.CLAIMED.value, Status.ANSWERED.value]),
        )
        rows = self._session.scalars(
            select(SparringThreadRecord)
            .where(or_(unclaimed, mine))
            .order_by(col(SparringThreadRecord.asked_at), col(SparringThreadRecord.id))
        )
        return [_thread(r) for r in rows]

    def times(self, since: datetime | None = None) -> list[ThreadTimes]:
        query = select(
            col(SparringThreadRecord.origin_organisation_id),
            col(SparringThreadRecord.asked_at),
            col(SparringThreadRecord.claimed_at),
            col(SparringThreadRecord.first_answer_at),
        )
        if since is not None:
            query = query.where(col(SparringThreadRecord.asked_at) >= since)
        return [ThreadTimes(*row) for row in self._session.execute(query)]
