"""Turns of one conversation arriving at once: double clicks and fast typing, in one bot and
across two bot instances on one database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from storage.screenings import Screenings
from tests import activities
from tests.conftest import BotUnderTest
from tests.e2e.test_screening_over_http import ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES, _submit_data
from tests.harness import Sent

NOT_ELIGIBLE_FIRST = {**ELIGIBLE_FIRST, "psychiatric_disorder": "none"}


def _apologies(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if "noget gik galt" in json.dumps(s.cards, ensure_ascii=False)]


def _already_received(sent: list[Sent]) -> list[Sent]:
    return [s for s in sent if "allerede modtaget" in s.text]


async def _questions_card(bot: BotUnderTest) -> dict[str, Any]:
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    [questions] = await bot.connector.wait_for(1)
    return questions.cards[0]


@pytest.fixture
async def second_instance(bot: BotUnderTest) -> AsyncIterator[BotUnderTest]:
    """Another bot process on the same database, replying to the same connector."""
    other = BotUnderTest(bot.settings, bot.clock, bot.connector)
    await other.start()
    yield other
    await other.stop()


async def test_a_double_click_on_se_svaret_gives_one_follow_up_and_a_short_already_received(
    bot: BotUnderTest,
):
    card = await _questions_card(bot)
    submit = _submit_data(card, ELIGIBLE_FIRST)

    await asyncio.gather(
        bot.send(activities.card_submit(submit, service_url=bot.service_url)),
        bot.send(activities.card_submit(submit, service_url=bot.service_url)),
    )

    replies = await bot.connector.wait_for(3)
    follow_ups = [s for s in replies[1:] if s.cards]
    assert len(follow_ups) == 1 and len(_already_received(replies)) == 1
    assert _apologies(replies) == []
    follow_up = _submit_data(follow_ups[0].cards[0], NO_FOLLOW_UP_OBSTACLES)
    await bot.send(activities.card_submit(follow_up, service_url=bot.service_url))
    result = (await bot.connector.wait_for(4))[-1]
    assert "Foreslået niveau 1" in json.dumps(result.cards, ensure_ascii=False)


async def test_a_double_click_on_a_not_eligible_answer_stores_one_screening(bot: BotUnderTest):
    card = await _questions_card(bot)
    submit = _submit_data(card, NOT_ELIGIBLE_FIRST)

    await asyncio.gather(
        *(bot.send(activities.card_submit(submit, service_url=bot.service_url)) for _ in range(2))
    )

    replies = await bot.connector.wait_for(3)
    assert len([s for s in replies[1:] if s.cards]) == 1
    assert len(_already_received(replies)) == 1
    assert await Screenings(bot.services.database).count_by_verdict() == {"not_eligible": 1}


async def test_a_double_click_reaching_two_bot_instances_is_still_answered_once(
    bot: BotUnderTest, second_instance: BotUnderTest
):
    card = await _questions_card(bot)
    submit = _submit_data(card, NOT_ELIGIBLE_FIRST)

    await asyncio.gather(
        bot.send(activities.card_submit(submit, service_url=bot.service_url)),
        second_instance.send(activities.card_submit(submit, service_url=bot.service_url)),
    )

    replies = await bot.connector.wait_for(3)
    assert _apologies(replies) == []
    assert len([s for s in replies[1:] if s.cards]) == 1
    assert len(_already_received(replies)) == 1
    assert await Screenings(bot.services.database).count_by_verdict() == {"not_eligible": 1}


async def test_a_burst_of_120_messages_from_one_user_gets_120_answers_and_no_apology(
    bot: BotUnderTest, second_instance: BotUnderTest
):
    instances = (bot, second_instance)
    statuses = await asyncio.gather(
        *(
            instances[number % 2].send(activities.message("hej", service_url=bot.service_url))
            for number in range(120)
        )
    )

    replies = await bot.connector.wait_for(120, timeout=60)
    assert {status for status, _ in statuses} <= {201, 202}  # 202: queued past the ack time
    assert _apologies(replies) == []
    assert all(reply.text.startswith("Det forstod jeg ikke") for reply in replies)


async def test_a_failed_turn_runs_again_when_teams_redelivers_it_and_a_completed_one_does_not(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
):
    activity = activities.message("hjælp", service_url=bot.service_url, activity_id="retry-1")
    original = bot.services.bot._on_text

    async def broken(_turn_context: Any, _text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.services.bot, "_on_text", broken)
    await bot.send(activity)
    [apology] = await bot.connector.wait_for(1)
    monkeypatch.setattr(bot.services.bot, "_on_text", original)

    await bot.send(activity)  # Teams re-delivers the failed one: it runs now
    await bot.send(activity)  # and a re-delivery of the completed turn is dropped

    replies = await bot.connector.wait_for(2)
    assert _apologies([apology]) == [apology]
    assert replies[1].cards[0]["body"][0]["text"] == "Det kan KI-bot"
    assert len(bot.connector.messages()) == 2
