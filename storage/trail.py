"""What the bot sent about something that is being deleted: its outbox rows and the copies of its
cards in Teams. Deleting a case (or a thread, a poll) removes its rows and turns every copy of
every card that named it into a neutral "deleted" card, so the chat history does not keep what
the database no longer holds.

A subject is found by its keys (``course:KI-2026-0001`` finds ``course:KI-2026-0001`` and every
key under it, as card key, dedupe key or ``msg:`` copy key) and by the names its messages show
(a case reference in a digest or the weekly overview). The copies are moved to a fresh key
``deleted:<random>`` that names nothing, an update of that key is queued in the same transaction,
and once it went out ``forget_finished_updates`` removes the rows.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlmodel import Session, col

from domain.messaging import Content, UpdateCopies

from .models import ConversationReferenceRecord, UserRecord
from .outbox import CANCELLED, FAILED, SENDING, SENT, UNREACHABLE, OutgoingMessage
from .reach import MESSAGE_KEY_PREFIX
from .reach_models import OutboxRecord, SentCopyRecord
from .unit_of_work import SqlUnitOfWork

DELETED_PREFIX: Final = "deleted:"
LANGUAGES: Final = ("da", "en")
# Builds the neutral card in a language; None: copies are forgotten, not updated.
NeutralContent = Callable[[str], Content]


@dataclass(frozen=True)
class Subject:
    keys: tuple[str, ...]  # the key families of what is deleted, e.g. "course:KI-2026-0001"
    names: tuple[str, ...] = ()  # texts its messages show, e.g. the case reference


def course_subject(reference: str, thread_ids: Sequence[int], poll_ids: Sequence[str]) -> Subject:
    """Everything the bot sent about a case: its own keys, its threads' and polls', and any
    message whose text names it."""
    keys = (
        f"course:{reference}",
        *(f"sparring:{t}" for t in thread_ids),
        *(f"poll:{p}" for p in poll_ids),
    )
    return Subject(keys, (reference,))


def _escaped(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _under(column: Any, keys: Iterable[str]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for key in keys:
        conditions.append(column == key)
        conditions.append(column.like(f"{_escaped(key)}:%", escape="\\"))
    return conditions


def _naming(names: Sequence[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # KI-2026-1000 must not find KI-2026-10000.
    return re.compile("|".join(rf"{re.escape(name)}(?![0-9])" for name in names))


@dataclass(frozen=True)
class _Copy:
    id: int
    conversation_id: str
    activity_id: str


@dataclass(frozen=True)
class MatchedRow:
    """An outbox row that names a subject."""

    id: int
    dedupe_key: str
    card_key: str | None
    status: str


class MessageTrail:
    """Bound to the caller's unit of work, which commits the deletion and the updates together."""

    def __init__(
        self, unit: SqlUnitOfWork, neutral: NeutralContent | None, default_language: str = "da"
    ) -> None:
        self._unit = unit
        self._session = unit.session
        self._neutral = neutral
        self._default_language = default_language

    def busy(self, subject: Subject) -> bool:
        """Whether a message of ``subject`` is being sent right now (then wait for the next
        round: a copy it records after the deletion would name the subject again)."""
        return any(
            row.status == SENDING and row.id in self._leased()
            for row in matching_rows(self._session, subject)
        )

    def erase(self, subject: Subject) -> int:
        """Delete the subject's outbox rows and its copies' rows, queueing the neutral update of
        every copy first; the number of copies updated."""
        rows = matching_rows(self._session, subject)
        keys = {row.card_key for row in rows if row.card_key}
        keys |= {f"{MESSAGE_KEY_PREFIX}{row.dedupe_key}"[:200] for row in rows}
        families = [*subject.keys, *(f"{MESSAGE_KEY_PREFIX}{key}" for key in subject.keys)]
        copies = [
            _Copy(int(copy_id), conversation_id, activity_id)
            for copy_id, conversation_id, activity_id in self._session.execute(
                select(
                    col(SentCopyRecord.id),
                    col(SentCopyRecord.conversation_id),
                    col(SentCopyRecord.activity_id),
                ).where(
                    or_(
                        col(SentCopyRecord.card_key).in_(sorted(keys)),
                        *_under(col(SentCopyRecord.card_key), families),
                    )
                )
            )
        ]
        kept = self._neutralise(copies) if self._neutral is not None else set()
        gone = [c.id for c in copies if c.id not in kept]
        if gone:
            self._session.execute(delete(SentCopyRecord).where(col(SentCopyRecord.id).in_(gone)))
        if rows:
            self._session.execute(
                delete(OutboxRecord).where(col(OutboxRecord.id).in_([row.id for row in rows]))
            )
        return len(kept)

    def forget_finished_updates(self, limit: int) -> int:
        """The rows of neutral updates that went out (or gave up): nothing is left to update."""
        done = list(
            self._session.scalars(
                select(col(OutboxRecord.dedupe_key))
                .where(
                    col(OutboxRecord.dedupe_key).like(f"{DELETED_PREFIX}%"),
                    col(OutboxRecord.status).in_([SENT, FAILED, UNREACHABLE, CANCELLED]),
                )
                .limit(limit)
            )
        )
        if done:
            self._session.execute(
                delete(SentCopyRecord).where(col(SentCopyRecord.card_key).in_(done))
            )
            self._session.execute(
                delete(OutboxRecord).where(col(OutboxRecord.dedupe_key).in_(done))
            )
        return len(done)

    # --- finding -----------------------------------------------------------------------------

    def _leased(self) -> set[int]:
        return set(
            self._session.scalars(
                select(col(OutboxRecord.id)).where(
                    col(OutboxRecord.status) == SENDING,
                    col(OutboxRecord.lease_until) > self._unit.now,
                )
            )
        )

    # --- updating ----------------------------------------------------------------------------

    def _neutralise(self, copies: Sequence[_Copy]) -> set[int]:
        """One row per message moves to ``deleted:<random>`` (one key per language) and an
        update of that key is queued; the ids of the rows kept (the caller deletes the rest)."""
        assert self._neutral is not None  # noqa: S101 - checked by the caller
        languages = self._languages({c.conversation_id for c in copies})
        tokens: dict[str, str] = {}
        kept: dict[tuple[str, str], int] = {}
        for copy in copies:
            message = (copy.conversation_id, copy.activity_id)
            if message in kept:
                continue
            kept[message] = copy.id
            language = languages.get(copy.conversation_id, self._default_language)
            token = tokens.setdefault(language, f"{DELETED_PREFIX}{uuid.uuid4().hex}")
            self._session.execute(
                update(SentCopyRecord)
                .where(col(SentCopyRecord.id) == copy.id)
                .values(card_key=token)
            )
        for language, token in tokens.items():
            self._unit.send(
                OutgoingMessage(
                    token, UpdateCopies(token), self._neutral(language), self._unit.now,
                    language=language,
                )
            )  # fmt: skip
        return set(kept.values())

    def _languages(self, conversation_ids: set[str]) -> dict[str, str]:
        """The language of each personal chat's person (their choice, else their Teams client's);
        channels and group chats get the default."""
        if not conversation_ids:
            return {}
        rows = self._session.execute(
            select(
                col(ConversationReferenceRecord.conversation_id),
                col(UserRecord.language),
                col(UserRecord.locale),
            )
            .join(
                UserRecord,
                col(UserRecord.teams_user_id) == col(ConversationReferenceRecord.teams_user_id),
            )
            .where(
                col(ConversationReferenceRecord.conversation_id).in_(sorted(conversation_ids)),
                col(ConversationReferenceRecord.conversation_type) == "personal",
            )
        )
        found: dict[str, str] = {}
        for conversation_id, language, locale in rows:
            primary = language or (locale or "").replace("_", "-").split("-")[0].lower()
            found[conversation_id] = primary if primary in LANGUAGES else self._default_language
        return found


def matching_rows(session: Session, subject: Subject) -> list[MatchedRow]:
    """The outbox rows of ``subject``: by key, or by a name their content shows."""
    by_key = _under(col(OutboxRecord.dedupe_key), subject.keys) + _under(
        col(OutboxRecord.card_key), subject.keys
    )
    pattern = _naming(subject.names)
    by_name = [
        col(OutboxRecord.content_json).like(f"%{_escaped(name)}%", escape="\\")
        for name in subject.names
    ]
    found = session.execute(
        select(
            col(OutboxRecord.id),
            col(OutboxRecord.dedupe_key),
            col(OutboxRecord.card_key),
            col(OutboxRecord.status),
            col(OutboxRecord.content_json),
        ).where(or_(*by_key, *by_name))
    )
    rows = []
    for row_id, dedupe_key, card_key, status, content in found:
        named_by_key = any(
            dedupe_key == k or dedupe_key.startswith(f"{k}:") for k in subject.keys
        ) or any(card_key == k or (card_key or "").startswith(f"{k}:") for k in subject.keys)
        if named_by_key or (pattern is not None and pattern.search(content)):
            rows.append(MatchedRow(int(row_id), dedupe_key, card_key, status))
    return rows
