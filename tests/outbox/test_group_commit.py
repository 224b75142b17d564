"""Outcomes of many sends share transactions; each caller waits until its own write is durable,
and a failing write is its caller's failure alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session

from bot.group_commit import Bulk, GroupCommit
from domain.messaging import Content, ToConversation
from storage.db import Database
from storage.outbox import Outbox, OutgoingMessage

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _queue(key: str) -> Callable[[Session], Any]:
    message = OutgoingMessage(key, ToConversation("t", "c"), Content(text=key), NOW)
    return lambda session: Outbox(session).enqueue(message, now=NOW)


async def test_many_writes_share_a_few_transactions_and_each_is_durable_when_awaited(
    database: Database,
):
    transactions = 0

    async def counted(work: Callable[[Session], Any]) -> Any:
        nonlocal transactions
        transactions += 1
        return await database.run(work)

    group = GroupCommit(counted)
    await asyncio.gather(*(group.write(_queue(f"m{n}")) for n in range(50)))

    assert transactions <= 3
    assert await database.run(lambda s: Outbox(s).counts()) == {"pending": 50}


async def test_a_failing_write_fails_alone(database: Database):
    group = GroupCommit(database.run)

    def broken(_session: Session) -> None:
        raise ValueError("a bug in one outcome")

    results = await asyncio.gather(
        group.write(_queue("before")),
        group.write(broken),
        group.write(_queue("after")),
        return_exceptions=True,
    )

    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError)
    assert await database.run(lambda s: Outbox(s).counts()) == {"pending": 2}


async def test_a_transaction_that_fails_as_a_whole_is_tried_once_more(database: Database):
    attempts = 0

    async def deadlocked_once(work: Callable[[Session], Any]) -> Any:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise RuntimeError("deadlock detected")
        return await database.run(work)

    await GroupCommit(deadlocked_once).write(_queue("m"))

    assert attempts == 2
    with pytest.raises(RuntimeError):
        await GroupCommit(lambda _work: _fail()).write(_queue("n"))


async def _fail() -> None:
    raise RuntimeError("the database is away")


async def test_items_of_a_bulk_write_become_one_statement_for_every_caller(database: Database):
    group = GroupCommit(database.run)
    calls: list[list[str]] = []

    def queue_all(session: Session, keys: list[str]) -> None:
        calls.append(keys)
        for key in keys:
            _queue(key)(session)

    bulk = Bulk(queue_all)
    await asyncio.gather(*(group.write_item(bulk, f"m{n}") for n in range(30)))

    assert sum(len(keys) for keys in calls) == 30 and len(calls) <= 3
    assert await database.run(lambda s: Outbox(s).counts()) == {"pending": 30}
