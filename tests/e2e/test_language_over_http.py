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


# Issue 18, item 21: one rule for every message — the user's choice, else their organisation's
# language from the directory (Danish unless the file says otherwise), else their Teams client's.
def _directory(*organisations: tuple[str, str | None], person_in: str | None = None) -> str:
    """Organisations (id, language) in the test tenant; alice listed in ``person_in``."""
    text = ""
    for slug, language in organisations:
        text += f"""
[[organisations]]
id = "{slug}"
kind = "region"
name = "{slug.upper()}"
tenant = "{activities.TENANT_ID}"
"""
        if language:
            text += f'language = "{language}"\n'
    if person_in:
        text += f"""
[[people]]
name = "Alice Andersen"
aad_object_id = "aad-alice"
organisation = "{person_in}"
roles = []
"""
    return text


async def _load(bot: BotUnderTest, text: str) -> None:
    from domain.directory import parse_directory_file
    from storage.directory import DirectoryStore

    wanted = parse_directory_file(text)
    await bot.services.database.run(
        lambda session: DirectoryStore(session, bot.clock.now()).apply_file(wanted)
    )


async def test_in_a_danish_organisation_an_english_client_reads_danish_from_the_welcome_on(
    bot: BotUnderTest,
):
    """The Agents Playground sends en-US; a Danish user with no choice in a Danish organisation
    (here one the directory does not list by name: their tenant's) reads Danish throughout."""
    await _load(bot, _directory(("pc-test", None)))
    installed = activities.bot_installed(service_url=bot.service_url)
    del installed["locale"]

    await bot.send(installed)
    await bot.send(activities.message("hjælp", locale="en-US", service_url=bot.service_url))
    await bot.send(activities.message("tjek", locale="en-US", service_url=bot.service_url))

    welcome, help_reply, check = await bot.connector.wait_for(3)
    assert "Velkommen" in _card_text(welcome)
    assert "Det kan KI-bot" in _card_text(help_reply)
    assert "Kan borgeren få en KI-plan?" in _card_text(check)


async def test_an_organisation_whose_language_is_english_gets_english_from_a_danish_client(
    bot: BotUnderTest,
):
    await _load(bot, _directory(("pc-danish", None), ("pc-english", "en"), person_in="pc-english"))

    await bot.send(activities.message("hjælp", locale="da-DK", service_url=bot.service_url))

    [help_reply] = await bot.connector.wait_for(1)
    assert "What KI-bot can do" in _card_text(help_reply)


async def test_the_users_own_choice_comes_before_the_organisations_language(bot: BotUnderTest):
    await _load(bot, _directory(("pc-english", "en"), person_in="pc-english"))

    await bot.send(activities.message("sprog dansk", service_url=bot.service_url))
    await bot.send(activities.message("help", locale="en-US", service_url=bot.service_url))

    chosen, help_reply = await bot.connector.wait_for(2)
    assert chosen.text == "Jeg skriver til dig på dansk fra nu af."
    assert "Det kan KI-bot" in _card_text(help_reply)


async def test_a_message_sent_outside_the_turn_follows_the_same_rule(bot: BotUnderTest):
    from domain.identity import PersonRef
    from storage.preferences import Preferences

    await _load(bot, _directory(("pc-english", "en"), person_in="pc-english"))
    await bot.send(activities.message("hjælp", locale="da-DK", service_url=bot.service_url))
    await bot.connector.wait_for(1)
    await bot.restart()
    replies = Replies()

    async def remind(turn_context):  # type: ignore[no-untyped-def]
        await replies.text(turn_context, "common.nothing_to_cancel")

    assert await bot.services.proactive.continue_with_user("29:alice", remind)
    alice = PersonRef(activities.TENANT_ID, "aad-alice")
    language = await bot.services.database.run(
        lambda session: Preferences(session).language_for(alice)
    )

    sent = await bot.connector.wait_for(2)
    assert sent[-1].text == "There is nothing to cancel."
    assert language == "en"
