"""Sparring threads and every message in them; the rules of a thread are in
``domain.sparring.thread``, this only loads and stores.

The race that matters, two coordinators claiming at the same moment, is held twice: a change loads
the thread with its row lock (``get(for_update=True)``), so the second claimer sees the first's
claim; and ``save`` is a conditional UPDATE over the version the change was made from, so a change
from a stale read is never stored. Exactly one claim wins on either database. Bound to the caller's
session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Column, ForeignKey, Integer, Text, and_, or_, select, update
from sqlmodel import Field, Session, SQLModel, col

from domain.identity import PersonRef
from domain.sparring import (
    UNCLAIMED_STATUSES,
    NewThread,
    Proposal,
    Status,
    Thread,
    ThreadTimes,
    Urgency,
)

from .models import ScreeningRecord
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
    version: int = Field(default=1)  # one higher with every stored change


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
class Message:
    author: PersonRef
    kind: str
    text: str
    at: datetime


@dataclass(frozen=True)
class AttachedScreening:
    """A screening as a question can carry it: whose it is, and its result."""

    id: str
    teams_user_id: str
    verdict: str
    level: int | None


class SparringThreadRepository(Protocol):
    """Threads and their messages, as the sparring dialogs use them."""

    def create(self, new: NewThread) -> Thread: ...

    def get(self, thread_id: int, *, for_update: bool = False) -> Thread | None: ...

    def save(self, thread: Thread) -> bool: ...

    def add_message(self, thread_id: int, author: PersonRef, kind: str, text: str) -> int: ...

    def asked_by(self, asker: PersonRef, limit: int = 20) -> list[Thread]: ...

    def inbox(self, organisation_ids: Sequence[str], me: PersonRef) -> list[Thread]: ...

    def screening(self, screening_id: str) -> AttachedScreening | None: ...


def _thread(r: SparringThreadRecord) -> Thread:
    assert r.id is not None  # noqa: S101 - read from the table
    claimer = (
        PersonRef(r.claimer_tenant_id, r.claimer_aad_object_id)
        if r.claimer_tenant_id and r.claimer_aad_object_id
        else None
    )
    return Thread(
        id=r.id,
        asker=PersonRef(r.asker_tenant_id, r.asker_aad_object_id),
        asker_name=r.asker_name,
        organisation_id=r.organisation_id,
        origin_organisation_id=r.origin_organisation_id,
        question=r.question,
        case_reference=r.case_reference,
        sectors=tuple(s for s in r.sectors.split(",") if s),
        urgency=Urgency(r.urgency),
        asked_at=r.asked_at,
        screening_id=r.screening_id,
        screening_verdict=r.screening_verdict,
        screening_level=r.screening_level,
        status=Status(r.status),
        claimer=claimer,
        claimer_name=r.claimer_name,
        proposal=Proposal(r.proposal) if r.proposal else None,
        claimed_at=r.claimed_at,
        first_answer_at=r.first_answer_at,
        closed_at=r.closed_at,
        version=r.version,
    )


def _changeable(thread: Thread) -> dict[str, Any]:
    """The columns a move may change (``domain.sparring.thread``)."""
    return {
        "organisation_id": thread.organisation_id,
        "status": thread.status.value,
        "claimer_tenant_id": thread.claimer.tenant_id if thread.claimer else None,
        "claimer_aad_object_id": thread.claimer.aad_object_id if thread.claimer else None,
        "claimer_name": thread.claimer_name[:200],
        "proposal": thread.proposal.value if thread.proposal else None,
        "claimed_at": thread.claimed_at,
        "first_answer_at": thread.first_answer_at,
        "closed_at": thread.closed_at,
        "version": thread.version,
    }


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

    def get(self, thread_id: int, *, for_update: bool = False) -> Thread | None:
        """The thread as committed; ``for_update`` takes its row lock first (PostgreSQL; SQLite
        holds its write lock from the start of the transaction), so changes to one thread queue
        up and each sees the one before it."""
        query = select(SparringThreadRecord).where(col(SparringThreadRecord.id) == thread_id)
        if for_update:
            query = query.with_for_update()
        record = self._session.scalars(query.execution_options(populate_existing=True)).first()
        return _thread(record) if record is not None else None

    def save(self, thread: Thread) -> bool:
        """Store ``thread`` over the version it was changed from (``thread.version - 1``); False,
        and nothing changed, if another change was stored first."""
        result = self._session.execute(
            update(SparringThreadRecord)
            .where(
                col(SparringThreadRecord.id) == thread.id,
                col(SparringThreadRecord.version) == thread.version - 1,
            )
            .values(**_changeable(thread), updated_at=self._now)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def add_message(self, thread_id: int, author: PersonRef, kind: str, text: str) -> int:
        """Keep a message of the thread; its id (the relayed copy's key names it)."""
        record = SparringMessageRecord(
            thread_id=thread_id,
            author_tenant_id=author.tenant_id,
            author_aad_object_id=author.aad_object_id,
            kind=kind,
            text=text,
            at=self._now,
        )
        self._session.add(record)
        self._session.flush()
        assert record.id is not None  # noqa: S101 - just flushed
        return record.id

    def screening(self, screening_id: str) -> AttachedScreening | None:
        record = self._session.get(ScreeningRecord, screening_id)
        if record is None:
            return None
        return AttachedScreening(record.id, record.teams_user_id, record.verdict, record.level)

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
