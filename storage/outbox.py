"""The outbox: messages written in the same transaction as the change that caused them and sent
later by a dispatcher. Claiming uses a lease, so a row taken by a process that died is taken
again when the lease runs out; on PostgreSQL concurrent claimers skip each other's rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

from sqlalchemy import and_, func, or_, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from domain.identity import PersonRef
from domain.messaging import (
    Address,
    Content,
    ToChannel,
    ToConversation,
    ToPerson,
    UpdateCopies,
    checked_key,
)

from .reach_models import OutboxRecord

PENDING: Final = "pending"
SENDING: Final = "sending"
SENT: Final = "sent"
FAILED: Final = "failed"
UNREACHABLE: Final = "unreachable"
CANCELLED: Final = "cancelled"


@dataclass(frozen=True)
class OutgoingMessage:
    dedupe_key: str
    address: Address
    content: Content
    due_at: datetime
    card_key: str | None = None
    digest_group: str | None = None
    language: str = "da"


@dataclass(frozen=True)
class ClaimedMessage:
    id: int
    dedupe_key: str
    address: Address
    content: Content
    card_key: str | None
    digest_group: str | None
    language: str
    due_at: datetime
    attempts: int


def address_to_json(address: Address) -> str:
    match address:
        case ToPerson(person):
            data: dict[str, Any] = {
                "kind": "person",
                "tenant_id": person.tenant_id,
                "aad_object_id": person.aad_object_id,
            }
        case ToChannel(tenant_id, team_id, channel_id):
            data = {
                "kind": "channel",
                "tenant_id": tenant_id,
                "team_id": team_id,
                "channel_id": channel_id,
            }
        case ToConversation(tenant_id, conversation_id):
            data = {"kind": "conversation", "tenant_id": tenant_id, "id": conversation_id}
        case UpdateCopies(card_key):
            data = {"kind": "update", "card_key": card_key}
    return json.dumps(data, sort_keys=True)


def address_from_json(raw: str) -> Address:
    data = json.loads(raw)
    kind = data["kind"]
    if kind == "person":
        return ToPerson(PersonRef(data["tenant_id"], data["aad_object_id"]))
    if kind == "channel":
        return ToChannel(data["tenant_id"], data["team_id"], data["channel_id"])
    if kind == "conversation":
        return ToConversation(data["tenant_id"], data["id"])
    if kind == "update":
        return UpdateCopies(data["card_key"])
    raise ValueError(f"unknown address kind {kind!r}")


def content_to_json(content: Content) -> str:
    return json.dumps(
        {"text": content.text, "card": content.card, "attachments": list(content.attachments)},
        ensure_ascii=False,
        sort_keys=True,
    )


def content_from_json(raw: str) -> Content:
    data = json.loads(raw)
    return Content(
        text=data.get("text"),
        card=data.get("card"),
        attachments=tuple(data.get("attachments") or ()),
    )


def _claimed(record: OutboxRecord) -> ClaimedMessage:
    if record.id is None:
        raise ValueError("an outbox row without id cannot be claimed")
    return ClaimedMessage(
        id=record.id,
        dedupe_key=record.dedupe_key,
        address=address_from_json(record.address_json),
        content=content_from_json(record.content_json),
        card_key=record.card_key,
        digest_group=record.digest_group,
        language=record.language,
        due_at=record.due_at,
        attempts=record.attempts,
    )


class OutboxQueue(Protocol):
    """The outbox as a unit of work uses it: queue and withdraw messages."""

    def enqueue(self, message: OutgoingMessage, *, now: datetime) -> bool: ...

    def cancel(self, key_prefix: str) -> int: ...

    def take_automatic(
        self, person: PersonRef, start: datetime, end: datetime
    ) -> list[OutgoingMessage]: ...


class Outbox:
    """The outbox table, bound to the caller's session (the caller's unit of work commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def enqueue(self, message: OutgoingMessage, *, now: datetime) -> bool:
        """Queue ``message``; False (and nothing changes) if its dedupe key was queued before."""
        if message.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        values = {
            "dedupe_key": checked_key(message.dedupe_key),
            "address_json": address_to_json(message.address),
            "content_json": content_to_json(message.content),
            "card_key": message.card_key,
            "digest_group": message.digest_group,
            "language": message.language,
            "due_at": message.due_at,
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
        }
        dialect = self._session.get_bind().dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(OutboxRecord)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(col(OutboxRecord.id))
        )
        return self._session.execute(statement).first() is not None

    def cancel(self, key_prefix: str) -> int:
        """Cancel the pending messages whose dedupe key starts with ``key_prefix``."""
        escaped = key_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        result = self._session.execute(
            update(OutboxRecord)
            .where(
                col(OutboxRecord.status) == PENDING,
                col(OutboxRecord.dedupe_key).like(f"{escaped}%", escape="\\"),
            )
            .values(status=CANCELLED)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def take_automatic(
        self, person: PersonRef, start: datetime, end: datetime
    ) -> list[OutgoingMessage]:
        """Withdraw the automatic messages (nudges, escalations: those with a digest group) still
        pending for ``person`` and due in [start, end), and return them, so whoever stands in
        for an absence registered after they were queued can get them instead."""
        records = self._session.scalars(
            select(OutboxRecord)
            .where(
                col(OutboxRecord.status) == PENDING,
                col(OutboxRecord.address_json) == address_to_json(ToPerson(person)),
                col(OutboxRecord.digest_group).is_not(None),
                col(OutboxRecord.due_at) >= start,
                col(OutboxRecord.due_at) < end,
            )
            .order_by(col(OutboxRecord.due_at), col(OutboxRecord.id))
        ).all()
        taken = [
            OutgoingMessage(
                r.dedupe_key,
                ToPerson(person),
                content_from_json(r.content_json),
                r.due_at,
                r.card_key,
                r.digest_group,
                r.language,
            )
            for r in records
        ]
        self._finish([r.id for r in records if r.id is not None], status=CANCELLED)
        return taken

    def claim_due(
        self, *, now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[ClaimedMessage]:
        """Lease up to ``limit`` due rows (and rows whose lease ran out) to ``owner``."""
        due = and_(col(OutboxRecord.status) == PENDING, col(OutboxRecord.due_at) <= now)
        stale = and_(col(OutboxRecord.status) == SENDING, col(OutboxRecord.lease_until) < now)
        # Two index range scans (status, due_at) and (status, lease_until), not one OR that
        # PostgreSQL answers by reading every pending row, however far in the future.
        due_ids = (
            select(col(OutboxRecord.id))
            .where(due)
            .order_by(col(OutboxRecord.due_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .subquery()
        )
        stale_ids = (
            select(col(OutboxRecord.id))
            .where(stale)
            .order_by(col(OutboxRecord.lease_until))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .subquery()
        )
        candidates = union_all(select(due_ids.c.id), select(stale_ids.c.id))
        # The condition is repeated on the UPDATE itself: under PostgreSQL's READ COMMITTED a
        # row another claimer took meanwhile is re-checked and left alone; on SQLite the one
        # statement is atomic.
        statement = (
            update(OutboxRecord)
            .where(col(OutboxRecord.id).in_(candidates), or_(due, stale))
            .values(
                status=SENDING,
                lease_owner=owner,
                lease_until=now + lease,
                attempts=OutboxRecord.attempts + 1,
            )
            .returning(OutboxRecord)
            .execution_options(synchronize_session=False)
        )
        records = self._session.scalars(statement).all()
        return sorted((_claimed(r) for r in records), key=lambda m: (m.due_at, m.id))

    def mark_sent(self, ids: Sequence[int], *, now: datetime) -> None:
        self._finish(ids, status=SENT, sent_at=now, lease_owner=None, lease_until=None)

    def mark_unreachable(self, ids: Sequence[int], reason: str) -> None:
        self._finish(ids, status=UNREACHABLE, last_error=reason[:300], lease_until=None)

    def mark_failed(self, ids: Sequence[int], error: str) -> None:
        self._finish(ids, status=FAILED, last_error=error[:300], lease_until=None)

    def retry_later(
        self, ids: Sequence[int], *, due_at: datetime, error: str, count_attempt: bool = True
    ) -> None:
        values: dict[str, Any] = {
            "status": PENDING,
            "due_at": due_at,
            "last_error": error[:300],
            "lease_owner": None,
            "lease_until": None,
        }
        if not count_attempt:
            values["attempts"] = OutboxRecord.attempts - 1
        self._finish(ids, **values)

    def next_due_at(self) -> datetime | None:
        return self._session.scalar(
            select(func.min(OutboxRecord.due_at)).where(col(OutboxRecord.status) == PENDING)
        )

    def counts(self) -> dict[str, int]:
        rows = self._session.execute(
            select(col(OutboxRecord.status), func.count()).group_by(col(OutboxRecord.status))
        ).all()
        return {status: int(count) for status, count in rows}

    def failed(self, limit: int = 50) -> list[OutboxRecord]:
        return list(
            self._session.scalars(
                select(OutboxRecord)
                .where(col(OutboxRecord.status).in_([FAILED, UNREACHABLE]))
                .order_by(col(OutboxRecord.id).desc())
                .limit(limit)
            )
        )

    def _finish(self, ids: Sequence[int], **values: Any) -> None:
        if ids:
            self._session.execute(
                update(OutboxRecord)
                .where(col(OutboxRecord.id).in_(list(ids)))
                .values(**values)
                .execution_options(synchronize_session=False)
            )
