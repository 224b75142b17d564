"""Choosing a language: remembered per person and used everywhere (issue 6, item 7)."""

from __future__ import annotations

import json

import pytest

from bot.replies import Replies
from tests import activities
from tests.conftest import BotUnderTest


def _card_text(reply) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(reply.cards, ensure_ascii=False)


@pytest.mark.parametrize("typed", ["sprog engelsk", "language english", "Language English"])
async def test_a_danish_client_can_choose_english_and_keeps_it(bot: BotUnderTest, typed: str):
    await bot.send(activities.message(typed, service_url=bot.service_url))
    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    chosen, help_reply = await bot.connector.wait_for(2)
    assert chosen.text == "I will write to you in English from now on."
    assert "What KI-bot can do" in _card_text(help_reply)


async def test_a_danish_professional_with_an_english_client_keeps_danish_after_a_restart(
    bot: BotUnderTest,
):
    await bot.send(activities.message("sprog dansk", locale="en-US", service_url=bot.service_url))
    await bot.connector.wait_for(1)
    await bot.restart()

    await bot.send(activities.message("help", locale="en-US", service_url=bot.service_url))
    await bot.send(activities.message("tjek", locale="en-US", service_url=bot.service_url))

    replies = await bot.connector.wait_for(3)
    assert replies[0].text == "Jeg skriver til dig på dansk fra nu af."
    assert "Det kan KI-bot" in _card_text(replies[1])
    assert "Kan borgeren få en KI-plan?" in _card_text(replies[2])


async def test_the_choice_is_per_person(bot: BotUnderTest):
    await bot.send(activities.message("sprog engelsk", service_url=bot.service_url))
    await bot.send(
        activities.message(
            "hjælp", user="29:bob", conversation="a:personal-bob", service_url=bot.service_url
        )
    )

    _, bobs_help = await bot.connector.wait_for(2)
    assert "Det kan KI-bot" in _card_text(bobs_help)


async def test_the_help_card_has_a_button_to_switch_language(bot: BotUnderTest):
    await bot.send(activities.message("hjælp", service_url=bot.service_url))
    [help_reply] = await bot.connector.wait_for(1)
    [switch] = [a for a in help_reply.cards[0]["actions"] if a["title"] == "English"]

    await bot.send(activities.card_submit(switch["data"], service_url=bot.service_url))
    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    replies = await bot.connector.wait_for(3)
    assert replies[1].text == "I will write to you in English from now on."
    assert "What KI-bot can do" in _card_text(replies[2])


async def test_an_unknown_language_shows_the_choices(bot: BotUnderTest):
    await bot.send(activities.message("sprog klingon", service_url=bot.service_url))

    [reply] = await bot.connector.wait_for(1)
    titles = [action["title"] for action in reply.cards[0]["actions"]]
    assert titles == ["Dansk", "English"]


async def test_a_proactive_message_uses_the_chosen_language(bot: BotUnderTest):
    await bot.send(activities.message("language english", service_url=bot.service_url))
    await bot.connector.wait_for(1)
    await bot.restart()
    replies = Replies()

    async def remind(turn_context):  # type: ignore[no-untyped-def]
        await replies.text(turn_context, "common.nothing_to_cancel")

    assert await bot.services.proactive.continue_with_user("29:alice", remind)

    sent = await bot.connector.wait_for(2)
    assert sent[-1].text == "There is nothing to cancel."
