"""Tables of who is who: organisations, their partners, people, roles and absences."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import redacted_name


def _timestamp() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


def _day() -> Any:
    return Field(sa_column=Column(Date, nullable=False))


class OrganisationRecord(SQLModel, table=True):
    __tablename__ = "directory_organisations"

    id: str = Field(primary_key=True, max_length=40)
    kind: str = Field(max_length=10)
    name: str = redacted_name(200, required=True)
    tenant_id: str = Field(max_length=64)
    pool_reference: str | None = Field(default=None, max_length=400)
    language: str = Field(default="da", max_length=8, sa_column_kwargs={"server_default": "da"})
    updated_at: datetime = _timestamp()


class PartnerRecord(SQLModel, table=True):
    """The organisations whose coordinators this organisation's coordinators pair with."""

    __tablename__ = "directory_partners"

    organisation_id: str = Field(
        foreign_key="directory_organisations.id", primary_key=True, max_length=40
    )
    partner_id: str = Field(
        foreign_key="directory_organisations.id", primary_key=True, max_length=40
    )


class PersonRecord(SQLModel, table=True):
    """A person: tenant + Entra object id once seen; until then the UPN from the directory file."""

    __tablename__ = "directory_people"
    __table_args__ = (UniqueConstraint("tenant_id", "aad_object_id"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str | None = Field(default=None, max_length=64)
    aad_object_id: str | None = Field(default=None, max_length=64)
    upn: str | None = Field(default=None, max_length=200, unique=True)
    name: str = redacted_name(200)
    organisation_id: str | None = Field(
        default=None, foreign_key="directory_organisations.id", max_length=40, index=True
    )
    updated_at: datetime = _timestamp()


class RoleRecord(SQLModel, table=True):
    """coordinator / backup (of the person's organisation) or admin."""

    __tablename__ = "directory_roles"

    person_id: int = Field(foreign_key="directory_people.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=20)


class AbsenceRecord(SQLModel, table=True):
    __tablename__ = "directory_absences"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="directory_people.id", index=True)
    starts_on: date = _day()
    ends_on: date = _day()
    substitute_id: int | None = Field(default=None, foreign_key="directory_people.id")
    created_at: datetime = _timestamp()


class DirectoryVersionRecord(SQLModel, table=True):
    """What the directory looks like now, as a token: ``people`` (organisations, partners, people,
    roles) and ``absences``. Database triggers give a part a new random token in the same
    transaction as any change to its tables (migration 0031), whoever writes; an instance
    keeps its snapshot while the tokens it reads are the ones it loaded it at
    (``storage.directory_cache``)."""

    __tablename__ = "directory_versions"

    part: str = Field(primary_key=True, max_length=10)
    token: str = Field(max_length=32)
