"""An instance killed in the middle of a turn (``kill -9``: no clean-up) holds the conversation's
lease; the user's next turn, served by an instance still alive, must not wait long for it."""

from __future__ import annotations

import asyncio
import contextlib
import time

from tests.conftest import StartProcess
from tests.harness import World

ANSWERED_WITHIN_SECONDS = 10


async def _until(condition: object, timeout: float) -> None:
    """Poll a condition another process makes true (nothing to wait on in this one)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.02)


async def test_a_users_next_turn_after_the_instance_holding_their_chat_was_killed_is_answered_within_10_s(
    world: World, start_process: StartProcess
):
    anne = world.user("anne")
    process = await start_process()
    hung = world.connector.faults.hang_up(conversation=anne.personal_chat)
    first = asyncio.create_task(world.say(anne, "hjælp", bot=process))
    await _until(lambda: hung.hits == 1, timeout=30)  # mid-turn: its reply is on the way
    process.kill()
    with contextlib.suppress(Exception):
        await first  # the connection died with the process

    started = time.monotonic()
    turn = await world.say(anne, "hjælp")
    await world.connector.wait_until(
        lambda _sent: any(m.shows("Det kan KI-bot") for m in world.chat(anne).messages),
        timeout=60,
    )
    waited = time.monotonic() - started

    print(f"anne's next turn was answered {waited:.1f} s after the kill")
    assert turn.status in (201, 202)
    assert waited < ANSWERED_WITHIN_SECONDS
