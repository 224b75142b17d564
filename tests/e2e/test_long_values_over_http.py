"""Values as long as Teams and Entra send them never break a user's turns (PostgreSQL enforces
column sizes; SQLite does not, so both run)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import UserRecord
from tests import activities
from tests.conftest import BotUnderTest


def _stored_user(bot: BotUnderTest) -> UserRecord:
    return bot.services.database.run_sync(lambda session: session.scalars(select(UserRecord)).one())


def _no_turn_failed(caplog: pytest.LogCaptureFixture) -> bool:
    return not any("turn failed" in record.getMessage() for record in caplog.records)


async def test_a_256_character_display_name_and_a_long_locale_are_stored_and_answered(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    name = "Å" * 256
    locale = "da-DK-x-" + "a" * 40

    status, _ = await bot.send(
        activities.message("hjælp", service_url=bot.service_url, user_name=name, locale=locale)
    )

    assert status == 201
    await bot.connector.wait_for(1)
    assert _no_turn_failed(caplog)
    stored = _stored_user(bot)
    assert (stored.name, stored.locale) == (name, locale)


async def test_an_over_long_name_locale_and_conversation_type_are_cut_and_turns_keep_working(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    where = {
        "service_url": bot.service_url,
        "user_name": "N" * 5000,
        "locale": "l" * 500,
        "conversation_type": "t" * 300,
    }
    for _ in range(2):
        status, _ = await bot.send(activities.message("hjælp", **where))
        assert status == 201

    await bot.connector.wait_for(2)
    assert _no_turn_failed(caplog)
    stored = _stored_user(bot)
    assert len(stored.name) == 256 and stored.locale is not None and len(stored.locale) == 64


async def test_the_longest_ids_the_bot_accepts_fit_every_column(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    conversation = "a:" + "c" * 398
    user = "29:" + "u" * 197

    activity = activities.message(
        "tjek", service_url=bot.service_url, conversation=conversation, user=user
    )
    activity["from"]["aadObjectId"] = "0b0b0b0b-1111-4222-8333-444444444444"

    status, _ = await bot.send(activity)

    assert status == 201
    [card] = await bot.connector.wait_for(1)
    assert card.cards and _no_turn_failed(caplog)
