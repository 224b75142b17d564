"""The welcome card's meeting button opens the same form as typing "møde"."""

from __future__ import annotations

import json

from tests import activities
from tests.conftest import BotUnderTest


async def test_the_welcome_cards_meeting_button_opens_the_form(bot: BotUnderTest):
    invoke = activities.card_invoke(
        "capability.open", {"capability": "meeting_poll"}, service_url=bot.service_url
    )

    status, body = await bot.send(invoke)

    assert status == 200 and body["statusCode"] == 200
    [reply] = await bot.connector.wait_for(1)
    assert reply.cards and "Planlæg et møde" in json.dumps(reply.cards, ensure_ascii=False)
