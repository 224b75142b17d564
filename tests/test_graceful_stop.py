"""Stopping a background loop: woken, it ends on its own; one that does not is cancelled."""

from __future__ import annotations

import asyncio

from bot.graceful_stop import stop_gracefully


async def test_a_loop_woken_to_stop_ends_on_its_own_and_is_not_cancelled():
    woken = asyncio.Event()
    ended: list[str] = []

    async def loop() -> None:
        await woken.wait()
        ended.append("on its own")

    task = asyncio.create_task(loop())
    await stop_gracefully(task, woken.set)

    assert ended == ["on its own"]
    assert not task.cancelled()


async def test_a_loop_that_does_not_end_within_the_grace_is_cancelled():
    task = asyncio.create_task(asyncio.Event().wait())

    await stop_gracefully(task, lambda: None, grace_seconds=0)

    assert task.cancelled()


async def test_stopping_what_never_started_does_nothing():
    woken: list[str] = []

    await stop_gracefully(None, lambda: woken.append("woken"))

    assert woken == []
