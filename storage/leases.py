"""Leases: a row per key that one holder owns until it releases it or the lease expires.

Several bot instances share one database, so "only one turn of a conversation at a time" needs a
lock they all see. A lease is that lock, portable to SQLite and PostgreSQL: claiming it is one
conditional UPDATE (or an INSERT for a key never seen), which both databases run atomically. A
holder that dies stops renewing, and its lease expires so others can go on.

Leases guard against a dead process, so their times are the processes' real wall clock, never a
business clock a test may move: callers pass ``now`` from a ``SystemClock``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, CursorResult, DateTime, delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col

from .db import Database

RELEASED = datetime(1970, 1, 1, tzinfo=UTC)


class LeaseRecord(SQLModel, table=True):
    """Who holds the lease on ``key`` (a hash of a conversation) and until when."""

    __tablename__ = "leases"

    key: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True)
    )


def take_lease(session: Session, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take the lease in the caller's transaction if it is free or expired; False if someone
    else holds it."""
    taken: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(LeaseRecord)
        .where(
            col(LeaseRecord.key) == key,
            or_(col(LeaseRecord.expires_at) <= now, col(LeaseRecord.holder) == holder),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    if taken.rowcount:
        return True
    try:
        with session.begin_nested():
            session.add(LeaseRecord(key=key, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False
    return True


def release_lease(session: Session, key: str, holder: str) -> bool:
    """Free the lease in the caller's transaction (the row stays, so the next claim is a single
    UPDATE); False if ``holder`` no longer held it."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(LeaseRecord)
        .where(col(LeaseRecord.key) == key, col(LeaseRecord.holder) == holder)
        .values(expires_at=RELEASED)
    )
    return bool(result.rowcount)


class Leases:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim(self, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease if it is free or expired; False if someone else holds it."""
        return await self._db.run(lambda session: take_lease(session, key, holder, now, ttl))

    async def renew(self, key: str, holder: str, until: datetime) -> bool:
        """Extend a held lease; False if it was lost (expired and taken by someone else)."""

        def renew(session: Session) -> bool:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(LeaseRecord)
                .where(col(LeaseRecord.key) == key, col(LeaseRecord.holder) == holder)
                .values(expires_at=until)
            )
            return bool(result.rowcount)

        return await self._db.run(renew)

    async def release(self, key: str, holder: str) -> None:
        await self._db.run(lambda session: release_lease(session, key, holder))

    async def forget_expired_before(self, moment: datetime) -> int:
        def purge(session: Session) -> int:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                delete(LeaseRecord).where(col(LeaseRecord.expires_at) < moment)
            )
            return int(result.rowcount or 0)

        return await self._db.run(purge)
