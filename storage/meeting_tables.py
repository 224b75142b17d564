"""Meeting polls (issue #13): the poll, its slots, its participants and one vote row per
participant and slot (so votes arriving at the same moment are upserts, never lost updates)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UtcDateTime, redacted_name


def _timestamp(*, nullable: bool = False) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(UtcDateTime(), nullable=nullable),
    )


class MeetingPollRecord(SQLModel, table=True):
    __tablename__ = "meeting_polls"

    id: str = Field(primary_key=True, max_length=32)
    status: str = Field(max_length=12, index=True)
    title: str = Field(max_length=200)
    case_reference: str | None = Field(default=None, max_length=20, index=True)
    tovholder_tenant_id: str = Field(max_length=64)
    tovholder_aad_object_id: str = Field(max_length=64)
    tovholder_teams_user_id: str = Field(max_length=400)
    tovholder_name: str = redacted_name(200)
    origin_tenant_id: str = Field(max_length=64)
    origin_conversation_id: str = Field(max_length=400)
    location: str = Field(default="", max_length=300)
    agenda: str = Field(default="", sa_column=Column(Text, nullable=False))
    citizen_points: str = Field(default="", sa_column=Column(Text, nullable=False))
    answer_by: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    show_answers: bool = Field(default=False)
    minutes: int = Field(default=60)
    round: int = Field(default=1)
    version: int = Field(default=0)
    chosen_slot: str | None = Field(default=None, max_length=8)
    sequence: int = Field(default=0)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class MeetingSlotRecord(SQLModel, table=True):
    __tablename__ = "meeting_poll_slots"
    __table_args__ = (UniqueConstraint("poll_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    poll_id: str = Field(foreign_key="meeting_polls.id", max_length=32, index=True)
    key: str = Field(max_length=8)
    starts_at: datetime = _timestamp()
    ends_at: datetime = _timestamp()
    round: int = Field(default=1)


class MeetingParticipantRecord(SQLModel, table=True):
    __tablename__ = "meeting_poll_participants"
    __table_args__ = (UniqueConstraint("poll_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    poll_id: str = Field(foreign_key="meeting_polls.id", max_length=32, index=True)
    key: str = Field(max_length=8)
    name: str = redacted_name(200, required=True)
    kind: str = Field(max_length=12)
    required: bool = Field(default=True)
    tenant_id: str | None = Field(default=None, max_length=64)
    aad_object_id: str | None = Field(default=None, max_length=64)
    upn: str | None = Field(default=None, max_length=320)
    note: str | None = Field(default=None, max_length=300)
    input_given_at: datetime | None = _timestamp(nullable=True)  # written input passed on


class MeetingVoteRecord(SQLModel, table=True):
    __tablename__ = "meeting_poll_votes"
    __table_args__ = (UniqueConstraint("poll_id", "participant_key", "slot_key"),)

    id: int | None = Field(default=None, primary_key=True)
    poll_id: str = Field(foreign_key="meeting_polls.id", max_length=32, index=True)
    participant_key: str = Field(max_length=8)
    slot_key: str = Field(max_length=8)
    answer: str = Field(max_length=12)
    updated_at: datetime = _timestamp()


class CaseMeetingRecord(SQLModel, table=True):
    """The meeting time a KI case records; the course's deadlines start from it."""

    __tablename__ = "ki_case_meetings"

    id: int | None = Field(default=None, primary_key=True)
    case_reference: str = Field(max_length=20, unique=True)
    poll_id: str = Field(max_length=32)
    starts_at: datetime = _timestamp()
    ends_at: datetime = _timestamp()
    status: str = Field(max_length=12)  # "planned" | "cancelled"
    updated_at: datetime = _timestamp()
