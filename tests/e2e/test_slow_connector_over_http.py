"""A Bot Connector that accepts connections and never answers hurts only its own conversation."""

from __future__ import annotations

import asyncio
import os
import threading
import time

from tests import activities
from tests.conftest import BotUnderTest
from tests.hanging_server import HangingServer
from tests.harness import Fault

# More hanging conversations than the default thread pool has workers on this machine.
HANGING_USERS = min(32, (os.cpu_count() or 1) + 4) + 2


async def test_hanging_connectors_do_not_delay_another_users_reply_or_readiness(
    bot: BotUnderTest,
):
    await bot.restart(connector_timeout_seconds=1.0)
    with HangingServer(hold_seconds=8) as hanging:
        stuck = [
            asyncio.ensure_future(
                bot.send(
                    activities.message(
                        "hjælp",
                        service_url=hanging.url,
                        user=f"29:stuck-{number}",
                        conversation=f"a:stuck-{number}",
                    )
                )
            )
            for number in range(HANGING_USERS)
        ]
        await asyncio.sleep(0.2)  # let every stuck turn reach its hanging send

        started = time.perf_counter()
        ready = await asyncio.wait_for(bot.get("/readyz"), timeout=1.0)
        await bot.send(activities.message("hjælp", service_url=bot.service_url))
        [reply] = await bot.connector.wait_for(1, timeout=2.0)
        elapsed = time.perf_counter() - started

        statuses = await asyncio.wait_for(asyncio.gather(*stuck), timeout=8)

    assert ready == (200, {"status": "ready"})
    assert reply.cards and elapsed < 2.0
    assert {status for status, _ in statuses} == {201}  # failed fast, apology attempted


async def test_a_throttled_or_briefly_failing_connector_is_retried_and_the_reply_arrives_once(
    bot: BotUnderTest,
):
    await bot.restart(connector_retries=2)
    bot.connector.faults.too_many_requests(times=1, retry_after=0, method="POST")
    bot.connector.faults.server_error(times=1, status=503, method="POST")

    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    [reply] = await bot.connector.wait_for(1)
    refused = [c.status for c in bot.connector.calls if c.status in (429, 503)]
    assert reply.cards and refused == [429, 503]


async def test_a_connector_that_rejects_a_message_is_not_asked_again(bot: BotUnderTest):
    bot.connector.faults.add(Fault(400, 1, {"error": {"code": "BadArgument"}}, method="POST"))

    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    [apology] = await bot.connector.wait_for(1)
    refused = [c.status for c in bot.connector.calls if c.status == 400]
    assert "noget gik galt" in str(apology.cards) and refused == [400]


async def test_database_work_has_threads_of_its_own_when_the_default_pool_is_full(
    bot: BotUnderTest,
):
    loop = asyncio.get_running_loop()
    release = threading.Event()
    blockers = [loop.run_in_executor(None, release.wait, 5) for _ in range(HANGING_USERS * 4)]
    try:
        ready = await asyncio.wait_for(bot.get("/readyz"), timeout=1.0)
        await bot.send(activities.message("hjælp", service_url=bot.service_url))
        [reply] = await bot.connector.wait_for(1, timeout=2.0)
    finally:
        release.set()
        await asyncio.gather(*blockers)

    assert ready == (200, {"status": "ready"}) and reply.cards
