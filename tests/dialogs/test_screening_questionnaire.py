"""The questionnaire on fakes: each card takes its own answer once, a follow-up only while a KI
is possible, the result stored, and stale, foreign and cancelled cards refused."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.screening.commands import SubmitAnswers
from dialogs.screening.questionnaire import Questionnaire
from domain.screening import load_policy
from tests.dialogs.turns import BO, turn
from tests.factories import ELIGIBLE_CARD_INPUTS
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

ELIGIBLE = ELIGIBLE_CARD_INPUTS
NOT_ELIGIBLE = {**ELIGIBLE, "psychiatric_disorder": "none"}
NO_OBSTACLES = {"coordination_already_adequate": "false", "unclear_medical_responsibility": "false"}


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def questionnaire(unit: FakeUnitOfWork) -> Questionnaire:
    ids = iter(f"{n:016x}" for n in range(1, 100))
    return Questionnaire(
        FakeUnitsOfWork(unit),
        load_policy("national"),
        can_ask_coordinator=True,
        new_card_id=lambda: next(ids),
    )


def _card_id(card: dict[str, Any]) -> str:
    [action] = [a for a in card["actions"] if a["verb"] == "screening.answers"]
    return str(action["data"]["card_id"])


def _submit(card: dict[str, Any], answers: dict[str, str], owner: str = "29:aad-anne"):
    return SubmitAnswers(card_id=_card_id(card), owner=owner, **answers)


async def _questions(questionnaire: Questionnaire) -> dict[str, Any]:
    reply = await questionnaire.start(turn())
    assert reply.card is not None
    return reply.card


async def test_eligible_answers_get_a_follow_up_and_then_the_stored_result(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)

    first = questionnaire.on_answers(unit, turn(), _submit(questions, ELIGIBLE))
    [follow_up] = first.posts
    assert isinstance(follow_up, dict) and first.in_place_only and first.card is not None
    result = questionnaire.on_answers(unit, turn(), _submit(follow_up, NO_OBSTACLES))

    [result_card] = result.posts
    assert "Foreslået niveau 1" in str(result_card)
    [stored] = unit.screenings.screenings.values()
    assert (stored.verdict, stored.level) == ("eligible", 1)


async def test_not_eligible_answers_get_the_result_without_a_follow_up(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)

    reply = questionnaire.on_answers(unit, turn(), _submit(questions, NOT_ELIGIBLE))

    [result_card] = reply.posts
    assert [s.verdict for s in unit.screenings.screenings.values()] == ["not_eligible"]
    assert "screening.start_case" not in str(result_card)


async def test_a_second_click_on_the_same_card_is_already_received(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)
    questionnaire.on_answers(unit, turn(), _submit(questions, NOT_ELIGIBLE))

    again = questionnaire.on_answers(unit, turn(), _submit(questions, NOT_ELIGIBLE))

    assert again.refused and again.text and "allerede" in again.text
    assert len(unit.screenings.screenings) == 1


async def test_an_older_card_is_outdated_once_a_new_one_was_started(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    old = await _questions(questionnaire)
    await _questions(questionnaire)

    reply = questionnaire.on_answers(unit, turn(), _submit(old, ELIGIBLE))

    assert reply.refused and reply.text and "nyeste kort" in reply.text


async def test_a_cancelled_card_is_expired_and_typing_no_longer_asks_to_fill_it_in(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)
    assert await questionnaire.waiting(turn()) is not None

    assert await questionnaire.cancel(turn())
    reply = questionnaire.on_answers(unit, turn(), _submit(questions, ELIGIBLE))

    assert reply.refused and reply.text and "ikke længere aktivt" in reply.text
    assert await questionnaire.waiting(turn()) is None
    assert not await questionnaire.cancel(turn())


async def test_a_colleague_cannot_answer_someone_elses_card(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)

    by_owner_field = questionnaire.on_answers(unit, turn(BO), _submit(questions, ELIGIBLE))
    by_forged_owner = questionnaire.on_answers(
        unit, turn(BO), _submit(questions, ELIGIBLE, owner="29:aad-bo")
    )

    assert by_owner_field.refused and by_forged_owner.refused
    assert not unit.screenings.screenings


async def test_unreadable_answers_name_the_fields_and_ask_again(
    questionnaire: Questionnaire, unit: FakeUnitOfWork
):
    questions = await _questions(questionnaire)

    reply = questionnaire.on_answers(
        unit, turn(), _submit(questions, {**ELIGIBLE, "age": "old", "consent": "maybe"})
    )

    error, again = reply.posts
    assert isinstance(error, str) and "age" in error and "consent" in error
    assert isinstance(again, dict) and _card_id(again) != _card_id(questions)
