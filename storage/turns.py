"""What the bot remembers of every turn: who it saw, where to reach them, which activities it handled."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, CursorResult, delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.clock import Clock
from domain.identity import PersonRef

from .db import Database
from .models import ConversationReferenceRecord, ProcessedActivity, UserRecord
from .preferences import Preferences

REFRESH_AFTER = timedelta(hours=1)
# What Teams and Entra send: display names up to 256 characters, BCP 47 locales, short types.
MAX_NAME: Final = 256
MAX_LOCALE: Final = 64
MAX_TYPE: Final = 20
CACHE_SIZE = 10_000


@dataclass(frozen=True)
class SeenUser:
    teams_user_id: str
    aad_object_id: str | None
    name: str
    tenant_id: str | None
    locale: str | None


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
class RecordedTurn:
    is_new: bool  # False for a re-delivered activity
    language: str | None  # the language the user chose, read in the same transaction
    organisation_language: str | None = None  # their organisation's (domain.language)


@dataclass(frozen=True)
class StoredReference:
    conversation_id: str
    teams_user_id: str
    conversation_type: str
    reference_json: str


class TurnRecorder:
    """Records a turn in one transaction and tells whether its activity still needs handling.

    An activity counts as handled only once ``mark_handled`` is called after its turn succeeded,
    so Teams' re-delivery of a turn that failed is processed again, and a completed one is not.

    Users and conversation references are rewritten only when they changed or are an hour old;
    the in-process memory of what was written is only a shortcut, the database stays the truth.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self._db = database
        self._clock = clock
        self._written: OrderedDict[
            tuple[str, ...], tuple[SeenUser | SeenConversation, datetime]
        ] = OrderedDict()
        # teams user id -> (the language they chose, their organisation's language)
        self._languages: OrderedDict[str, tuple[str | None, str | None]] = OrderedDict()

    async def record_turn(self, turn: SeenTurn) -> bool:
        return (await self.record(turn)).is_new

    def remember_language(self, teams_user_id: str, language: str | None) -> None:
        """What a user chose this turn, for their next turn that needs no database work."""
        _, organisation = self._languages.get(teams_user_id, (None, None))
        self._remember_languages(teams_user_id, language, organisation)

    def _remember_languages(
        self, teams_user_id: str, chosen: str | None, organisation: str | None
    ) -> None:
        self._languages[teams_user_id] = (chosen, organisation)
        self._languages.move_to_end(teams_user_id)
        while len(self._languages) > CACHE_SIZE:
            self._languages.popitem(last=False)

    async def record(self, turn: SeenTurn) -> RecordedTurn:
        """Record the turn and read the user's chosen language in one transaction."""
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
        if turn.delivery_key is None and user is None and conversation is None:
            chosen, organisation = self._languages.get(user_id or "", (None, None))
            return RecordedTurn(True, chosen, organisation)

        def record(session: Session) -> RecordedTurn:
            # Only a completed turn is marked handled (mark_handled), so Teams' re-delivery of a
            # failed one runs again.
            if (
                turn.delivery_key is not None
                and session.get(ProcessedActivity, turn.delivery_key) is not None
            ):
                return RecordedTurn(False, None)
            if user is not None:
                _upsert_user(session, user, now)
            if conversation is not None and turn.user is not None:
                _upsert_reference(session, conversation, turn.user.teams_user_id, now)
            preferences = Preferences(session)
            language = preferences.language_of_user(user_id) if user_id else None
            person = _person_of(turn.user)
            organisation = preferences.organisation_language(person) if person else None
            return RecordedTurn(True, language, organisation)

        recorded = await self._db.run(record)
        if recorded.is_new and user_id is not None:
            self._remember_languages(user_id, recorded.language, recorded.organisation_language)
        if recorded.is_new:
            if user is not None:
                self._remember(("u", user.teams_user_id), user, now)
            if conversation is not None and turn.user is not None:
                self._remember(
                    ("c", conversation.conversation_id, turn.user.teams_user_id), conversation, now
                )
        return recorded

    async def mark_handled(self, delivery_key: str) -> None:
        now = self._clock.now()
        await self._db.run(lambda session: _claim_delivery(session, delivery_key, now))

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

        return await self._db.run(find)


def _claim_delivery(session: Session, key: str, now: datetime) -> bool:
    try:
        with session.begin_nested():
            session.add(ProcessedActivity(key=key, received_at=now))
    except IntegrityError:
        return False
    return True


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
