"""Cards that wait for one person's answer (the screening's questionnaire and follow-up, an
administrator's confirmation).

A card is issued to its owner in one conversation; only its own submit is taken, once: a second
click finds it answered, a card replaced by a newer one (or cancelled) finds it closed. At most one
card per owner and conversation is open, so typed text while one waits can be answered with
"fill in the card". A card that need not block typed text (a confirmation) is only recorded when
it is answered (``record_answered``): its state says what the answer was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Column, CursorResult, DateTime, Index, Text, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col

PromptStatus = Literal["open", "answered", "closed"]
OPEN: Final = "open"


class PromptCardRecord(SQLModel, table=True):
    __tablename__ = "prompt_cards"
    __table_args__ = (
        Index("ix_prompt_cards_owner_conversation", "owner_teams_user_id", "conversation_id"),
    )

    card_id: str = Field(primary_key=True, max_length=32)
    owner_teams_user_id: str = Field(max_length=200)
    conversation_id: str = Field(max_length=400)
    kind: str = Field(max_length=32)
    state_json: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(max_length=12, index=True)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    changed_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True)
    )


@dataclass(frozen=True)
class PromptCard:
    card_id: str
    owner: str  # the Teams user id the card was sent to
    conversation_id: str
    kind: str
    state: Mapping[str, Any] = field(default_factory=dict)  # e.g. the answers so far
    status: PromptStatus = "open"


class PromptCardRepository(Protocol):
    def issue(self, card: PromptCard) -> None:
        """Store ``card`` as the one open card of its owner here (older ones close)."""
        ...

    def get(self, card_id: str) -> PromptCard | None: ...

    def answer(self, card_id: str) -> bool:
        """Take the card's answer; False if it was not open (answered or closed before)."""
        ...

    def record_answered(self, card: PromptCard) -> bool:
        """Store ``card`` as answered; False (nothing changes) if its id was stored before."""
        ...

    def close_open(self, owner: str, conversation_id: str) -> int: ...

    def open_of(self, owner: str, conversation_id: str) -> PromptCard | None: ...


def _card(record: PromptCardRecord) -> PromptCard:
    status: PromptStatus = "answered" if record.status == "answered" else "open"
    if record.status == "closed":
        status = "closed"
    return PromptCard(
        record.card_id,
        record.owner_teams_user_id,
        record.conversation_id,
        record.kind,
        json.loads(record.state_json),
        status,
    )


class PromptCards:
    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now

    def issue(self, card: PromptCard) -> None:
        self.close_open(card.owner, card.conversation_id)
        self._session.add(
            PromptCardRecord(
                card_id=card.card_id,
                owner_teams_user_id=card.owner,
                conversation_id=card.conversation_id,
                kind=card.kind,
                state_json=json.dumps(dict(card.state), sort_keys=True),
                status=OPEN,
                created_at=self._now,
                changed_at=self._now,
            )
        )

    def get(self, card_id: str) -> PromptCard | None:
        record = self._session.get(PromptCardRecord, card_id)
        return _card(record) if record is not None else None

    def answer(self, card_id: str) -> bool:
        return self._change(col(PromptCardRecord.card_id) == card_id, status="answered") == 1

    def record_answered(self, card: PromptCard) -> bool:
        dialect = self._session.get_bind().dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert(PromptCardRecord)
            .values(
                card_id=card.card_id,
                owner_teams_user_id=card.owner,
                conversation_id=card.conversation_id,
                kind=card.kind,
                state_json=json.dumps(dict(card.state), sort_keys=True),
                status="answered",
                created_at=self._now,
                changed_at=self._now,
            )
            .on_conflict_do_nothing(index_elements=["card_id"])
            .returning(col(PromptCardRecord.card_id))
        )
        return self._session.execute(statement).first() is not None

    def close_open(self, owner: str, conversation_id: str) -> int:
        return self._change(
            col(PromptCardRecord.owner_teams_user_id) == owner,
            col(PromptCardRecord.conversation_id) == conversation_id,
            status="closed",
        )

    def open_of(self, owner: str, conversation_id: str) -> PromptCard | None:
        record = self._session.scalars(
            select(PromptCardRecord).where(
                col(PromptCardRecord.owner_teams_user_id) == owner,
                col(PromptCardRecord.conversation_id) == conversation_id,
                col(PromptCardRecord.status) == OPEN,
            )
        ).first()
        return _card(record) if record is not None else None

    def _change(self, *where: Any, status: str) -> int:
        result: CursorResult[Any] = self._session.execute(  # type: ignore[assignment]
            update(PromptCardRecord)
            .where(*where, col(PromptCardRecord.status) == OPEN)
            .values(status=status, changed_at=self._now)
        )
        return int(result.rowcount or 0)
