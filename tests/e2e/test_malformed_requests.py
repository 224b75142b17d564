"""Malformed requests are refused up front, cheaply, with 400/403/415, and never start a turn."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from tests import activities
from tests.conftest import BotUnderTest


async def _nothing_was_sent(bot: BotUnderTest) -> None:
    await asyncio.sleep(0.1)
    assert bot.connector.messages() == []


@pytest.mark.parametrize(
    "body",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"type": "message", "value": ' + '{"a": ' * 990 + "1" + "}" * 990 + "}",
        '{"type": "message", "value": ' + "[" * 100 + "]" * 100 + "}",
    ],
    ids=["10,000 levels", "990 levels inside value", "100 levels inside value"],
)
async def test_deeply_nested_json_gets_400(bot: BotUnderTest, body: str):
    status, payload = await bot.post_raw(body)

    assert status == 400 and "error" in payload


async def test_an_activity_nested_as_deep_as_real_card_data_is_still_served(bot: BotUnderTest):
    nested: dict[str, Any] = {"leaf": "x"}
    for _ in range(40):
        nested = {"inner": nested}
    submit = activities.card_submit(
        {"ki.action": "nope.never", "n": nested}, service_url=bot.service_url
    )

    status, _ = await bot.send(submit)

    assert status == 201


async def test_a_5000_digit_number_in_the_body_gets_400(bot: BotUnderTest):
    body = json.dumps(activities.message("hej", service_url=bot.service_url))
    body = body.replace('"hej"', "1" * 5000)

    status, _ = await bot.post_raw(body)

    assert status == 400


def _without(field: str) -> Any:
    def change(activity: dict[str, Any]) -> None:
        del activity[field]

    return change


def _set(path: str, value: Any) -> Any:
    def change(activity: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = activity
        for key in parents:
            target = target[key]
        target[last] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _without("recipient"),
        _without("from"),
        _set("recipient", {}),
        _set("conversation", {}),
        _set("serviceUrl", "ftp://127.0.0.1/"),
        _set("serviceUrl", "javascript:alert(1)"),
        _set("serviceUrl", "http://"),
        _set("serviceUrl", "http://127.0.0.1:99999/"),
        _set("serviceUrl", "http://user:secret@127.0.0.1/"),
        _set("serviceUrl", "http://127.0.0.1/\n"),
        _set("from.id", "29:alice\ud800"),
        _set("from.name", "Alice \udc00"),
        _set("text", "hej \ud83d"),
        _set("conversation.id", "a:samtale-æøå"),
        _set("conversation.id", "a:" + "x" * 500),
        _set("from.id", "29:" + "x" * 300),
        _set("conversation.tenantId", "t" * 65),
        _set("conversation.tenantId", "11111111-2222-4333-8444-555555555555"),
        _set("channelId", "ms\nteams"),
    ],
    ids=[
        "no recipient",
        "no sender",
        "recipient without id",
        "empty conversation",
        "ftp serviceUrl",
        "javascript serviceUrl",
        "serviceUrl without host",
        "serviceUrl with a bad port",
        "serviceUrl with credentials",
        "serviceUrl with a newline",
        "lone surrogate in an id",
        "lone surrogate in a name",
        "lone surrogate in the text",
        "non-ASCII conversation id",
        "over-long conversation id",
        "over-long user id",
        "over-long tenant id",
        "tenants that disagree",
        "newline in the channel id",
    ],
)
async def test_an_activity_that_parses_but_is_not_valid_gets_400(bot: BotUnderTest, change: Any):
    activity = activities.message("hjælp", service_url=bot.service_url)
    change(activity)

    status, payload = await bot.send(activity)

    assert status == 400, payload
    await _nothing_was_sent(bot)


@pytest.mark.parametrize(
    "service_url",
    [
        "http://example.org/",
        "https://smba.trafficmanager.net/emea/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://localhost.example.org/",
        "http://10.0.0.1/",
    ],
)
async def test_without_credentials_a_service_url_that_is_not_loopback_gets_403(
    bot: BotUnderTest, service_url: str
):
    status, _ = await bot.send(activities.message("hjælp", service_url=service_url))

    assert status == 403


@pytest.mark.parametrize(
    "service_url",
    ["http://localhost:{port}/", "http://127.0.0.1:{port}/", "http://[::1]:{port}/"],
)
async def test_without_credentials_loopback_service_urls_are_accepted(
    bot: BotUnderTest, service_url: str
):
    port = bot.service_url.rstrip("/").rsplit(":", 1)[1]

    status, _ = await bot.send(_typing(service_url.format(port=port)))

    assert status == 201


def _typing(service_url: str) -> dict[str, Any]:
    """An activity the bot answers with nothing, so no reply goes to the URL."""
    activity = activities.message("", service_url=service_url)
    activity["type"] = "typing"
    return activity


async def test_a_configured_service_url_is_accepted_without_credentials(bot: BotUnderTest):
    await bot.restart(allowed_service_urls=("http://example.invalid/",))

    status, _ = await bot.send(_typing("http://example.invalid/api"))
    refused, _ = await bot.send(_typing("http://other.invalid/"))

    assert (status, refused) == (201, 403)


async def test_with_credentials_a_teams_service_url_passes_the_checks_and_reaches_authentication(
    bot: BotUnderTest,
):
    await bot.restart(
        app_id="0b0b0b0b-1111-4222-8333-444444444444",
        app_password="secret",
        app_tenant_id=activities.TENANT_ID,
    )

    status, _ = await bot.send(
        activities.message("hjælp", service_url="https://smba.trafficmanager.net/emea/")
    )

    assert status == 401  # not 403: only the missing token stops it


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/jsonp", 415),
        ("text/html; x=application/json", 415),
        ("application/json-patch+json", 415),
        ("APPLICATION/JSON", 201),
        ("application/json; charset=utf-8", 201),
        ("Application/Json ;charset=UTF-8", 201),
    ],
)
async def test_only_the_json_media_type_is_accepted(
    bot: BotUnderTest, content_type: str, status: int
):
    got, _ = await bot.send(
        activities.bot_installed(service_url=bot.service_url),
        headers={"Content-Type": content_type},
    )

    assert got == status


async def test_the_tenant_is_read_from_conversation_tenant_id_as_teams_sends_it(
    bot: BotUnderTest,
):
    allowed = "11111111-2222-4333-8444-555555555555"
    await bot.restart(allowed_tenants=frozenset({allowed}))
    only_in_conversation = activities.message("hjælp", service_url=bot.service_url, tenant=allowed)
    del only_in_conversation["channelData"]
    only_elsewhere = activities.message("hjælp", service_url=bot.service_url, tenant=allowed)
    only_elsewhere["conversation"]["tenantId"] = activities.TENANT_ID
    del only_elsewhere["channelData"]

    assert (await bot.send(only_in_conversation))[0] == 201
    assert (await bot.send(only_elsewhere))[0] == 403


async def test_a_refused_tenant_is_logged_escaped_and_a_tenant_with_a_newline_is_not_logged(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    await bot.restart(allowed_tenants=frozenset({"11111111-2222-4333-8444-555555555555"}))
    odd = "t' CRITICAL x='1"
    forged = "t\nCRITICAL forged line"

    with caplog.at_level(logging.DEBUG):
        refused, _ = await bot.send(
            activities.message("hj", service_url=bot.service_url, tenant=odd)
        )
        malformed, _ = await bot.send(
            activities.message("hj", service_url=bot.service_url, tenant=forged)
        )

    assert (refused, malformed) == (403, 400)
    [refusal] = [r.getMessage() for r in caplog.records if "refused activity" in r.getMessage()]
    assert refusal.endswith(repr(odd))
    assert not any("forged" in r.getMessage() for r in caplog.records)
