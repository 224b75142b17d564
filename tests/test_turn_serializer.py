"""The turn serializer: one turn per conversation, across instances sharing a database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.serial import ConversationBusy, TurnSerializer, conversation_key
from domain.clock import FixedClock
from storage.db import Database
from storage.leases import Leases

KEY = conversation_key("msteams", "a:personal-alice")


@pytest.fixture
def database(migrated_database_url: str) -> Iterator[Database]:
    database = Database(migrated_database_url)
    yield database
    database.dispose()


async def test_a_second_instance_waits_until_the_first_turn_is_done(database: Database):
    clock = FixedClock()
    first, second = (TurnSerializer(Leases(database), clock) for _ in range(2))
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
    serializer = TurnSerializer(Leases(database), FixedClock(), max_wait_seconds=0.5)

    async with serializer.hold(KEY), serializer.hold(conversation_key("msteams", "a:personal-bob")):
        pass


async def test_a_conversation_held_by_a_crashed_instance_is_free_once_its_lease_expires(
    database: Database,
):
    clock = FixedClock()
    leases = Leases(database)
    await leases.claim(KEY, "crashed-instance", clock.now(), timedelta(seconds=30))
    serializer = TurnSerializer(leases, clock, max_wait_seconds=0.3)

    with pytest.raises(ConversationBusy):
        async with serializer.hold(KEY):
            pass
    clock.advance(timedelta(seconds=31))

    async with serializer.hold(KEY):
        pass


async def test_an_error_in_a_turn_releases_the_conversation(database: Database):
    serializer = TurnSerializer(Leases(database), FixedClock(), max_wait_seconds=0.3)

    with pytest.raises(RuntimeError, match="boom"):
        async with serializer.hold(KEY):
            raise RuntimeError("boom")

    async with TurnSerializer(Leases(database), FixedClock(), max_wait_seconds=0.3).hold(KEY):
        pass
