"""The outbox: messages written in the same transaction as the change that caused them and sent
later by a dispatcher. Claiming uses a lease, so a row taken by a process that died is taken
again when the lease runs out; on PostgreSQL concurrent claimers skip each other's rows.

Cards updated for everyone (``UpdateCopies``) are versioned: every message that sends or
updates a card takes the card's next version in its writing transaction (a counter row per card
key, locked until commit, so versions follow commit order). Only the newest pending update of a
card is claimed, older pending ones are superseded, one update per card is in flight at a time
(across processes) and none older than one already delivered is ever sent: twenty votes in a
second become one or two updates, and a card never goes back in time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

from sqlalchemy import ColumnElement, and_, func, or_, select, union_all, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from domain.identity import PersonRef
from domain.messaging import (
    MAX_KEY_LENGTH,
    Address,
    Content,
    TellOnFailure,
    ToChannel,
    ToConversation,
    ToPerson,
    UpdateCopies,
    checked_key,
)

from .reach_models import CardVersionRecord, OutboxRecord

PENDING: Final = "pending"
SENDING: Final = "sending"
SENT: Final = "sent"
FAILED: Final = "failed"
UNREACHABLE: Final = "unreachable"
CANCELLED: Final = "cancelled"
SUPERSEDED: Final = "superseded"  # an update of a card that a newer update replaced


@dataclass(frozen=True)
class OutgoingMessage:
    dedupe_key: str
    address: Address
    content: Content
    due_at: datetime
    card_key: str | None = None
    digest_group: str | None = None
    language: str = "da"
    tell_on_failure: TellOnFailure | None = None


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
    card_version: int | None = None
    tell_on_failure: TellOnFailure | None = None


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


def tell_to_json(tell: TellOnFailure | None) -> str | None:
    if tell is None:
        return None
    sender = tell.sender
    return json.dumps(
        {"tenant_id": sender.tenant_id, "aad_object_id": sender.aad_object_id, "about": tell.about},
        sort_keys=True,
    )


def tell_from_json(raw: str | None) -> TellOnFailure | None:
    if not raw:
        return None
    data = json.loads(raw)
    return TellOnFailure(PersonRef(data["tenant_id"], data["aad_object_id"]), data["about"])


def derived_key(*parts: str) -> str:
    """A dedupe key made of others, shortened with a hash when it would be too long."""
    key = ":".join(parts)
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"{key[: MAX_KEY_LENGTH - 33]}~{digest}"


def _due_and_stale(
    now: datetime, lease_now: datetime, *, card_updates: bool
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """What makes a row claimable, among card updates or among the other messages: it is due
    (pending, due by ``now``), or stale (being sent, its lease ran out by ``lease_now``)."""
    update_of = col(OutboxRecord.update_of)
    kind = update_of.is_not(None) if card_updates else update_of.is_(None)
    due = and_(col(OutboxRecord.status) == PENDING, col(OutboxRecord.due_at) <= now, kind)
    stale = and_(
        col(OutboxRecord.status) == SENDING, col(OutboxRecord.lease_until) < lease_now, kind
    )
    return due, stale


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
        card_version=record.card_version,
        tell_on_failure=tell_from_json(record.on_failure_json),
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

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    def enqueue(self, message: OutgoingMessage, *, now: datetime) -> bool:
        """Queue ``message``; False (and nothing changes) if its dedupe key was queued before."""
        if message.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        update_of = message.address.card_key if isinstance(message.address, UpdateCopies) else None
        card = update_of or message.card_key
        values = {
            "dedupe_key": checked_key(message.dedupe_key),
            "address_json": address_to_json(message.address),
            "content_json": content_to_json(message.content),
            "card_key": message.card_key,
            "update_of": update_of,
            "card_version": self._next_version(card) if card is not None else None,
            "digest_group": message.digest_group,
            "language": message.language,
            "on_failure_json": tell_to_json(message.tell_on_failure),
            "due_at": message.due_at,
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
        }
        insert = postgres_insert if self._dialect == "postgresql" else sqlite_insert
        statement = (
            insert(OutboxRecord)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(col(OutboxRecord.id))
        )
        return self._session.execute(statement).first() is not None

    def _next_version(self, card_key: str) -> int:
        """The card's next version. The counter row stays locked until this transaction ends,
        so a concurrent change of the same card waits and gets the version after ours."""
        insert = postgres_insert if self._dialect == "postgresql" else sqlite_insert
        statement = (
            insert(CardVersionRecord)
            .values(card_key=card_key, version=1, sent_version=0)
            .on_conflict_do_update(
                index_elements=["card_key"], set_={"version": CardVersionRecord.version + 1}
            )
            .returning(col(CardVersionRecord.version))
        )
        return int(self._session.execute(statement).scalar_one())

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

    # Claiming -------------------------------------------------------------------------------

    def claim_due(
        self,
        *,
        now: datetime,
        owner: str,
        lease: timedelta,
        limit: int,
        lease_now: datetime | None = None,
    ) -> list[ClaimedMessage]:
        """Lease up to ``limit`` due rows (and rows whose lease ran out) to ``owner``.

        ``now`` decides what is due (the app's clock); ``lease_now`` is the process's real
        wall clock, on which leases run (the app's clock may be a test's, jumping months)."""
        lease_now = lease_now or now
        # Card updates first (at most half the batch): they are few once coalesced, and a
        # person waits for them on the card they just clicked.
        claimed = self._claim_updates(now, lease_now, owner, lease, max(limit // 2, 1))
        claimed += self._claim_messages(now, lease_now, owner, lease, limit - len(claimed))
        return sorted((_claimed(r) for r in claimed), key=lambda m: (m.due_at, m.id))

    def _claim_messages(
        self, now: datetime, lease_now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[OutboxRecord]:
        if limit <= 0:
            return []
        due, stale = _due_and_stale(now, lease_now, card_updates=False)

        # Two index range scans (status, due_at) and (status, lease_until), not one OR that
        # PostgreSQL answers by reading every pending row, however far in the future.
        def first_ids(where: ColumnElement[bool], order: Any) -> Sequence[int | None]:
            return self._session.scalars(
                select(col(OutboxRecord.id))
                .where(where)
                .order_by(order)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()

        # The ids are picked (and locked) first, in statements of their own: inside the UPDATE,
        # PostgreSQL may evaluate a LIMIT subquery more than once and take more than ``limit``.
        due_ids = first_ids(due, col(OutboxRecord.due_at))
        ids = [*due_ids, *first_ids(stale, col(OutboxRecord.lease_until))][:limit]
        if not ids:
            return []
        # The condition is repeated on the UPDATE itself: under PostgreSQL's READ COMMITTED a
        # row another claimer took meanwhile is re-checked and left alone; on SQLite the
        # transaction holds the write lock.
        where = and_(col(OutboxRecord.id).in_(ids), or_(due, stale))
        return self._lease(where, owner, lease_now + lease)

    def _claim_updates(
        self, now: datetime, lease_now: datetime, owner: str, lease: timedelta, limit: int
    ) -> list[OutboxRecord]:
        """At most one update per card: its newest pending version, when no update of that card
        is in flight elsewhere; older pending versions are superseded."""
        update_of = col(OutboxRecord.update_of)
        is_due, is_stale = _due_and_stale(now, lease_now, card_updates=True)
        due = (
            select(update_of)
            .where(is_due)
            .order_by(col(OutboxRecord.due_at))
            .limit(limit * 4)
            .subquery()
        )
        stale = select(update_of).where(is_stale).limit(limit).subquery()
        either = union_all(select(due.c.update_of), select(stale.c.update_of)).subquery()
        keys = self._session.scalars(select(either.c.update_of).distinct()).all()
        claimed: list[OutboxRecord] = []
        for card_key in keys:
            if len(claimed) >= limit:
                break
            record = self._claim_update_of(str(card_key), now, lease_now, owner, lease)
            if record is not None:
                claimed.append(record)
        return claimed

    def _claim_update_of(
        self, card_key: str, now: datetime, lease_now: datetime, owner: str, lease: timedelta
    ) -> OutboxRecord | None:
        # Deciding about one card is serialised on its counter row; a claimer that finds it
        # taken leaves the card to the one deciding now (the rows are then still pending).
        counter = self._session.scalars(
            select(CardVersionRecord)
            .where(col(CardVersionRecord.card_key) == card_key)
            .with_for_update(skip_locked=True)
        ).first()
        if counter is None:
            return None
        rows = self._session.execute(
            select(
                col(OutboxRecord.id),
                col(OutboxRecord.card_version),
                col(OutboxRecord.status),
                col(OutboxRecord.lease_until),
                col(OutboxRecord.due_at),
            ).where(
                col(OutboxRecord.update_of) == card_key,
                col(OutboxRecord.status).in_([PENDING, SENDING]),
            )
        ).all()
        if any(r.status == SENDING and r.lease_until >= lease_now for r in rows):
            return None  # one update of a card in flight at a time: the next waits for it
        if not rows:
            return None
        newest = max(rows, key=lambda r: (r.card_version or 0, r.id))
        older = [r.id for r in rows if r.id != newest.id]
        delivered_already = (newest.card_version or 0) <= counter.sent_version
        if delivered_already:
            older.append(newest.id)  # something newer was delivered already
        self._finish(older, status=SUPERSEDED, lease_owner=None, lease_until=None)
        if delivered_already or newest.due_at > now:
            return None
        where = and_(
            col(OutboxRecord.id) == newest.id, col(OutboxRecord.status).in_([PENDING, SENDING])
        )
        leased = self._lease(where, owner, lease_now + lease)
        return leased[0] if leased else None

    def _lease(self, where: ColumnElement[bool], owner: str, until: datetime) -> list[OutboxRecord]:
        """Lease the rows ``where`` picks to ``owner`` until ``until``, counting an attempt."""
        statement = (
            update(OutboxRecord)
            .where(where)
            .values(
                status=SENDING,
                lease_owner=owner,
                lease_until=until,
                attempts=OutboxRecord.attempts + 1,
            )
            .returning(OutboxRecord)
            .execution_options(synchronize_session=False)
        )
        return list(self._session.scalars(statement).all())

    def renew(self, ids: Sequence[int], *, owner: str, until: datetime) -> set[int]:
        """Extend the leases ``owner`` still holds on ``ids``; returns the ids still held."""
        if not ids:
            return set()
        held = self._session.scalars(
            update(OutboxRecord)
            .where(
                col(OutboxRecord.id).in_(list(ids)),
                col(OutboxRecord.lease_owner) == owner,
                col(OutboxRecord.status) == SENDING,
            )
            .values(lease_until=until)
            .returning(col(OutboxRecord.id))
            .execution_options(synchronize_session=False)
        ).all()
        return {i for i in held if i is not None}

    # Outcomes -------------------------------------------------------------------------------

    def mark_sent(self, ids: Sequence[int], *, now: datetime) -> None:
        self._finish(ids, status=SENT, sent_at=now, lease_owner=None, lease_until=None)

    def mark_update_sent(self, card_key: str, version: int) -> None:
        """The card's copies show ``version`` now: no older update may be sent after it."""
        self._session.execute(
            update(CardVersionRecord)
            .where(
                col(CardVersionRecord.card_key) == card_key,
                col(CardVersionRecord.sent_version) < version,
            )
            .values(sent_version=version)
        )

    def catch_up_copy(
        self, card_key: str, version: int, *, now: datetime, shows: Content | None = None
    ) -> bool:
        """A copy of the card showing ``version`` was just recorded. If an update newer than it
        was already sent (or is in flight, having read the copies before this one existed),
        queue that update's content again so this copy shows it too. Runs under the card's
        counter lock, as claims do, so no update can slip between the check and the claim."""
        self._session.scalars(
            select(CardVersionRecord)
            .where(col(CardVersionRecord.card_key) == card_key)
            .with_for_update()
        ).first()
        newest = self._session.scalars(
            select(OutboxRecord)
            .where(
                col(OutboxRecord.update_of) == card_key,
                col(OutboxRecord.status).in_([PENDING, SENDING, SENT, FAILED]),
            )
            .order_by(col(OutboxRecord.card_version).desc())
            .limit(1)
        ).first()
        if newest is None or (newest.card_version or 0) <= version or newest.status == PENDING:
            return False
        content = content_from_json(newest.content_json)
        if shows is not None and shows.card is not None and shows.card == content.card:
            return False  # the copy shows that card already
        return self.enqueue(
            OutgoingMessage(
                derived_key(card_key, "catch-up", str(newest.card_version)),
                UpdateCopies(card_key),
                content,
                now,
                language=newest.language,
            ),
            now=now,
        )

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

    def requeue_dropped(self, person: PersonRef, *, since: datetime, now: datetime) -> int:
        """Messages to ``person`` dropped as unreachable and due since ``since`` go out again
        now (the person can be reached again); returns how many."""
        result = self._session.execute(
            update(OutboxRecord)
            .where(
                col(OutboxRecord.status) == UNREACHABLE,
                col(OutboxRecord.address_json) == address_to_json(ToPerson(person)),
                col(OutboxRecord.due_at) >= since,
            )
            .values(
                status=PENDING,
                due_at=now,
                attempts=0,
                lease_owner=None,
                lease_until=None,
                last_error="requeued: reachable again",
            )
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    # Reading --------------------------------------------------------------------------------

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
