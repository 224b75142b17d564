"""A person's own choices, kept on their users row: for now the language they chose."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlmodel import Session, col

from domain.identity import PersonRef

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

    def language_for(self, person: PersonRef, default: str = "da") -> str:
        """The language to write to ``person`` in: their choice, else their Teams client's
        language as last seen, else ``default``."""
        chosen = self.language_of(person)
        if chosen:
            return chosen
        locale = self._session.scalars(
            select(col(UserRecord.locale))
            .where(
                func.lower(col(UserRecord.tenant_id)) == person.tenant_id,
                func.lower(col(UserRecord.aad_object_id)) == person.aad_object_id,
            )
            .order_by(col(UserRecord.last_seen_at).desc())
            .limit(1)
        ).first()
        primary = (locale or "").replace("_", "-").split("-")[0].lower()
        return primary if primary in ("da", "en") else default
