"""The database engine and the one way to run work against it without blocking the event loop.

Work runs in a thread pool of the database's own, sized to its connection pool: a worker never
waits for a connection, and nothing else (blocking HTTP, token fetches, other libraries using the
default executor) can take the threads the database needs.

On SQLite one writer at a time is all the file allows; writing transactions of this process queue
on one thread of their own (first come, first served) instead of polling for the lock in
``busy_timeout`` sleeps, which let a late comer overtake a turn that waited long. Reads
(``Database.read``) begin a deferred transaction and run beside the writer: WAL readers see the
last commit and never wait for the write lock. A short transaction of a few statements
(``Database.run_short``: a turn's claim and commit) runs on the event loop itself when the write
lock is free at once: handing it to a thread and back costs a round of the event loop each way,
which under load is far longer than the transaction.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final, TypeVar

from sqlalchemy import Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session, SQLModel, create_engine

T = TypeVar("T")

POOL_SIZE = 10
MAX_OVERFLOW = 10
READ_ONLY: Final = "ki_read_only"  # execution option: a transaction that never writes
BUSY_TIMEOUT_MS: Final = 5000


def table_of(model: type[SQLModel]) -> Table:
    """The table of a model, for Core statements on a hot path (no ORM bookkeeping)."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


def insert_or_ignore(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT a row unless one with its key exists (then nothing happens, and False), on either
    database, without a savepoint."""
    statement = _insert_or_ignore(session.get_bind().dialect.name, table)
    return session.execute(statement, values).first() is not None


@functools.cache
def _insert_or_ignore(dialect: str, table: Table) -> ReturningInsert[Any]:
    # RETURNING tells whether a row went in: the drivers' rowcount does not (psycopg: -1).
    module = sqlite if dialect == "sqlite" else postgresql
    statement: ReturningInsert[Any] = (
        module.insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
    )
    return statement


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def enable(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling is off: transactions begin in _begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return enable


def _begin(connection: Any) -> None:
    """Take SQLite's write lock when a transaction begins. A transaction that read first and
    writes later cannot be upgraded once another writer committed in between (WAL answers
    "database is locked" at once, without waiting); starting with the lock makes concurrent
    units of work wait their turn (busy_timeout) instead. A read-only one begins deferred."""
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(
    url: str, *, pool_size: int = POOL_SIZE, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=pool_size,
            max_overflow=MAX_OVERFLOW,
        )
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _begin)
        return engine
    # A bounded connect time: an unreachable server fails start-up in seconds, not minutes.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
        connect_args={"connect_timeout": 10},
    )


class _Locked(Exception):
    """SQLite's write lock was taken: the short transaction goes to the writer thread."""


class Database:
    """Owns the engine; ``run`` executes a unit of work in a worker thread inside one
    transaction, ``read`` one that only reads, ``run_short`` a short one (see above)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self._reader = self.engine.execution_options(**{READ_ONLY: True})
        self._executor = ThreadPoolExecutor(
            max_workers=POOL_SIZE + MAX_OVERFLOW, thread_name_prefix="ki-db"
        )
        self._writer = self._executor
        self._on_loop: Engine | None = None
        self._writes_in_flight = 0
        if self.is_sqlite:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ki-db-writer")
            # Never waits for the lock: a transaction that cannot have it at once is handed on.
            self._on_loop = create_db_engine(url, pool_size=1, busy_timeout_ms=0)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def run_sync(self, work: Callable[[Session], T]) -> T:
        with Session(self.engine, expire_on_commit=False) as session:
            result = work(session)
            session.commit()
            return result

    def read_sync(self, work: Callable[[Session], T]) -> T:
        with Session(self._reader, expire_on_commit=False) as session:
            result = work(session)
            session.rollback()  # nothing to keep: ends the read transaction
            return result

    async def run(self, work: Callable[[Session], T]) -> T:
        self._writes_in_flight += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._writer, self.run_sync, work
            )
        finally:
            self._writes_in_flight -= 1

    async def run_short(self, work: Callable[[Session], T]) -> T:
        """Run ``work``, a few statements that never wait for anything but the database, in
        one transaction: on SQLite on the event loop when no write of this process is under way
        and the write lock is free at once, otherwise as ``run`` does."""
        if self._on_loop is not None and self._writes_in_flight == 0:
            try:
                return self._run_now(self._on_loop, work)
            except _Locked:
                pass
        return await self.run(work)

    @staticmethod
    def _run_now(engine: Engine, work: Callable[[Session], T]) -> T:
        with Session(engine, expire_on_commit=False) as session:
            try:
                session.connection()  # BEGIN IMMEDIATE, before any of the work ran
            except OperationalError as error:
                if "locked" in str(error.orig) or "busy" in str(error.orig):
                    raise _Locked from error
                raise
            result = work(session)
            session.commit()
            return result

    async def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` that only reads; on SQLite it does not wait for the write lock."""
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, self.read_sync, work
        )

    async def is_reachable(self) -> bool:
        def ping(session: Session) -> bool:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
            return True

        try:
            return await self.read(ping)
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return False

    def dispose(self) -> None:
        # Work already running finishes and gives its connection back before the pool closes;
        # otherwise that connection outlives the engine and is only closed by the GC.
        self._writer.shutdown(wait=True, cancel_futures=True)
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.engine.dispose()
        if self._on_loop is not None:
            self._on_loop.dispose()
