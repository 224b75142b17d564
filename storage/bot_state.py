"""A SQL implementation of the Bot Framework ``Storage`` interface.

Items are stored as JSON (jsonpickle, as the SDK's own blob and Cosmos stores do, because dialog
state holds SDK objects) with an eTag. A write that carries an eTag succeeds only if the stored
item still has that eTag, so two bot instances cannot silently overwrite each other's state; a
stale write raises ``StaleStateError`` (a ``KeyError``, like the SDK's MemoryStorage).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

import jsonpickle
from botbuilder.core import Storage
from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.clock import Clock

from .db import Database
from .models import BotStateRecord


class StaleStateError(KeyError):
    """The item changed since it was read (eTag mismatch)."""


def _etag_of(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _with_etag(item: Any, etag: str) -> Any:
    if isinstance(item, dict):
        item["e_tag"] = etag
    else:
        item.e_tag = etag
    return item


class SqlStorage(Storage):
    def __init__(self, database: Database, clock: Clock) -> None:
        super().__init__()
        self._db = database
        self._clock = clock

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}

        def load(session: Session) -> list[BotStateRecord]:
            return list(
                session.scalars(select(BotStateRecord).where(col(BotStateRecord.key).in_(keys)))
            )

        records = await self._db.run(load)
        # Only the bot writes this table; jsonpickle is how the SDK's own stores keep dialog state.
        return {
            r.key: _with_etag(jsonpickle.decode(r.data), r.etag)  # noqa: S301
            for r in records
        }

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        now = self._clock.now()
        writes = [self._writer(key, item, now) for key, item in changes.items()]

        def write_all(session: Session) -> None:
            for write in writes:
                write(session)

        await self._db.run(write_all)

    async def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        await self._db.run(
            lambda session: session.execute(
                delete(BotStateRecord).where(col(BotStateRecord.key).in_(keys))
            )
        )

    def _writer(self, key: str, item: Any, now: datetime) -> Callable[[Session], None]:
        expected = _etag_of(item)
        if expected == "":
            raise ValueError("storage write: the item has an empty eTag")
        new_etag = uuid.uuid4().hex
        payload = jsonpickle.encode(item)  # the stored eTag column wins over the copy inside

        def write(session: Session) -> None:
            if expected in (None, "*"):
                _upsert(session, key, payload, new_etag, now)
                return
            result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(BotStateRecord)
                .where(col(BotStateRecord.key) == key, col(BotStateRecord.etag) == expected)
                .values(data=payload, etag=new_etag, updated_at=now)
            )
            changed = result.rowcount
            if changed == 0:
                if session.get(BotStateRecord, key) is not None:
                    raise StaleStateError(f"state {key!r} changed since it was read")
                _upsert(session, key, payload, new_etag, now)

        return write


def _upsert(session: Session, key: str, payload: str, etag: str, now: datetime) -> None:
    record = session.get(BotStateRecord, key)
    if record is None:
        try:
            with session.begin_nested():
                session.add(BotStateRecord(key=key, data=payload, etag=etag, updated_at=now))
            return
        except IntegrityError:
            record = session.get(BotStateRecord, key)
            if record is None:  # the conflicting row was deleted again in between
                raise
    record.data, record.etag, record.updated_at = payload, etag, now
    session.add(record)
