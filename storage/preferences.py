"""A person's own choices, kept on their users row: for now the language they chose; and the
language the bot writes to them in (``domain.language``: their choice, their organisation's,
their Teams client's)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlmodel import Session, col

from domain.identity import PersonRef
from domain.language import DEFAULT_LANGUAGE, organisation_language, reading_language

from .directory_tables import OrganisationRecord, PersonRecord
from .models import UserRecord


class LanguagePreferences(Protocol):
    """The language a person reads in, and their choice."""

    def language_for(self, person: PersonRef, default: str = "da") -> str: ...

    def language_of_user(self, teams_user_id: str) -> str | None: ...

    def set_language(self, teams_user_id: str, language: str, now: datetime) -> None: ...


class Preferences:
    """Repository on one session; the caller's unit of work commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def language_of_user(self, teams_user_id: str) -> str | None:
        """The language chosen by the Teams user, keyed as the users table is."""
        return self._session.scalars(
            select(col(UserRecord.language)).where(col(UserRecord.teams_user_id) == teams_user_id)
        ).first()

    def language_of(self, person: PersonRef) -> str | None:
        """The language a person chose, for proactive senders who know only the PersonRef."""
        query = (
            select(col(UserRecord.language))
            .where(
                func.lower(col(UserRecord.tenant_id)) == person.tenant_id,
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
                col(UserRecord.language).is_not(None),
            )
            .order_by(col(UserRecord.last_seen_at).desc())
            .limit(1)
        )
        return self._session.scalars(query).first()

    def set_language(self, teams_user_id: str, language: str, now: datetime) -> None:
        record = self._session.scalars(
            select(UserRecord).where(col(UserRecord.teams_user_id) == teams_user_id)
        ).first()
        if record is None:
            record = UserRecord(teams_user_id=teams_user_id, first_seen_at=now, last_seen_at=now)
        record.language = language
        self._session.add(record)

    def organisation_language(self, person: PersonRef) -> str | None:
        """The language of the organisation the directory places ``person`` in; for someone it
        does not place, that of the organisations of their tenant when they agree on one."""
        placed = self._session.scalars(
            select(col(OrganisationRecord.language))
            .join(PersonRecord, col(PersonRecord.organisation_id) == col(OrganisationRecord.id))
            .where(
                col(PersonRecord.tenant_id) == person.tenant_id,
                col(PersonRecord.aad_object_id) == person.aad_object_id,
            )
        ).first()
        if placed is not None:
            return placed
        in_tenant = self._session.scalars(
            select(col(OrganisationRecord.language))
            .where(col(OrganisationRecord.tenant_id) == person.tenant_id)
            .distinct()
        ).all()
        return organisation_language(set(in_tenant))

    def language_for(self, person: PersonRef, default: str = DEFAULT_LANGUAGE) -> str:
        """The language to write to ``person`` in, by the one rule (``domain.language``): their
        choice, else their organisation's, else their Teams client's as last seen."""
        locale = self._session.scalars(
            select(col(UserRecord.locale))
            .where(
                func.lower(col(UserRecord.tenant_id)) == person.tenant_id,
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
            )
            .order_by(col(UserRecord.last_seen_at).desc())
            .limit(1)
        ).first()
        return reading_language(
            chosen=self.language_of(person),
            organisation=self.organisation_language(person),
            client_locale=locale,
            default=default,
        )

    def language_for_user(self, teams_user_id: str, default: str = DEFAULT_LANGUAGE) -> str:
        """The same rule for a Teams user id (a proactive turn in their personal chat)."""
        record = self._session.scalars(
            select(UserRecord).where(col(UserRecord.teams_user_id) == teams_user_id)
        ).first()
        if record is None:
            return default
        person = _person_of(record)
        return reading_language(
            chosen=record.language,
            organisation=self.organisation_language(person) if person else None,
            client_locale=record.locale,
            default=default,
        )


def _person_of(record: UserRecord) -> PersonRef | None:
    if not record.tenant_id or not record.aad_object_id:
        return None
    return PersonRef(record.tenant_id, record.aad_object_id)
