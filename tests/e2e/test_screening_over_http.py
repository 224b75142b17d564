"""Screening end to end: typed question → questionnaire → follow-up → result → KI course."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import activities
from tests.conftest import BotUnderTest
from tests.harness import Sent

ELIGIBLE_FIRST = {
    "age": "44",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions,unstable_attendance",
    "consent": "given",
}
NO_FOLLOW_UP_OBSTACLES = {
    "coordination_already_adequate": "false",
    "unclear_medical_responsibility": "false",
}


def _submit_data(card: dict[str, Any], inputs: dict[str, str]) -> dict[str, Any]:
    """What Teams sends for the card's Action.Submit: its data merged with the inputs."""
    [action] = [a for a in card["actions"] if a["data"]["ki_action"] == "screening.answers"]
    return {**action["data"], **inputs}


def _action(card: dict[str, Any], verb: str) -> dict[str, Any]:
    return next(a for a in card["actions"] if a["data"]["ki_action"] == verb)


def _card_text(sent: Sent) -> str:
    return json.dumps(sent.cards, ensure_ascii=False)


async def _screen(
    bot: BotUnderTest, first: dict[str, str], follow_up: dict[str, str] | None, **who: Any
):
    await bot.send(
        activities.message("Kan borgeren få en KI-plan?", service_url=bot.service_url, **who)
    )
    count = len(bot.connector.messages()) + 0
    questions = (await bot.connector.wait_for(count))[-1]
    await bot.send(
        activities.card_submit(
            _submit_data(questions.cards[0], first), service_url=bot.service_url, **who
        )
    )
    replies = await bot.connector.wait_for(count + 1)
    if follow_up is None:
        return replies[-1]
    await bot.send(
        activities.card_submit(
            _submit_data(replies[-1].cards[0], follow_up), service_url=bot.service_url, **who
        )
    )
    return (await bot.connector.wait_for(count + 2))[-1]


async def test_an_eligible_citizen_gets_level_1_with_the_course_as_next_steps(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)

    text = _card_text(result)
    assert "Foreslået niveau 1" in text
    assert "✓" in text and "✗" not in text
    assert "senest 2 uger efter mødet" in text and "senest 6 måneder" in text


async def test_convening_obstacles_suggest_level_2_and_unclear_responsibility_level_3(
    bot: BotUnderTest,
):
    level_2 = await _screen(
        bot,
        ELIGIBLE_FIRST,
        {**NO_FOLLOW_UP_OBSTACLES, "convening_obstacles": "no_replies,conflict"},
    )
    level_3 = await _screen(
        bot, ELIGIBLE_FIRST, {**NO_FOLLOW_UP_OBSTACLES, "unclear_medical_responsibility": "true"}
    )

    assert "Foreslået niveau 2" in _card_text(level_2)
    assert "Foreslået niveau 3" in _card_text(level_3)


async def test_a_citizen_without_a_psychiatric_disorder_is_not_eligible_without_a_follow_up_card(
    bot: BotUnderTest,
):
    result = await _screen(bot, {**ELIGIBLE_FIRST, "psychiatric_disorder": "none"}, None)

    text = _card_text(result)
    assert "✗" in text
    assert "netværksmøde" in text
    assert "Der er brug for koordinering" not in text and "niveau 1" not in text


async def test_without_an_obstacle_indicator_the_result_names_no_level(bot: BotUnderTest):
    first = {key: value for key, value in ELIGIBLE_FIRST.items() if key != "obstacle_indicators"}
    result = await _screen(bot, first, NO_FOLLOW_UP_OBSTACLES)

    text = _card_text(result)
    assert "Tag en snak med en koordinator" in text or "tag en snak med en koordinator" in text
    assert "Der er brug for koordinering" not in text and "niveau 1" not in text
    verbs = [a["data"]["ki_action"] for a in result.cards[0]["actions"]]
    assert "screening.start_case" not in verbs and "screening.new" in verbs


async def test_the_screening_is_stored_without_free_text(bot: BotUnderTest):
    await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)

    counts = await _screenings(bot).count_by_verdict()
    assert counts == {"eligible": 1}


def _screenings(bot: BotUnderTest):
    from storage.screenings import Screenings

    return Screenings(bot.services.database)


async def test_starting_a_ki_course_creates_one_case_even_on_a_double_click(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)
    start = _action(result.cards[0], "screening.start_case")["data"]

    await bot.send(activities.card_submit({**start, "initials": "ab"}, service_url=bot.service_url))
    await bot.send(activities.card_submit({**start, "initials": "ab"}, service_url=bot.service_url))

    created, again = (await bot.connector.wait_for(5))[-2:]
    assert "KI-2026-0001 er oprettet" in _card_text(created)
    assert "Du er tovholder" in _card_text(created)
    assert "AB" in _card_text(created)  # the initials entered are shown back
    assert again.text == "Forløbet KI-2026-0001 er allerede oprettet fra denne screening."


async def test_bad_initials_are_refused_and_no_case_is_created(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)
    start = _action(result.cards[0], "screening.start_case")["data"]

    await bot.send(
        activities.card_submit({**start, "initials": "A1B2C"}, service_url=bot.service_url)
    )

    refusal = (await bot.connector.wait_for(4))[-1]
    assert "Initialer skal være" in refusal.text


async def test_a_colleague_cannot_submit_or_start_a_case_from_someone_elses_card(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)
    start = _action(result.cards[0], "screening.start_case")["data"]
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    questions = (await bot.connector.wait_for(4))[-1]

    bob = {"user": "29:bob", "user_name": "Bob"}
    group = {"conversation": "19:group@thread.v2", "conversation_type": "groupChat"}
    for where in ({}, group):
        await bot.send(
            activities.card_submit(
                _submit_data(questions.cards[0], ELIGIBLE_FIRST),
                service_url=bot.service_url,
                **bob,
                **where,
            )
        )
        await bot.send(activities.card_submit(start, service_url=bot.service_url, **bob, **where))

    refusals = (await bot.connector.wait_for(8))[-4:]
    assert all("tilhører en kollega" in refusal.text for refusal in refusals)


async def test_a_check_asked_for_in_a_group_chat_happens_in_the_askers_personal_chat(
    bot: BotUnderTest,
):
    group = {"conversation": "19:group@thread.v2", "conversation_type": "groupChat"}
    await bot.send(activities.message("tjek", service_url=bot.service_url, **group))

    [told] = await bot.connector.wait_for(1)
    assert told.conversation_id == "19:group@thread.v2" and not told.cards
    assert "personlige chat" in told.text


async def test_an_old_questionnaire_is_refused_after_a_new_one_was_started(bot: BotUnderTest):
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    old = (await bot.connector.wait_for(1))[-1]
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    await bot.connector.wait_for(2)

    await bot.send(
        activities.card_submit(
            _submit_data(old.cards[0], ELIGIBLE_FIRST), service_url=bot.service_url
        )
    )

    assert "nyeste kort" in (await bot.connector.wait_for(3))[-1].text


async def test_a_questionnaire_after_cancel_is_expired(bot: BotUnderTest):
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    questions = (await bot.connector.wait_for(1))[-1]
    await bot.send(activities.message("annuller", service_url=bot.service_url))

    await bot.send(
        activities.card_submit(
            _submit_data(questions.cards[0], ELIGIBLE_FIRST), service_url=bot.service_url
        )
    )

    cancelled, expired = (await bot.connector.wait_for(3))[-2:]
    assert cancelled.text.startswith("Okay")
    assert "ikke længere aktivt" in expired.text


async def test_typing_while_the_questionnaire_waits_gets_a_reminder(bot: BotUnderTest):
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    await bot.send(activities.message("hmm, hvad skal jeg svare?", service_url=bot.service_url))

    assert "Udfyld kortet" in (await bot.connector.wait_for(2))[-1].text


async def test_a_tampered_submit_gets_a_clear_error_and_the_questions_again(bot: BotUnderTest):
    await bot.send(activities.message("tjek", service_url=bot.service_url))
    questions = (await bot.connector.wait_for(1))[-1]

    tampered = {**ELIGIBLE_FIRST, "age": "old", "consent": "maybe"}
    await bot.send(
        activities.card_submit(
            _submit_data(questions.cards[0], tampered), service_url=bot.service_url
        )
    )

    error, again = (await bot.connector.wait_for(3))[-2:]
    assert "age" in error.text and "consent" in error.text
    assert again.cards and again.cards[0]["body"][0]["text"] == "Kan borgeren få en KI-plan?"


async def test_the_screening_speaks_english_to_an_english_client(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES, locale="en-US")

    assert "Suggested level 1" in _card_text(result)


async def test_a_cpr_number_in_a_card_submit_is_removed_and_the_user_told(bot: BotUnderTest):
    result = await _screen(bot, ELIGIBLE_FIRST, NO_FOLLOW_UP_OBSTACLES)
    start = _action(result.cards[0], "screening.start_case")["data"]
    synthetic_cpr = "".join(
        ["01", "01", "00", "-", "0000"]
    )  # obviously synthetic, built at run time

    await bot.send(
        activities.card_submit({**start, "initials": synthetic_cpr}, service_url=bot.service_url)
    )

    told, refused = (await bot.connector.wait_for(5))[-2:]
    assert "CPR" in told.text
    assert "Initialer skal være" in refused.text
    assert all(synthetic_cpr not in json.dumps(s.activity) for s in bot.connector.sent)


@pytest.mark.parametrize("verb", ["screening.start_case"])
async def test_starting_a_case_from_an_unknown_screening_is_answered(bot: BotUnderTest, verb: str):
    await bot.send(
        activities.card_submit(
            {"ki_action": verb, "screening_id": "nope", "owner": "29:alice"},
            service_url=bot.service_url,
        )
    )

    assert "kan ikke finde" in (await bot.connector.wait_for(1))[-1].text
