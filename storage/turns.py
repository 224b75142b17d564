"""What the bot remembers of every turn: who it saw, where to reach them, which activities it
handled and what it answered to them.

A turn costs two transactions. Its claim takes the conversation's lease, finds out whether the
activity was handled before (a re-delivery: its stored answer is replayed), records the user and
the conversation reference when they changed, and reads the user's language. Its commit marks the
activity handled with the answer it got and gives the lease back. What a turn's logic changes
commits in its own unit of work (storage/unit_of_work.py).
"""

from __future__ import annotations

import contextlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, CursorResult, bindparam, delete, select
from sqlmodel import Session, col

from domain.clock import Clock
from domain.identity import PersonRef

from .db import Database, insert_or_ignore, table_of
from .leases import release_lease, take_lease
from .models import ConversationReferenceRecord, ProcessedActivity, UserRecord
from .preferences import Preferences
from .reach import seen_in_a_turn

REFRESH_AFTER = timedelta(hours=1)
# What Teams and Entra send: display names up to 256 characters, BCP 47 locales, short types.
MAX_NAME: Final = 256
MAX_LOCALE: Final = 64
MAX_TYPE: Final = 20
CACHE_SIZE = 10_000

# Core statements, built once: every turn runs them, on the event loop on SQLite.
_PROCESSED = table_of(ProcessedActivity)
_USERS = table_of(UserRecord)
_HANDLED = select(_PROCESSED.c.invoke_status, _PROCESSED.c.invoke_body).where(
    _PROCESSED.c.key == bindparam("delivery_key")
)
_LANGUAGE = select(_USERS.c.language).where(_USERS.c.teams_user_id == bindparam("user_id"))


@dataclass(frozen=True)
class SeenUser:
    teams_user_id: str
    aad_object_id: str | None
    name: str
    tenant_id: str | None
    locale: str | None
    upn: str | None = None  # seldom in a Teams activity; a roster usually gives it


@dataclass(frozen=True)
class SeenConversation:
    conversation_id: str
    conversation_type: str
    tenant_id: str | None
    service_url: str
    reference_json: str


@dataclass(frozen=True)
class SeenTurn:
    delivery_key: str | None
    user: SeenUser | None
    conversation: SeenConversation | None


@dataclass(frozen=True)
class LeaseTerms:
    """The conversation's lease a claim asks for; ``now`` is the wall clock (see leases)."""

    key: str
    holder: str
    now: datetime
    ttl: timedelta


@dataclass(frozen=True)
class InvokeAnswer:
    """What an invoke was answered: the HTTP status and the JSON body."""

    status: int
    body: Any


@dataclass(frozen=True)
class Replay:
    """The activity was handled before: answer a re-delivery as the first delivery was
    (``answer`` is None for a turn that answered nothing, such as a message)."""

    answer: InvokeAnswer | None


class ClaimedTurn:
    """One turn from its claim to its commit: what the claim read, what the commit writes.
    Carried through the turn (``running``) so later steps can add to its commit."""

    def __init__(
        self,
        delivery_key: str | None,
        lease: LeaseTerms,
        language: str | None,
        organisation_language: str | None = None,
    ) -> None:
        self.delivery_key = delivery_key
        self.lease = lease
        self.language = language  # the language the user chose
        self.organisation_language = organisation_language  # their organisation's
        self.finished = False  # committing, committed or failed: nothing more joins its commit
        self.committed = False  # its commit gave the lease back

    def fail(self) -> None:
        self.finished = True


_RUNNING: ContextVar[ClaimedTurn | None] = ContextVar("ki_running_turn", default=None)


@contextlib.contextmanager
def running(turn: ClaimedTurn) -> Iterator[None]:
    """Make ``turn`` the running turn of this task (and of tasks it starts)."""
    token = _RUNNING.set(turn)
    try:
        yield
    finally:
        _RUNNING.reset(token)


def running_turn() -> ClaimedTurn | None:
    """The turn running in this task, until it committed or failed."""
    turn = _RUNNING.get()
    return None if turn is None or turn.finished else turn


@dataclass(frozen=True)
class StoredReference:
    conversation_id: str
    teams_user_id: str
    conversation_type: str
    reference_json: str


class TurnRecorder:
    """Claims and commits turns (see the module's docstring).

    An activity counts as handled only once its turn committed, so Teams' re-delivery of a turn
    that failed is processed again, and a completed one is answered as it was the first time.

    Users and conversation references are rewritten only when they changed or are an hour old;
    the in-process memory of what was written is only a shortcut, the database stays the truth.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock
        self._written: OrderedDict[
            tuple[str, ...], tuple[SeenUser | SeenConversation, datetime]
        ] = OrderedDict()

    async def claim(self, turn: SeenTurn, lease: LeaseTerms) -> ClaimedTurn | Replay | None:
        """Claim the turn in one transaction: the answer to replay for a handled activity, None
        while another turn holds the conversation, else the claimed turn."""
        now = self._clock.now()
        user_id = turn.user.teams_user_id if turn.user else None
        user = (
            turn.user
            if turn.user and self._is_stale(("u", turn.user.teams_user_id), turn.user, now)
            else None
        )
        conversation = None
        if turn.conversation and turn.user:
            key = ("c", turn.conversation.conversation_id, turn.user.teams_user_id)
            if self._is_stale(key, turn.conversation, now):
                conversation = turn.conversation

        def claim(session: Session) -> ClaimedTurn | Replay | None:
            if turn.delivery_key is not None:
                handled = session.execute(_HANDLED, {"delivery_key": turn.delivery_key}).first()
                if handled is not None:
                    return Replay(_answer_of(*handled))
            if not take_lease(session, lease.key, lease.holder, lease.now, lease.ttl):
                return None
            if user is not None:
                _upsert_user(session, user, now)
            if conversation is not None and turn.user is not None:
                _upsert_reference(session, conversation, turn.user.teams_user_id, now)
            language = (
                session.execute(_LANGUAGE, {"user_id": user_id}).scalar() if user_id else None
            )
            person = _person_of(turn.user)
            organisation = Preferences(session).organisation_language(person) if person else None
            return ClaimedTurn(turn.delivery_key, lease, language, organisation)

        claimed = await self._db.run_short(claim)
        if isinstance(claimed, ClaimedTurn):
            if user is not None:
                self._remember(("u", user.teams_user_id), user, now)
            if conversation is not None and turn.user is not None:
                self._remember(
                    ("c", conversation.conversation_id, turn.user.teams_user_id), conversation, now
                )
        return claimed

    async def complete(self, turn: ClaimedTurn, answer: InvokeAnswer | None) -> bool:
        """Commit the turn in one transaction: the activity marked handled with its answer, the
        lease given back. False if the lease had been lost meanwhile."""
        now = self._clock.now()
        turn.finished = True  # what the turn changes from here on is not part of its commit
        body = None if answer is None else json.dumps(answer.body)
        status = None if answer is None else answer.status

        def commit(session: Session) -> bool:
            if turn.delivery_key is not None:
                _mark_handled(session, turn.delivery_key, now, status, body)
            return release_lease(session, turn.lease.key, turn.lease.holder)

        held = await self._db.run_short(commit)
        turn.committed = True
        return held

    async def forget_deliveries_before(self, moment: datetime) -> int:
        def purge(session: Session) -> int:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                delete(ProcessedActivity).where(col(ProcessedActivity.received_at) < moment)
            )
            return int(result.rowcount or 0)

        return await self._db.run(purge)

    def _is_stale(
        self, key: tuple[str, ...], value: SeenUser | SeenConversation, now: datetime
    ) -> bool:
        written = self._written.get(key)
        return written is None or written[0] != value or now - written[1] > REFRESH_AFTER

    def _remember(
        self, key: tuple[str, ...], value: SeenUser | SeenConversation, now: datetime
    ) -> None:
        self._written[key] = (value, now)
        self._written.move_to_end(key)
        while len(self._written) > CACHE_SIZE:
            self._written.popitem(last=False)


class ConversationReferences:
    """Stored references, for sending proactive messages after a restart."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def personal_chat_of(self, teams_user_id: str) -> StoredReference | None:
        return await self._first(
            col(ConversationReferenceRecord.teams_user_id) == teams_user_id,
            col(ConversationReferenceRecord.conversation_type) == "personal",
        )

    async def _first(self, *conditions: ColumnElement[bool]) -> StoredReference | None:
        def find(session: Session) -> StoredReference | None:
            query = (
                select(ConversationReferenceRecord)
                .where(*conditions)
                .order_by(col(ConversationReferenceRecord.updated_at).desc())
                .limit(1)
            )
            record = session.scalars(query).first()
            if record is None:
                return None
            return StoredReference(
                record.conversation_id,
                record.teams_user_id,
                record.conversation_type,
                record.reference_json,
            )

        return await self._db.read(find)


def _mark_handled(
    session: Session, key: str, now: datetime, status: int | None, body: str | None
) -> None:
    """Keep the delivery id and the answer; an id already kept stays as it was (another instance
    handled it after taking over an expired lease: the first answer stays the answer)."""
    insert_or_ignore(
        session,
        _PROCESSED,
        {"key": key, "received_at": now, "invoke_status": status, "invoke_body": body},
    )


def _answer_of(status: int | None, body: str | None) -> InvokeAnswer | None:
    if status is None:
        return None
    return InvokeAnswer(status, None if body is None else json.loads(body))


def _upsert_user(session: Session, user: SeenUser, now: datetime) -> None:
    record = session.scalars(
        select(UserRecord).where(col(UserRecord.teams_user_id) == user.teams_user_id)
    ).first()
    if record is None:
        record = UserRecord(teams_user_id=user.teams_user_id, first_seen_at=now, last_seen_at=now)
    record.aad_object_id = user.aad_object_id or record.aad_object_id
    record.name = (user.name or record.name)[:MAX_NAME]
    record.tenant_id = user.tenant_id or record.tenant_id
    record.locale = (user.locale or record.locale or "")[:MAX_LOCALE] or None
    record.last_seen_at = now
    session.add(record)
    seen_in_a_turn(session, user.tenant_id, user.aad_object_id, now, upn=user.upn, name=user.name)


def _upsert_reference(
    session: Session, seen: SeenConversation, teams_user_id: str, now: datetime
) -> None:
    query = select(ConversationReferenceRecord).where(
        col(ConversationReferenceRecord.conversation_id) == seen.conversation_id,
        col(ConversationReferenceRecord.teams_user_id) == teams_user_id,
    )
    record = session.scalars(query).first() or ConversationReferenceRecord(
        conversation_id=seen.conversation_id,
        teams_user_id=teams_user_id,
        service_url=seen.service_url,
        reference_json=seen.reference_json,
        updated_at=now,
    )
    record.conversation_type = seen.conversation_type[:MAX_TYPE]
    record.tenant_id = seen.tenant_id
    record.service_url = seen.service_url
    record.reference_json = seen.reference_json
    record.updated_at = now
    session.add(record)


def _person_of(user: SeenUser | None) -> PersonRef | None:
    if user is None or not user.tenant_id or not user.aad_object_id:
        return None
    return PersonRef(user.tenant_id, user.aad_object_id)
