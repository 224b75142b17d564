"""The bot as Teams sees it: activities POSTed to /api/messages, replies caught by a fake connector."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests import activities
from tests.conftest import BotUnderTest


async def test_installing_the_bot_sends_a_danish_welcome_card_naming_the_four_capabilities(
    bot: BotUnderTest,
):
    status, _ = await bot.send(activities.bot_installed(service_url=bot.service_url))

    assert status in (200, 201)
    [welcome] = await bot.connector.wait_for(1)
    [card] = welcome.cards
    card_text = json.dumps(card, ensure_ascii=False)
    assert "Velkommen til KI-bot" in card_text
    for title in ("Tjek en borger", "Stil et spørgsmål", "Planlæg et møde", "Se frister"):
        assert title in card_text
    assert len(card["actions"]) == 4


async def test_a_user_joining_a_team_gets_no_welcome(bot: BotUnderTest):
    activity = activities.bot_installed(service_url=bot.service_url)
    activity["membersAdded"] = [{"id": "29:bob"}]

    await bot.send(activity)
    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    [only_reply] = await bot.connector.wait_for(1)
    assert "Det kan KI-bot" in json.dumps(only_reply.cards, ensure_ascii=False)


@pytest.mark.parametrize("word", ["hjælp", "Hjælp!", "help", "?"])
async def test_help_words_answer_with_the_help_card(bot: BotUnderTest, word: str):
    await bot.send(activities.message(word, service_url=bot.service_url))

    [reply] = await bot.connector.wait_for(1)
    assert reply.cards and reply.cards[0]["body"][0]["text"] in (
        "Det kan KI-bot",
        "What KI-bot can do",
    )


async def test_text_the_bot_does_not_understand_gets_a_short_hint_not_silence(bot: BotUnderTest):
    await bot.send(activities.message("hvad med vejret i morgen", service_url=bot.service_url))

    [reply] = await bot.connector.wait_for(1)
    assert "hjælp" in reply.text and not reply.cards


async def test_the_bots_mention_is_removed_in_a_channel_before_the_text_is_read(bot: BotUnderTest):
    activity = activities.message(
        "hjælp",
        mention_bot=True,
        conversation="19:channel@thread.tacv2",
        conversation_type="channel",
        service_url=bot.service_url,
    )

    await bot.send(activity)

    [reply] = await bot.connector.wait_for(1)
    assert reply.cards[0]["body"][0]["text"] == "Det kan KI-bot"
    assert reply.conversation_id == "19:channel@thread.tacv2"


async def test_an_english_locale_gets_english_answers(bot: BotUnderTest):
    await bot.send(activities.message("help", locale="en-US", service_url=bot.service_url))
    await bot.send(activities.message("blah", locale="en-GB", service_url=bot.service_url))

    help_reply, hint = await bot.connector.wait_for(2)
    assert help_reply.cards[0]["body"][0]["text"] == "What KI-bot can do"
    assert hint.text.startswith("I did not understand")


async def test_a_redelivered_activity_is_processed_only_once(bot: BotUnderTest):
    activity = activities.message("hjælp", service_url=bot.service_url, activity_id="teams-retry-1")

    first, _ = await bot.send(activity)
    second, _ = await bot.send(activity)
    await bot.settle()  # 201 means the turn ran to its end; nothing is left in the background

    assert (first, second) == (201, 201)
    assert len(bot.connector.messages()) == 1


async def test_a_welcome_card_button_submitted_by_an_older_client_starts_its_capability(
    bot: BotUnderTest,
):
    submit = activities.card_submit(
        {"ki_action": "capability.open", "capability": "screening"}, service_url=bot.service_url
    )

    await bot.send(submit)

    [reply] = await bot.connector.wait_for(1)
    assert reply.cards and "Kan borgeren få" in json.dumps(reply.cards, ensure_ascii=False)


async def test_an_action_execute_invoke_goes_through_the_same_routing_as_a_submit(
    bot: BotUnderTest,
):
    invoke = activities.card_invoke(
        "capability.open", {"capability": "screening"}, service_url=bot.service_url
    )

    status, body = await bot.send(invoke)

    assert status == 200 and body["statusCode"] == 200
    [reply] = await bot.connector.wait_for(1)
    assert reply.cards and "Kan borgeren få" in json.dumps(reply.cards, ensure_ascii=False)


async def test_a_submit_with_an_unknown_action_is_answered_clearly(bot: BotUnderTest):
    await bot.send(activities.card_submit({"ki_action": "nope.never"}, service_url=bot.service_url))
    await bot.send(activities.card_submit({"no_action": 1}, service_url=bot.service_url))

    unknown, unreadable = await bot.connector.wait_for(2)
    assert "knap" in unknown.text
    assert "kunne læse" in unreadable.text


async def test_an_unknown_invoke_action_gets_a_400_invoke_response(bot: BotUnderTest):
    status, body = await bot.send(
        activities.card_invoke("nope.never", {}, service_url=bot.service_url)
    )

    assert status == 200 and body["statusCode"] == 400


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ("[1, 2, 3]", 400),
        ('{"type": "notAnActivity"}', 400),
        ('{"type": "message", "text": "hi"}', 400),
        ("\xff\xfe", 400),
    ],
)
async def test_malformed_bodies_get_400_and_never_a_500(bot: BotUnderTest, body: str, status: int):
    got, payload = await bot.post_raw(body)

    assert got == status
    assert "error" in payload


async def test_an_oversized_body_gets_413(bot: BotUnderTest):
    activity = activities.message(
        "x" * (bot.settings.max_body_bytes + 10), service_url=bot.service_url
    )

    status, _ = await bot.send(activity)

    assert status == 413
    assert bot.connector.messages() == []


async def test_health_and_readiness(bot: BotUnderTest):
    assert await bot.get("/healthz") == (200, {"status": "ok"})
    assert await bot.get("/readyz") == (200, {"status": "ready"})


async def test_with_an_app_id_a_request_without_a_token_gets_401_and_is_not_processed(
    bot: BotUnderTest,
):
    await bot.restart(
        app_id="0b0b0b0b-1111-4222-8333-444444444444",
        app_password="secret",
        app_tenant_id=activities.TENANT_ID,
    )

    status, _ = await bot.send(activities.message("hjælp", service_url=bot.service_url))
    bogus, _ = await bot.send(
        activities.message("hjælp", service_url=bot.service_url),
        headers={"Authorization": "Basic abc"},
    )

    assert (status, bogus) == (401, 401)
    await bot.settle()
    assert bot.connector.calls == []  # no turn ran: not even a typing indicator


async def test_an_activity_from_a_tenant_outside_the_allow_list_is_refused(bot: BotUnderTest):
    await bot.restart(allowed_tenants=frozenset({"11111111-2222-4333-8444-555555555555"}))

    status, _ = await bot.send(activities.message("hjælp", service_url=bot.service_url))

    assert status == 403
    await bot.settle()
    assert bot.connector.calls == []


async def test_an_exception_in_a_turn_gets_an_apology_card_with_a_correlation_id_and_the_bot_keeps_serving(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
):
    async def broken(_turn_context):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.services.bot, "_on_text", lambda ctx, text: broken(ctx))
    await bot.send(activities.message("hjælp", service_url=bot.service_url))
    [apology] = await bot.connector.wait_for(1)
    monkeypatch.undo()
    await bot.send(activities.message("hjælp", service_url=bot.service_url))

    replies = await bot.connector.wait_for(2)
    assert apology.cards[0]["body"][0]["text"] == "Beklager – noget gik galt"
    correlation_id = apology.cards[0]["body"][2]["facts"][0]["value"]
    assert len(correlation_id) == 12
    assert replies[1].cards[0]["body"][0]["text"] == "Det kan KI-bot"


async def test_a_slow_turn_is_acknowledged_with_202_and_its_reply_still_arrives(
    bot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
):
    await bot.restart(ack_after_seconds=0.1)
    original = bot.services.bot._on_text
    finish = asyncio.Event()

    async def slow(turn_context, text):  # type: ignore[no-untyped-def]
        await finish.wait()  # held until the test has seen the 202
        await original(turn_context, text)

    monkeypatch.setattr(bot.services.bot, "_on_text", slow)

    status, _ = await bot.send(activities.message("hjælp", service_url=bot.service_url))

    assert status == 202
    assert bot.connector.messages() == []
    finish.set()
    await bot.settle()
    [reply] = bot.connector.messages()
    assert reply.cards


async def test_a_proactive_message_reaches_a_user_after_a_restart(bot: BotUnderTest):
    await bot.send(activities.message("hjælp", service_url=bot.service_url, user="29:carl"))
    await bot.connector.wait_for(1)
    await bot.restart()

    async def remind(turn_context):  # type: ignore[no-untyped-def]
        await turn_context.send_activity("Påmindelse: KI-plan mangler")

    delivered = await bot.services.proactive.continue_with_user("29:carl", remind)
    unknown = await bot.services.proactive.continue_with_user("29:nobody", remind)

    assert (delivered, unknown) == (True, False)
    replies = await bot.connector.wait_for(2)
    assert replies[-1].text == "Påmindelse: KI-plan mangler"
    assert replies[-1].conversation_id == "a:personal-alice"


async def test_an_oversized_chunked_body_without_a_length_gets_413(bot: BotUnderTest):
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b" " * 10_000

    assert bot.server is not None and bot.http is not None
    url = bot.server.make_url("/api/messages")
    async with bot.http.post(
        url, data=chunks(), headers={"Content-Type": "application/json"}
    ) as response:
        assert response.status == 413


async def test_a_body_that_is_not_json_content_gets_415(bot: BotUnderTest):
    status, _ = await bot.post_raw("hello", headers={"Content-Type": "text/plain"})

    assert status == 415
