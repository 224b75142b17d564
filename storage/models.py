"""The tables. Only case references and initials identify a citizen: never a CPR number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.ids import new_id

from .types import redacted_name


def _timestamp(*, index: bool = False) -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=index))


class UserRecord(SQLModel, table=True):
    """A Teams user the bot has seen."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    teams_user_id: str = Field(max_length=200, unique=True)
    aad_object_id: str | None = Field(default=None, max_length=64, index=True)
    name: str = redacted_name(256)  # Entra display names hold up to 256
    tenant_id: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=8)  # chosen with "sprog …"; else locale
    first_seen_at: datetime = _timestamp()
    last_seen_at: datetime = _timestamp()


class ConversationReferenceRecord(SQLModel, table=True):
    """Where to reach one user in one conversation later (proactive messages)."""

    __tablename__ = "conversation_references"
    __table_args__ = (UniqueConstraint("conversation_id", "teams_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=400, index=True)
    teams_user_id: str = Field(max_length=200, index=True)
    conversation_type: str = Field(default="personal", max_length=20)
    tenant_id: str | None = Field(default=None, max_length=64)
    service_url: str = Field(max_length=400)
    reference_json: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = _timestamp()


class ProcessedActivity(SQLModel, table=True):
    """Activity ids already handled, so a re-delivered activity is processed once, and what an
    invoke was answered, so its re-delivery gets the same answer (kept two days, as the ids)."""

    __tablename__ = "processed_activities"

    key: str = Field(primary_key=True, max_length=500)
    received_at: datetime = _timestamp(index=True)
    invoke_status: int | None = Field(default=None)
    invoke_body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class BotStateRecord(SQLModel, table=True):
    """One item of Bot Framework state (conversation, user or dialog state), JSON with an eTag."""

    __tablename__ = "bot_state"

    # channel (64) + conversation (400) + user id (200) + the SDK's separators, with room to spare
    key: str = Field(primary_key=True, max_length=1000)
    data: str = Field(sa_column=Column(Text, nullable=False))
    etag: str = Field(max_length=40)
    updated_at: datetime = _timestamp()


class ScreeningRecord(SQLModel, table=True):
    """One screening: the answers, the result and who asked. Answers hold no free text."""

    __tablename__ = "screenings"

    id: str = Field(primary_key=True, max_length=32)
    teams_user_id: str = Field(max_length=200, index=True)
    conversation_id: str = Field(max_length=400)
    policy: str = Field(max_length=64)
    answers_json: str = Field(sa_column=Column(Text, nullable=False))
    result_json: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(max_length=32, index=True)
    level: int | None = Field(default=None)
    created_at: datetime = _timestamp(index=True)


def new_audit_id() -> str:
    return new_id()


class CaseRecord(SQLModel, table=True):
    """A KI course. The citizen is known only by the generated reference and optional initials.

    ``audit_id`` is random: the audit log names the case by it, so its entries outlive the case
    without saying which reference (or citizen) they were about."""

    __tablename__ = "ki_cases"
    __table_args__ = (UniqueConstraint("audit_id", name="uq_ki_cases_audit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    audit_id: str = Field(default_factory=new_audit_id, max_length=32)
    year: int = Field(index=True)
    sequence: int
    initials: str | None = Field(default=None, max_length=4)
    tovholder_teams_user_id: str = Field(max_length=200, index=True)
    level: int | None = Field(default=None)
    status: str = Field(default="open", max_length=20)
    screening_id: str | None = Field(
        default=None, foreign_key="screenings.id", unique=True, max_length=32
    )
    created_at: datetime = _timestamp()
