"""A SQL implementation of the Bot Framework ``Storage`` interface.

Items are stored as JSON (jsonpickle, as the SDK's own blob and Cosmos stores do, because dialog
state holds SDK objects) with an eTag. A write that carries an eTag succeeds only if the stored
item still has that eTag, so two bot instances cannot silently overwrite each other's state; a
stale write raises ``StaleStateError`` (a ``KeyError``, like the SDK's MemoryStorage).

During a user's turn the storage works on that turn's ``TurnState``: the rows were read in the
transaction that claimed the turn, and what the turn writes is saved in the one that commits it.
Outside a turn (or after one failed) it reads and writes the database directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import jsonpickle
from botbuilder.core import Storage
from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from domain.clock import Clock

from .db import Database, table_of
from .models import BotStateRecord
from .turns import running_turn

Row = tuple[str, str]  # the stored JSON and its eTag
Change = Callable[[Session, datetime], None]


_STATE = table_of(BotStateRecord)
_ROWS = select(_STATE.c.key, _STATE.c.data, _STATE.c.etag).where(
    _STATE.c.key.in_(bindparam("keys", expanding=True))
)


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


def _decode(rows: dict[str, Row | None]) -> dict[str, Any]:
    # Only the bot writes this table; jsonpickle is how the SDK's own stores keep dialog state.
    return {
        key: _with_etag(jsonpickle.decode(row[0]), row[1])  # noqa: S301
        for key, row in rows.items()
        if row is not None
    }


def read_rows(session: Session, keys: Iterable[str]) -> dict[str, Row | None]:
    """The stored rows of ``keys`` (None for a key without one), in the caller's transaction."""
    wanted = list(keys)
    if not wanted:
        return {}
    found: dict[str, Row | None] = dict.fromkeys(wanted)
    for key, data, etag in session.execute(_ROWS, {"keys": wanted}):
        found[key] = (data, etag)
    return found


def _writer(key: str, item: Any) -> tuple[Change, Row]:
    """The change that writes ``item`` (encoded now, outside the transaction), and the row it
    leaves behind."""
    expected = _etag_of(item)
    if expected == "":
        raise ValueError("storage write: the item has an empty eTag")
    new_etag = uuid.uuid4().hex
    payload = jsonpickle.encode(item)  # the stored eTag column wins over the copy inside

    def write(session: Session, now: datetime) -> None:
        if expected in (None, "*"):
            _upsert(session, key, payload, new_etag, now)
            return
        result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(BotStateRecord)
            .where(col(BotStateRecord.key) == key, col(BotStateRecord.etag) == expected)
            .values(data=payload, etag=new_etag, updated_at=now)
        )
        if result.rowcount == 0:
            if session.get(BotStateRecord, key) is not None:
                raise StaleStateError(f"state {key!r} changed since it was read")
            _upsert(session, key, payload, new_etag, now)

    return write, (payload, new_etag)


def _deleter(keys: list[str]) -> Change:
    def remove(session: Session, _now: datetime) -> None:
        session.execute(delete(BotStateRecord).where(col(BotStateRecord.key).in_(keys)))

    return remove


class TurnState:
    """The dialog state of one turn: read with the turn's claim (``load``), changed in memory
    while the turn runs, saved with the turn's commit (``save``)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = list(keys)
        self._rows: dict[str, Row | None] = {}
        self._changes: list[Change] = []

    @property
    def changed(self) -> bool:
        return bool(self._changes)

    def load(self, session: Session) -> None:
        self._rows = read_rows(session, self._keys)

    def save(self, session: Session, now: datetime) -> None:
        for change in self._changes:
            change(session, now)

    def knows(self, keys: Iterable[str]) -> bool:
        return all(key in self._rows for key in keys)

    def read(self, keys: Iterable[str]) -> dict[str, Any]:
        return _decode({key: self._rows[key] for key in keys})

    def write(self, changes: dict[str, Any]) -> None:
        for key, item in changes.items():
            change, row = _writer(key, item)
            self._changes.append(change)
            self._rows[key] = row

    def delete(self, keys: list[str]) -> None:
        self._changes.append(_deleter(keys))
        self._rows.update(dict.fromkeys(keys))


def _turn_state() -> TurnState | None:
    turn = running_turn()
    state = turn.state if turn is not None else None
    return state if isinstance(state, TurnState) else None


class SqlStorage(Storage):
    def __init__(self, database: Database, clock: Clock) -> None:
        super().__init__()
        self._db = database
        self._clock = clock

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        state = _turn_state()
        if state is not None and state.knows(keys):
            return state.read(keys)
        return _decode(await self._db.read(lambda session: read_rows(session, keys)))

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        state = _turn_state()
        if state is not None:
            state.write(changes)
            return
        now = self._clock.now()
        writes = [_writer(key, item)[0] for key, item in changes.items()]

        def write_all(session: Session) -> None:
            for write in writes:
                write(session, now)

        await self._db.run(write_all)

    async def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        state = _turn_state()
        if state is not None:
            state.delete(list(keys))
            return
        now = self._clock.now()
        await self._db.run(lambda session: _deleter(list(keys))(session, now))


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
