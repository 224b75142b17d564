"""The turn serializer: one turn per conversation, across instances sharing a database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.serial import LEASE, ConversationBusy, TurnSerializer, conversation_key
from domain.clock import Clock, FixedClock, SystemClock
from storage.db import Database
from storage.leases import Leases
from storage.turns import TurnRecorder

KEY = conversation_key("msteams", "a:personal-alice")


@pytest.fixture
def database(migrated_database_url: str) -> Iterator[Database]:
    database = Database(migrated_database_url)
    yield database
    database.dispose()


def _serializer(
    database: Database,
    lease_clock: Clock,
    max_wait_seconds: float = 60.0,
    lease: timedelta = LEASE,
) -> TurnSerializer:
    return TurnSerializer(
        Leases(database),
        TurnRecorder(database, FixedClock()),
        lease_clock,
        lease=lease,
        max_wait_seconds=max_wait_seconds,
    )


async def test_a_second_instance_waits_until_the_first_turn_is_done(database: Database):
    clock = FixedClock()
    first, second = (_serializer(database, clock) for _ in range(2))
    order: list[str] = []
    first_holds = asyncio.Event()

    async def first_turn() -> None:
        async with first.hold(KEY):
            first_holds.set()
            order.append("first starts")
            await asyncio.sleep(0.05)  # the turn's own work, while the other instance waits
            order.append("first ends")

    async def second_turn() -> None:
        await first_holds.wait()
        async with second.hold(KEY):
            order.append("second runs")

    await asyncio.gather(first_turn(), second_turn())

    assert order == ["first starts", "first ends", "second runs"]


async def test_other_conversations_do_not_wait(database: Database):
    serializer = _serializer(database, FixedClock(), max_wait_seconds=0.5)

    async with serializer.hold(KEY), serializer.hold(conversation_key("msteams", "a:personal-bob")):
        pass


async def test_a_conversation_held_by_a_crashed_instance_is_free_once_its_lease_expires(
    database: Database,
):
    clock = FixedClock()
    leases = Leases(database)
    await leases.claim(KEY, "crashed-instance", clock.now(), LEASE)
    serializer = _serializer(database, clock, max_wait_seconds=0.3)

    with pytest.raises(ConversationBusy):
        async with serializer.hold(KEY):
            pass
    clock.advance(LEASE)  # seconds, not minutes: see test_dead_instance_over_http

    async with serializer.hold(KEY):
        pass


async def test_an_error_in_a_turn_releases_the_conversation(database: Database):
    serializer = _serializer(database, FixedClock(), max_wait_seconds=0.3)

    with pytest.raises(RuntimeError, match="boom"):
        async with serializer.hold(KEY):
            raise RuntimeError("boom")

    async with _serializer(database, FixedClock(), max_wait_seconds=0.3).hold(KEY):
        pass


async def test_a_turn_longer_than_its_short_lease_keeps_the_conversation_by_renewing_it(
    database: Database,
):
    holder = _serializer(database, SystemClock(), lease=timedelta(seconds=1))
    other = _serializer(database, SystemClock(), max_wait_seconds=0)

    async with holder.hold(KEY):
        await asyncio.sleep(2.5)  # the turn's own work, two and a half leases long
        with pytest.raises(ConversationBusy):
            async with other.hold(KEY):
                pass

    async with other.hold(KEY):
        pass
