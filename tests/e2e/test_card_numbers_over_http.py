"""Numbers a card sends are bounded and read only as plain ASCII whole numbers."""

from __future__ import annotations

import logging

import pytest

from tests import activities
from tests.conftest import BotUnderTest
from tests.e2e.test_screening_over_http import ELIGIBLE_FIRST, _screen


@pytest.mark.parametrize(
    "age",
    ["1" * 5000, "\uff14\uff14", "\u0664\u0664", "44.5", "1e3"],
    ids=["5000 digits", "full-width", "arabic-indic", "decimal", "exponent"],
)
async def test_an_age_that_is_not_a_plain_whole_number_is_asked_again_without_an_apology(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture, age: str
):
    with caplog.at_level(logging.INFO):
        await _screen(bot, {**ELIGIBLE_FIRST, "age": age}, None)

    assert not any("turn failed" in r.getMessage() for r in caplog.records)
    told = [sent.text for sent in bot.connector.messages() if "ugyldige" in sent.text]
    assert told and "age" in told[0]


@pytest.mark.parametrize(
    "value",
    [10**30, 1e308, -(2**60), "x" * 20_000, {"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}],
    ids=["huge int", "huge float", "huge negative", "long text", "deep"],
)
async def test_card_data_out_of_bounds_is_rejected_as_an_invalid_action(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture, value: object
):
    submit = activities.card_submit(
        {"ki_action": "screening.answers", "age": value}, service_url=bot.service_url
    )

    with caplog.at_level(logging.INFO):
        status, _ = await bot.send(submit)

    assert status == 201
    await bot.connector.wait_for(1)
    assert any("rejected card submit" in r.getMessage() for r in caplog.records)
