"""Tables of KI courses: the course state of a case, the history of its steps, and the reminders
planned for it (so a re-plan knows which queued outbox rows to cancel)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from domain.course.deadlines import COUNTED_FROM

from .types import UtcDateTime


def _timestamp(*, nullable: bool = False) -> Any:
    return Field(
        default=None if nullable else ..., sa_column=Column(UtcDateTime(), nullable=nullable)
    )


def _day() -> Any:
    return Field(default=None, sa_column=Column(Date, nullable=True))


class CourseRecord(SQLModel, table=True):
    """The course of one case (``ki_cases``); the days deadlines count from are local dates."""

    __tablename__ = "ki_courses"
    __table_args__ = (
        Index("ix_ki_courses_tovholder", "tovholder_tenant_id", "tovholder_aad_object_id"),
        # An overview reads an organisation's open deadlines of one kind by the day they count
        # from, and counts its courses by quarter (storage/course_figures.py).
        *(
            Index(
                f"ix_ki_courses_open_{source.kind.value}",
                "organisation_id",
                source.counted_from,
                "stage",
                postgresql_where=text(f"{source.met_by} IS NULL"),
                sqlite_where=text(f"{source.met_by} IS NULL"),
            )
            for source in COUNTED_FROM
        ),
        Index("ix_ki_courses_started", "organisation_id", "created_at"),
        Index("ix_ki_courses_plans", "organisation_id", "plan_written_on", "meeting_held_on"),
        Index("ix_ki_courses_organisation_course", "organisation_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="ki_cases.id", unique=True)
    reference: str = Field(max_length=20, unique=True)
    stage: str = Field(max_length=32)
    level: int = Field(default=1)
    period: int = Field(default=0)
    organisation_id: str | None = Field(default=None, max_length=40, index=True)
    other_organisation_id: str | None = Field(default=None, max_length=40)
    tovholder_tenant_id: str = Field(max_length=64)
    tovholder_aad_object_id: str = Field(max_length=64)
    consent_asked_on: date | None = _day()
    meeting_on: date | None = _day()
    meeting_held_on: date | None = _day()
    plan_written_on: date | None = _day()
    plan_sent_on: date | None = _day()
    plan_forwarded_on: date | None = _day()
    period_started_on: date | None = _day()
    follow_up_held_on: date | None = _day()
    meeting_at: datetime | None = _timestamp(nullable=True)  # the meeting's time, if typed
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class CourseStepRecord(SQLModel, table=True):
    """One step taken on a course: which, the day it concerns, who and when."""

    __tablename__ = "ki_course_steps"
    # The statistics count the follow-up meetings held by quarter (storage/course_figures.py).
    __table_args__ = (Index("ix_ki_course_steps_held", "step", "day", "corrected", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="ki_courses.id", index=True)
    position: int
    step: str = Field(max_length=32)
    day: date = Field(sa_column=Column(Date, nullable=False))
    at: datetime = _timestamp()
    actor_tenant_id: str | None = Field(default=None, max_length=64)
    actor_aad_object_id: str | None = Field(default=None, max_length=64)
    corrected: bool = Field(default=False)


class CourseReminderRecord(SQLModel, table=True):
    """A reminder or escalation queued in the outbox for a course, under its dedupe key."""

    __tablename__ = "ki_course_reminders"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="ki_courses.id", index=True)
    key: str = Field(max_length=160)
    kind: str = Field(max_length=16)  # the deadline kind
    due: date = Field(sa_column=Column(Date, nullable=False))
    at: datetime = _timestamp()
