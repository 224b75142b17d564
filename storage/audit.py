"""The audit log: one append-only row for every state change any capability makes, and for every
refused attempt. Rows hold codes and ids, never free text or a CPR number; the migration adds
triggers so not even the bot's own database user can change or delete a row."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol

from sqlalchemy import Column, DateTime, Text, select
from sqlmodel import Field, Session, SQLModel, col

from domain.identity import PersonRef
from domain.privacy import contains_cpr

DetailValue = str | int | bool | None
MAX_DETAIL_TEXT: Final = 80
_CODE: Final = re.compile(r"[a-z0-9_.:-]{1,64}")
_ID: Final = re.compile(r"[\w@.:/+-]*")  # ids, dates, codes: no spaces, so no sentences


class AuditRecord(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    actor_tenant_id: str | None = Field(default=None, max_length=64)
    actor_aad_object_id: str | None = Field(default=None, max_length=64, index=True)
    action: str = Field(max_length=64, index=True)
    outcome: str = Field(max_length=48)
    subject_kind: str = Field(max_length=32)
    subject_id: str = Field(max_length=200)
    case_reference: str | None = Field(default=None, max_length=20, index=True)
    thread_id: str | None = Field(default=None, max_length=64)
    detail_json: str = Field(sa_column=Column(Text, nullable=False))


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: PersonRef | None  # None: an operator at the command line
    action: str
    subject_kind: str
    subject_id: str
    outcome: str = "done"  # or "refused:<reason code>"
    case_reference: str | None = None
    thread_id: str | None = None
    detail: Mapping[str, DetailValue] = field(default_factory=dict)


def _checked_detail(detail: Mapping[str, DetailValue]) -> str:
    for key, value in detail.items():
        if not _CODE.fullmatch(key):
            raise ValueError(f"audit detail key {key!r} is not a code")
        if isinstance(value, str) and (
            len(value) > MAX_DETAIL_TEXT or contains_cpr(value) or not _ID.fullmatch(value)
        ):
            raise ValueError(f"audit detail {key!r} must be a short code or id, not free text")
        if value is not None and not isinstance(value, str | int | bool):
            raise ValueError(f"audit detail {key!r} must be a text, number or yes/no")
    return json.dumps(dict(detail), sort_keys=True, ensure_ascii=False)


def _entry(record: AuditRecord) -> AuditEntry:
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
        record.case_reference,
        record.thread_id,
        detail,
    )


def check_entry(entry: AuditEntry) -> str:
    """The entry's detail as stored; raises if anything in it is not a code or an id."""
    if not _CODE.fullmatch(entry.action) or not _CODE.fullmatch(entry.subject_kind):
        raise ValueError("audit action and subject kind must be codes")
    if contains_cpr(entry.subject_id) or len(entry.subject_id) > 200:
        raise ValueError("audit subject id must be an id")
    return _checked_detail(entry.detail)


class AuditTrail(Protocol):
    """Where a unit of work writes what happened (append-only)."""

    def record(self, entry: AuditEntry) -> None: ...


class AuditLog:
    """Used inside the caller's unit of work: ``AuditLog(session).record(entry)``."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, entry: AuditEntry) -> None:
        self._session.add(
            AuditRecord(
                at=entry.at,
                actor_tenant_id=entry.actor.tenant_id if entry.actor else None,
                actor_aad_object_id=entry.actor.aad_object_id if entry.actor else None,
                action=entry.action,
                outcome=entry.outcome[:48],
                subject_kind=entry.subject_kind,
                subject_id=entry.subject_id,
                case_reference=entry.case_reference,
                thread_id=entry.thread_id,
                detail_json=check_entry(entry),
            )
        )

    def entries(
        self, *, case_reference: str | None = None, since: datetime | None = None
    ) -> list[AuditEntry]:
        query = select(AuditRecord).order_by(col(AuditRecord.at), col(AuditRecord.id))
        if case_reference is not None:
            query = query.where(col(AuditRecord.case_reference) == case_reference)
        if since is not None:
            query = query.where(col(AuditRecord.at) >= since)
        return [_entry(record) for record in self._session.scalars(query)]
