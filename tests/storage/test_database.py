"""How work reaches SQLite: reads beside the writer, short transactions on the event loop when
the write lock is free, and handed to the writer thread when another process holds it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from storage.db import Database


@pytest.fixture
async def two_processes(tmp_path: Path) -> AsyncIterator[tuple[Database, Database]]:
    """Two databases on one SQLite file, as two bot processes have."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    ours, theirs = Database(url), Database(url)
    ours.run_sync(lambda s: s.execute(text("CREATE TABLE t (x INTEGER)")))
    yield ours, theirs
    ours.dispose()
    theirs.dispose()


def _count(session: Session) -> int:
    return int(session.execute(text("SELECT count(*) FROM t")).scalar_one())


def _insert(session: Session) -> None:
    session.execute(text("INSERT INTO t VALUES (1)"))


async def _holding_the_write_lock(
    database: Database,
) -> tuple[asyncio.Future[None], threading.Event]:
    holding, release = threading.Event(), threading.Event()

    def hold(session: Session) -> None:
        _insert(session)
        holding.set()
        release.wait(10)

    held = asyncio.ensure_future(database.run(hold))
    await asyncio.to_thread(holding.wait, 10)
    return held, release


async def test_a_read_does_not_wait_for_the_write_lock(two_processes: tuple[Database, Database]):
    ours, theirs = two_processes
    held, release = await _holding_the_write_lock(theirs)

    seen = await ours.read(_count)  # would wait for busy_timeout if it took the lock

    release.set()
    await held
    assert (seen, await ours.read(_count)) == (0, 1)


async def test_a_short_transaction_waits_for_another_processs_lock_off_the_event_loop(
    two_processes: tuple[Database, Database],
):
    ours, theirs = two_processes
    held, release = await _holding_the_write_lock(theirs)

    short = asyncio.ensure_future(ours.run_short(_insert))
    await asyncio.sleep(0)  # the loop runs on: the transaction waits in the writer thread

    assert not short.done()
    release.set()
    await asyncio.gather(held, short)
    assert await ours.read(_count) == 2


async def test_a_short_transaction_with_the_lock_free_runs_and_commits_at_once(
    two_processes: tuple[Database, Database],
):
    ours, theirs = two_processes

    await ours.run_short(_insert)

    assert await theirs.read(_count) == 1
