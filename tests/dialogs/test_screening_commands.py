"""The screening's buttons as typed commands: answers arrive as inputs send them (the domain
judges them), empty inputs are no answer, and ids that are not the bot's are refused."""

from __future__ import annotations

from typing import Any

import pytest

from cards.screening import FIRST_QUESTIONS, FOLLOW_UP_QUESTIONS
from dialogs.router import MalformedCommand, parse
from dialogs.screening.commands import (
    QUESTION_FIELDS,
    AskCoordinator,
    NewScreening,
    StartCase,
    SubmitAnswers,
)

CARD = {"card_id": "0123456789abcdef", "owner": "29:aad-anne"}


def test_the_answers_given_are_read_as_sent_stripped():
    command = parse(SubmitAnswers, {**CARD, "age": " 44 ", "obstacle_indicators": "a,b"})

    assert command.values() == {"age": "44", "obstacle_indicators": "a,b"}


def test_an_empty_input_is_no_answer():
    command = parse(SubmitAnswers, {**CARD, "age": "", "consent": "  ", "substance_problem": None})

    assert command.values() == {}


def test_the_card_id_and_owner_are_not_answers_and_fields_no_card_has_are_ignored():
    command = parse(SubmitAnswers, {**CARD, "age": "30", "cpr": "x", "verb": "screening.answers"})

    assert command.values() == {"age": "30"}
    assert (command.card_id, command.owner) == (CARD["card_id"], CARD["owner"])


def test_every_question_on_either_card_can_be_answered():
    assert (*FIRST_QUESTIONS, *FOLLOW_UP_QUESTIONS) == QUESTION_FIELDS
    command = parse(SubmitAnswers, {**CARD, **{name: "x" for name in QUESTION_FIELDS}})

    assert set(command.values()) == set(QUESTION_FIELDS)


@pytest.mark.parametrize(
    "data",
    [
        {"owner": "29:aad-anne"},  # no card id
        {**CARD, "card_id": "not-hex"},
        {**CARD, "owner": "29:with space"},
        {**CARD, "age": 44},  # inputs send text; a number is not what the card sent
        {**CARD, "consent": True},
        {**CARD, "obstacle_indicators": ["a", "b"]},
    ],
)
def test_answers_a_questions_card_never_sends_are_refused(data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(SubmitAnswers, data)


def test_starting_a_case_reads_the_screening_and_the_initials_typed():
    command = parse(
        StartCase, {"screening_id": "abc_DEF-123", "owner": "29:aad-anne", "initials": " A.B "}
    )

    assert command == StartCase("abc_DEF-123", "29:aad-anne", "A.B")
    assert parse(StartCase, {"screening_id": "s1", "owner": "29:x"}).initials == ""


@pytest.mark.parametrize(
    "data",
    [
        {"owner": "29:x"},
        {"screening_id": "../s1", "owner": "29:x"},
        {"screening_id": "s" * 65, "owner": "29:x"},
        {"screening_id": 17, "owner": "29:x"},
        {"screening_id": "s1", "owner": "29:x", "initials": "x" * 41},
    ],
)
def test_a_start_case_click_with_a_screening_id_the_bot_never_made_is_refused(
    data: dict[str, Any],
):
    with pytest.raises(MalformedCommand):
        parse(StartCase, data)


def test_asking_a_coordinator_and_a_new_screening_need_only_what_their_buttons_send():
    assert parse(AskCoordinator, {"screening_id": "s1", "owner": "29:x"}) == AskCoordinator(
        "s1", "29:x"
    )
    assert parse(NewScreening, {"anything": 1}) == NewScreening()
