"""Case numbers: one counter row per year, incremented in the transaction that opens the case.

Taking ``max(sequence) + 1`` lets two transactions pick the same number; the counter row is
locked by the increment instead, so concurrent openings wait for each other briefly and never
collide (PostgreSQL and SQLite alike). A rolled-back opening rolls its number back too.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col

from .models import CaseRecord


class CaseCounter(SQLModel, table=True):
    """The last case sequence number handed out in one year."""

    __tablename__ = "case_counters"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    last_sequence: int = Field(default=0)


def next_case_sequence(session: Session, year: int) -> int:
    """The next sequence number of ``year``; the counter row stays locked until commit."""
    counter = session.get(CaseCounter, year)
    if counter is None:
        highest = session.scalar(
            select(func.max(col(CaseRecord.sequence))).where(col(CaseRecord.year) == year)
        )
        insert = (
            postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        session.execute(
            insert(CaseCounter)
            .values(year=year, last_sequence=highest or 0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
    sequence = session.scalar(
        update(CaseCounter)
        .where(col(CaseCounter.year) == year)
        .values(last_sequence=col(CaseCounter.last_sequence) + 1)
        .returning(col(CaseCounter.last_sequence))
    )
    if sequence is None:
        raise RuntimeError(f"no case counter for {year}")
    return int(sequence)
