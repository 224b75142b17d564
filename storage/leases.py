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

from sqlalchemy import Column, CursorResult, DateTime, bindparam, delete, or_, update
from sqlmodel import Field, Session, SQLModel, col

from .db import Database, insert_or_ignore, table_of

RELEASED = datetime(1970, 1, 1, tzinfo=UTC)


class LeaseRecord(SQLModel, table=True):
    """Who holds the lease on ``key`` (a hash of a conversation) and until when."""

    __tablename__ = "leases"

    key: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True)
    )


# Core statements, built once: a turn runs them twice, on the event loop on SQLite.
_LEASES = table_of(LeaseRecord)
_TAKE = (
    update(_LEASES)
    .where(
        _LEASES.c.key == bindparam("lease_key"),
        or_(_LEASES.c.expires_at <= bindparam("now"), _LEASES.c.holder == bindparam("claimant")),
    )
    .values(holder=bindparam("claimant"), expires_at=bindparam("until"))
)
_RENEW = (
    update(_LEASES)
    .where(
        _LEASES.c.key == bindparam("lease_key"),
        _LEASES.c.holder == bindparam("claimant"),
        _LEASES.c.expires_at > bindparam("now"),
    )
    .values(expires_at=bindparam("until"))
)
_RELEASE = (
    update(_LEASES)
    .where(_LEASES.c.key == bindparam("lease_key"), _LEASES.c.holder == bindparam("claimant"))
    .values(expires_at=RELEASED)
)


def take_lease(session: Session, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take the lease in the caller's transaction if it is free or expired; False if someone
    else holds it."""
    taken: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        _TAKE, {"lease_key": key, "now": now, "claimant": holder, "until": now + ttl}
    )
    if taken.rowcount:
        return True
    return insert_or_ignore(
        session, _LEASES, {"key": key, "holder": holder, "expires_at": now + ttl}
    )


def release_lease(session: Session, key: str, holder: str) -> bool:
    """Free the lease in the caller's transaction (the row stays, so the next claim is a single
    UPDATE); False if ``holder`` no longer held it."""
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        _RELEASE, {"lease_key": key, "claimant": holder}
    )
    return bool(result.rowcount)


class Leases:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def claim(self, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease if it is free or expired; False if someone else holds it."""
        return await self._db.run(lambda session: take_lease(session, key, holder, now, ttl))

    async def renew(self, key: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Extend a lease ``holder`` still holds; False if it was released, or expired (and
        perhaps taken by someone else): a late renewal never revives a lease."""

        def renew(session: Session) -> bool:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                _RENEW, {"lease_key": key, "claimant": holder, "now": now, "until": now + ttl}
            )
            return bool(result.rowcount)

        return await self._db.run_short(renew)

    async def release(self, key: str, holder: str) -> None:
        await self._db.run(lambda session: release_lease(session, key, holder))

    async def forget_expired_before(self, moment: datetime) -> int:
        def purge(session: Session) -> int:
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                delete(LeaseRecord).where(col(LeaseRecord.expires_at) < moment)
            )
            return int(result.rowcount or 0)

        return await self._db.run(purge)
