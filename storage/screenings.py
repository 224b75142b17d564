"""Screenings and the KI cases started from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.ids import new_id

from .case_numbers import next_case_sequence
from .db import Database
from .models import CaseRecord, ScreeningRecord

REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class NewScreening:
    teams_user_id: str
    conversation_id: str
    policy: str
    answers_json: str
    result_json: str
    verdict: str
    level: int | None
    created_at: datetime


@dataclass(frozen=True)
class StoredScreening:
    id: str
    teams_user_id: str
    policy: str
    answers_json: str
    result_json: str
    verdict: str
    level: int | None


@dataclass(frozen=True)
class StoredCase:
    reference: str
    initials: str | None
    tovholder_teams_user_id: str
    level: int | None
    screening_id: str | None


@dataclass(frozen=True)
class CaseOpening:
    case: StoredCase
    created: bool


def case_reference(year: int, sequence: int) -> str:
    return f"KI-{year}-{sequence:04d}"


def _screening_view(record: ScreeningRecord) -> StoredScreening:
    return StoredScreening(
        record.id,
        record.teams_user_id,
        record.policy,
        record.answers_json,
        record.result_json,
        record.verdict,
        record.level,
    )


def _case_view(record: CaseRecord) -> StoredCase:
    return StoredCase(
        record.reference,
        record.initials,
        record.tovholder_teams_user_id,
        record.level,
        record.screening_id,
    )


class Screenings:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def save(self, screening: NewScreening) -> str:
        screening_id = new_id()

        def insert(session: Session) -> None:
            session.add(ScreeningRecord(id=screening_id, **vars(screening)))

        await self._db.run(insert)
        return screening_id

    async def get(self, screening_id: str) -> StoredScreening | None:
        def load(session: Session) -> StoredScreening | None:
            record = session.get(ScreeningRecord, screening_id)
            return _screening_view(record) if record else None

        return await self._db.run(load)

    async def count_by_verdict(self) -> dict[str, int]:
        def count(session: Session) -> dict[str, int]:
            rows = session.execute(
                select(col(ScreeningRecord.verdict), func.count()).group_by(ScreeningRecord.verdict)
            )
            return {verdict: int(n) for verdict, n in rows}

        return await self._db.run(count)


class Cases:
    def __init__(self, database: Database, *, keep_initials: bool = True) -> None:
        """``keep_initials=False`` (``CASE_INITIALS=off``): cases are opened without initials,
        whatever the card sent."""
        self._db = database
        self._keep_initials = keep_initials

    async def open_from_screening(
        self,
        screening: StoredScreening,
        tovholder_teams_user_id: str,
        initials: str | None,
        now: datetime,
    ) -> CaseOpening:
        """Open the case for a screening once; asking again returns the case already opened."""
        if not self._keep_initials:
            initials = None
        for _ in range(REFERENCE_ATTEMPTS):
            try:
                return await self._db.run(
                    lambda session: _open(
                        session, screening, tovholder_teams_user_id, initials, now
                    )
                )
            except IntegrityError:
                continue  # another turn opened the case for this screening at once; look again
        raise RuntimeError("could not allocate a case reference")


def _open(
    session: Session,
    screening: StoredScreening,
    tovholder: str,
    initials: str | None,
    now: datetime,
) -> CaseOpening:
    existing = session.scalars(
        select(CaseRecord).where(col(CaseRecord.screening_id) == screening.id)
    ).first()
    if existing is not None:
        return CaseOpening(_case_view(existing), created=False)
    sequence = next_case_sequence(session, now.year)
    record = CaseRecord(
        reference=case_reference(now.year, sequence),
        year=now.year,
        sequence=sequence,
        initials=initials,
        tovholder_teams_user_id=tovholder,
        level=screening.level,
        screening_id=screening.id,
        created_at=now,
    )
    session.add(record)
    session.flush()
    return CaseOpening(_case_view(record), created=True)


class ScreeningRepository(Protocol):
    """Screenings and the cases opened from them, in the caller's unit of work."""

    def save(self, screening: NewScreening) -> str: ...

    def get(self, screening_id: str) -> StoredScreening | None: ...

    def open_case(
        self, screening: StoredScreening, tovholder_teams_user_id: str, initials: str | None
    ) -> CaseOpening:
        """Open the case of ``screening`` once; asking again returns the case already opened."""
        ...


class ScreeningStore:
    def __init__(self, session: Session, now: datetime) -> None:
        self._session = session
        self._now = now

    def save(self, screening: NewScreening) -> str:
        screening_id = new_id()
        self._session.add(ScreeningRecord(id=screening_id, **vars(screening)))
        return screening_id

    def get(self, screening_id: str) -> StoredScreening | None:
        record = self._session.get(ScreeningRecord, screening_id)
        return _screening_view(record) if record else None

    def open_case(
        self, screening: StoredScreening, tovholder_teams_user_id: str, initials: str | None
    ) -> CaseOpening:
        for _ in range(REFERENCE_ATTEMPTS):
            try:
                with self._session.begin_nested():
                    return _open(
                        self._session, screening, tovholder_teams_user_id, initials, self._now
                    )
            except IntegrityError:
                continue  # another turn opened this screening's case at once: look again
        raise RuntimeError("could not allocate a case reference")
