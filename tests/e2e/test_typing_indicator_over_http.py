"""The typing indicator runs while a message turn runs, and never after it ended."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests import activities
from tests.conftest import BotUnderTest


def _typing_count(bot: BotUnderTest) -> int:
    return len([s for s in bot.connector.sent if s.type == "typing"])


async def test_after_a_turn_that_raises_no_typing_indicator_is_sent_any_more(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
):
    await bot.restart(typing_delay_seconds=0.0, typing_period_seconds=0.01)

    async def fails_after_typing_showed(_turn_context: Any, _text: str) -> None:
        await bot.connector.wait_until(lambda sent: any(s.type == "typing" for s in sent))
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.services.bot, "_on_text", fails_after_typing_showed)
    await bot.send(activities.message("hjælp", service_url=bot.service_url))
    await bot.connector.wait_for(1)  # the apology

    assert bot.services.typing.running == set()  # the sender was cancelled with the turn
    sent = _typing_count(bot)
    await asyncio.sleep(0.1)  # ten periods: a sender left running would have sent more
    assert _typing_count(bot) == sent


async def test_a_quick_turn_sends_no_typing_indicator(bot: BotUnderTest):
    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    await bot.connector.wait_for(1)

    assert _typing_count(bot) == 0
    assert bot.services.typing.running == set()
