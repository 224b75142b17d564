"""The audit log: one append-only row for every state change any capability makes, for every
refused attempt, and for every read of a case card, a sparring thread or a poll's answers.

Rows hold codes and ids, never free text or a CPR number. A case is named by its random
``audit_id``, never by its reference or initials, so an entry outlives the case without saying
which case (or citizen) it was about. The migrations add triggers so not even the bot's own
database user can change a row, or delete one except through ``purge_before``: it writes the
cut-off into ``audit_log_purge`` in its own transaction, and the trigger lets only rows older than
that go.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Column, CursorResult, Text, delete, or_, select
from sqlmodel import Field, Session, SQLModel, col

from domain.identity import PersonRef
from domain.privacy import contains_cpr, is_id_shaped

from .meeting_tables import MeetingPollRecord
from .models import CaseRecord
from .sparring import SparringThreadRecord
from .types import UtcDateTime

DetailValue = str | int | bool | None
MAX_DETAIL_TEXT: Final = 80
UNKNOWN_CASE: Final = "unknown-case"
_CODE: Final = re.compile(r"[a-z0-9_.:-]{1,64}")
_ID: Final = re.compile(r"[\w@.:/+-]*")  # ids, dates, codes: no spaces, so no sentences
CASE_REFERENCE: Final = re.compile(r"KI-\d{4}-\d{4,}")

ReadKind = Literal["case", "sparring", "poll_answers"]
# What a read is recorded as: the action and the kind of subject.
READS: Final[Mapping[str, tuple[str, str]]] = {
    "case": ("case.viewed", "case"),
    "sparring": ("sparring.viewed", "sparring_thread"),
    "poll_answers": ("poll.answers_viewed", "meeting_poll"),
}


class AuditRecord(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    actor_tenant_id: str | None = Field(default=None, max_length=64)
    actor_aad_object_id: str | None = Field(default=None, max_length=64, index=True)
    action: str = Field(max_length=64, index=True)
    outcome: str = Field(max_length=48)
    subject_kind: str = Field(max_length=32)
    subject_id: str = Field(max_length=200)
    case_id: str | None = Field(default=None, max_length=32, index=True)  # ki_cases.audit_id
    thread_id: str | None = Field(default=None, max_length=64)
    detail_json: str = Field(sa_column=Column(Text, nullable=False))


class AuditPurgeRecord(SQLModel, table=True):
    """Present only inside the transaction that deletes expired entries: the triggers let a
    DELETE through only for entries older than ``cutoff`` (both stored in UTC, so SQLite's
    comparison of their texts is a comparison of moments)."""

    __tablename__ = "audit_log_purge"

    id: int | None = Field(default=None, primary_key=True)
    cutoff: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: PersonRef | None  # None: an operator at the command line, or a background job
    action: str
    subject_kind: str
    subject_id: str
    outcome: str = "done"  # or "refused:<reason code>"
    # Writers name the case by its reference; it is stored as the case's audit id. Read back,
    # the reference is filled in only while the case exists.
    case_reference: str | None = None
    thread_id: str | None = None
    detail: Mapping[str, DetailValue] = field(default_factory=dict)
    case_id: str | None = None


def _checked_detail(detail: Mapping[str, DetailValue]) -> dict[str, DetailValue]:
    for key, value in detail.items():
        if not _CODE.fullmatch(key):
            raise ValueError(f"audit detail key {key!r} is not a code")
        if isinstance(value, str) and (
            len(value) > MAX_DETAIL_TEXT
            or not _ID.fullmatch(value)
            or (contains_cpr(value) and not is_id_shaped(value))
        ):
            raise ValueError(f"audit detail {key!r} must be a short code or id, not free text")
        if value is not None and not isinstance(value, str | int | bool):
            raise ValueError(f"audit detail {key!r} must be a text, number or yes/no")
    return dict(detail)


def _entry(record: AuditRecord, references: Mapping[str, str]) -> AuditEntry:
    actor = (
        PersonRef(record.actor_tenant_id, record.actor_aad_object_id)
        if record.actor_tenant_id and record.actor_aad_object_id
        else None
    )
    detail: dict[str, Any] = json.loads(record.detail_json)
    return AuditEntry(
        record.at,
        actor,
        record.action,
        record.subject_kind,
        record.subject_id,
        record.outcome,
        references.get(record.case_id or ""),
        record.thread_id,
        detail,
        record.case_id,
    )


def check_entry(entry: AuditEntry) -> dict[str, DetailValue]:
    """The entry's detail as stored; raises if anything in it is not a code or an id."""
    if not _CODE.fullmatch(entry.action) or not _CODE.fullmatch(entry.subject_kind):
        raise ValueError("audit action and subject kind must be codes")
    if len(entry.subject_id) > 200 or (
        contains_cpr(entry.subject_id) and not is_id_shaped(entry.subject_id)
    ):
        raise ValueError("audit subject id must be an id")
    return _checked_detail(entry.detail)


class AuditTrail(Protocol):
    """Where a unit of work writes what happened (append-only)."""

    def record(self, entry: AuditEntry) -> None: ...


class AuditLog:
    """Used inside the caller's unit of work: ``AuditLog(session).record(entry)``."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._ids: dict[str, str | None] = {}

    # --- writing ---------------------------------------------------------------------------

    def record(self, entry: AuditEntry) -> None:
        check_entry(entry)
        case_id = entry.case_id or self.case_id_of(entry.case_reference)
        subject_id = self._without_references(entry.subject_id)
        detail = {
            key: self._without_references(value) if isinstance(value, str) else value
            for key, value in _checked_detail(entry.detail).items()
        }
        self._session.add(
            AuditRecord(
                at=entry.at,
                actor_tenant_id=entry.actor.tenant_id if entry.actor else None,
                actor_aad_object_id=entry.actor.aad_object_id if entry.actor else None,
                action=entry.action,
                outcome=entry.outcome[:48],
                subject_kind=entry.subject_kind,
                subject_id=subject_id,
                case_id=case_id,
                thread_id=entry.thread_id,
                detail_json=json.dumps(detail, sort_keys=True, ensure_ascii=False),
            )
        )

    def record_view(
        self,
        *,
        at: datetime,
        viewer: PersonRef,
        what: ReadKind,
        subject_id: str,
        case_reference: str | None = None,
        automatic: bool = False,
    ) -> None:
        """A read of health data: who saw which case card (subject: its reference), sparring
        thread (its id) or poll's answers (its id), and when. Call it in the unit of work that
        loaded what was shown, after the viewer was found allowed; ``automatic`` for a view
        Teams fetched by itself (a card's refresh for a listed viewer)."""
        action, kind = READS[what]
        self.record(
            AuditEntry(
                at,
                viewer,
                action,
                kind,
                subject_id,
                case_reference=case_reference or (subject_id if what == "case" else None),
                thread_id=subject_id if what == "sparring" else None,
                detail={"automatic": True} if automatic else {},
            )
        )

    def case_id_of(self, reference: str | None) -> str | None:
        """The audit id of the case ``reference``; None while (or once) there is no such case."""
        if not reference:
            return None
        if reference not in self._ids:
            self._ids[reference] = self._session.scalar(
                select(col(CaseRecord.audit_id)).where(col(CaseRecord.reference) == reference)
            )
        return self._ids[reference]

    def _without_references(self, value: str) -> str:
        """A case reference written as an id (a case's subject id) becomes its audit id."""
        return CASE_REFERENCE.sub(lambda m: self.case_id_of(m.group()) or UNKNOWN_CASE, value)

    # --- reading ---------------------------------------------------------------------------

    def entries(
        self, *, case_reference: str | None = None, since: datetime | None = None
    ) -> list[AuditEntry]:
        """Entries in order; for a case, those naming it and those of its sparring threads and
        meeting polls (views and changes), while the case exists."""
        query = select(AuditRecord).order_by(col(AuditRecord.at), col(AuditRecord.id))
        if case_reference is not None:
            case_id = self.case_id_of(case_reference)
            if case_id is None:
                return []
            threads = select(col(SparringThreadRecord.id)).where(
                col(SparringThreadRecord.case_reference) == case_reference
            )
            polls = select(col(MeetingPollRecord.id)).where(
                col(MeetingPollRecord.case_reference) == case_reference
            )
            query = query.where(
                or_(
                    col(AuditRecord.case_id) == case_id,
                    (col(AuditRecord.subject_kind) == "sparring_thread")
                    & col(AuditRecord.subject_id).in_(
                        [str(thread_id) for thread_id in self._session.scalars(threads)]
                    ),
                    (col(AuditRecord.subject_kind) == "meeting_poll")
                    & col(AuditRecord.subject_id).in_(list(self._session.scalars(polls))),
                )
            )
        if since is not None:
            query = query.where(col(AuditRecord.at) >= since)
        records = list(self._session.scalars(query))
        ids = {r.case_id for r in records if r.case_id}
        references = (
            {
                audit_id: reference
                for audit_id, reference in self._session.execute(
                    select(col(CaseRecord.audit_id), col(CaseRecord.reference)).where(
                        col(CaseRecord.audit_id).in_(ids)
                    )
                )
            }
            if ids
            else {}
        )
        return [_entry(record, references) for record in records]

    # --- retention -------------------------------------------------------------------------

    def purge_before(self, cutoff: datetime, limit: int) -> int:
        """Delete up to ``limit`` of the oldest entries made before ``cutoff``; the triggers
        refuse any other delete. The caller's transaction commits."""
        marker = AuditPurgeRecord(cutoff=cutoff)
        self._session.add(marker)
        self._session.flush()
        oldest = (
            select(col(AuditRecord.id))
            .where(col(AuditRecord.at) < cutoff)
            .order_by(col(AuditRecord.id))
            .limit(limit)
        )
        ids = list(self._session.scalars(oldest))
        deleted = 0
        if ids:
            result: CursorResult[Any] = self._session.execute(  # type: ignore[assignment]
                delete(AuditRecord).where(col(AuditRecord.id).in_(ids))
            )
            deleted = int(result.rowcount or 0)
        self._session.execute(delete(AuditPurgeRecord))
        return deleted
