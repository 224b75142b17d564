"""Where the bot lives and what it sent: installations, their channels and members, copies of
sent cards, people it cannot reach, and the outbox of messages still to send."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UtcDateTime, redacted_name


def _timestamp(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(UtcDateTime(), nullable=nullable, index=index),
    )


class InstallationRecord(SQLModel, table=True):
    """A team or group chat the bot's app is installed in."""

    __tablename__ = "installations"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=400, unique=True)  # the team id or group chat id
    kind: str = Field(max_length=20)  # "team" | "groupChat"
    tenant_id: str = Field(max_length=64, index=True)
    name: str = redacted_name(300)
    service_url: str = Field(max_length=400)
    bot_id: str = Field(max_length=200)
    active: bool = Field(default=True)
    updated_at: datetime = _timestamp()


class ChannelRecord(SQLModel, table=True):
    """A channel of a team the bot is installed in."""

    __tablename__ = "installation_channels"
    __table_args__ = (UniqueConstraint("installation_id", "channel_id"),)

    id: int | None = Field(default=None, primary_key=True)
    installation_id: int = Field(foreign_key="installations.id", index=True)
    channel_id: str = Field(max_length=400)
    name: str = redacted_name(300)


class MemberRecord(SQLModel, table=True):
    """A member of a team or group chat the bot is installed in: someone it can reach."""

    __tablename__ = "installation_members"
    __table_args__ = (
        UniqueConstraint("installation_id", "aad_object_id"),
        Index("ix_installation_members_person", "tenant_id", "aad_object_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    installation_id: int = Field(foreign_key="installations.id", index=True)
    tenant_id: str = Field(max_length=64)
    aad_object_id: str = Field(max_length=64)
    teams_user_id: str = Field(max_length=400)
    name: str = redacted_name(300)
    upn: str | None = Field(default=None, max_length=320)


class UnreachableRecord(SQLModel, table=True):
    """A person the bot could not reach, and why (cleared when they are seen again)."""

    __tablename__ = "unreachable_people"
    __table_args__ = (UniqueConstraint("tenant_id", "aad_object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=64)
    aad_object_id: str = Field(max_length=64)
    reason: str = Field(max_length=60)
    since: datetime = _timestamp()


class SentCopyRecord(SQLModel, table=True):
    """One copy of a card sent under a card key, so an update reaches every copy.

    A message sent without a card key is kept under ``msg:<its dedupe key>``, and a reply in a
    turn that names a case under that case's key: one activity may be listed under several
    keys (a digest names several cases), so retention finds every copy that names a case."""

    __tablename__ = "sent_copies"
    __table_args__ = (
        UniqueConstraint(
            "card_key", "conversation_id", "activity_id", name="uq_sent_copies_key_activity"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_key: str = Field(max_length=200, index=True)
    tenant_id: str = Field(max_length=64)
    conversation_id: str = Field(max_length=400)
    activity_id: str = Field(max_length=200)
    service_url: str = Field(max_length=400)
    sent_at: datetime = _timestamp()


class OutboxRecord(SQLModel, table=True):
    """A message to send at ``due_at``, written in the transaction of the change that caused it.

    ``dedupe_key`` names the logical message ("reminder 17, 2 days before"), so it can never be
    queued twice. A sender claims a row by setting ``lease_owner``/``lease_until``; a row whose
    lease ran out (its sender died) is claimed again.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due_at", "status", "due_at"),
        Index("ix_outbox_status_lease_until", "status", "lease_until"),
    )

    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    )
    dedupe_key: str = Field(max_length=200, unique=True)
    address_json: str = Field(sa_column=Column(Text, nullable=False))
    content_json: str = Field(sa_column=Column(Text, nullable=False))
    card_key: str | None = Field(default=None, max_length=200)
    digest_group: str | None = Field(default=None, max_length=200)
    language: str = Field(default="da", max_length=8)
    due_at: datetime = _timestamp()
    status: str = Field(default="pending", max_length=12)
    attempts: int = Field(default=0)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = _timestamp(nullable=True)
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = _timestamp()
    sent_at: datetime | None = _timestamp(nullable=True)
