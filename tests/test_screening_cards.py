"""Screening cards: valid for Teams in both languages, for every verdict and level."""

from __future__ import annotations

import pytest

from cards.screening import (
    FIRST_QUESTIONS,
    FOLLOW_UP_QUESTIONS,
    answers_from_submit,
    case_created_card,
    follow_up_card,
    questions_card,
    result_card,
)
from cards.texts import Texts
from dialogs.screening.flow import result_view
from domain.screening import QUESTIONS, ScreeningAnswers, load_policy, screen
from tests.card_check import check_cards
from tests.factories import typical_answers

TEXTS = [Texts("da"), Texts("en")]
VARIANTS = {
    "level 1": {},
    "level 2": {"convening_obstacles": ["conflict"]},
    "level 3": {"unclear_medical_responsibility": True},
    "level 0": {"coordination_already_adequate": True},
    "ask coordinator": {"benefits_from_both": "unknown"},
    "not eligible": {"psychiatric_disorder": "none", "consent": "refused"},
}


def test_every_question_is_asked_exactly_once_across_the_two_cards():
    assert sorted(FIRST_QUESTIONS + FOLLOW_UP_QUESTIONS) == sorted(q.field for q in QUESTIONS)


@pytest.mark.parametrize("texts", TEXTS, ids=lambda t: t.language)
def test_the_questionnaire_cards_are_valid(texts: Texts):
    check_cards(
        [
            questions_card(texts, card_id="c1", owner="u1"),
            follow_up_card(texts, card_id="c2", owner="u1"),
        ]
    )


@pytest.mark.parametrize("texts", TEXTS, ids=lambda t: t.language)
@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_result_cards_are_valid_for_every_outcome(texts: Texts, variant: str):
    policy = load_policy("national")
    result = screen(ScreeningAnswers.from_mapping(typical_answers(**VARIANTS[variant])), policy)
    view = result_view(
        texts, result, policy, screening_id="s1", owner="u1", can_ask_coordinator=True
    )

    card = result_card(texts, view)

    check_cards([card])
    verbs = {a["data"]["ki_action"] for a in card["actions"]}
    assert ("screening.start_case" in verbs) == (result.verdict == "eligible")


@pytest.mark.parametrize("texts", TEXTS, ids=lambda t: t.language)
def test_the_case_created_card_is_valid(texts: Texts):
    check_cards(
        [case_created_card(texts, reference="KI-2026-0001", level=2, next_steps=["a", "b"])]
    )


def test_submitted_strings_become_answer_types():
    submitted = {
        "age": " 44 ",
        "regional_psychiatry_contact": "true",
        "obstacle_indicators": "a,b",
        "consent": "given",
    }

    answers = answers_from_submit(submitted, FIRST_QUESTIONS)

    assert answers["age"] == 44 and answers["regional_psychiatry_contact"] is True
    assert answers["obstacle_indicators"] == ["a", "b"] and answers["consent"] == "given"
    assert "psychiatric_disorder" not in answers  # left for the domain to report as missing


def test_an_untouched_multi_select_means_none_chosen_and_odd_values_pass_through_for_rejection():
    answers = answers_from_submit(
        {"age": "forty", "municipal_treatment_contact": "maybe"}, FIRST_QUESTIONS
    )

    assert answers["obstacle_indicators"] == []
    assert answers["age"] == "forty" and answers["municipal_treatment_contact"] == "maybe"


def _elements(node: object) -> list[dict[str, object]]:
    """Every card element (any dict with a "type") in a card, depth first."""
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        if "type" in node:
            found.append(node)
        for value in node.values():
            found += _elements(value)
    elif isinstance(node, list):
        for item in node:
            found += _elements(item)
    return found


def _result_card(texts: Texts, variant: str) -> dict[str, object]:
    policy = load_policy("national")
    result = screen(ScreeningAnswers.from_mapping(typical_answers(**VARIANTS[variant])), policy)
    view = result_view(
        texts, result, policy, screening_id="s1", owner="u1", can_ask_coordinator=True
    )
    return result_card(texts, view)


@pytest.mark.parametrize("texts", TEXTS, ids=lambda t: t.language)
@pytest.mark.parametrize("variant", VARIANTS, ids=str)
def test_no_text_on_a_result_card_relies_on_colour(texts: Texts, variant: str):
    coloured = [e for e in _elements(_result_card(texts, variant)) if "color" in e]
    assert coloured == []


@pytest.mark.parametrize("texts", TEXTS, ids=lambda t: t.language)
@pytest.mark.parametrize(
    ("variant", "style", "glyph"),
    [
        ("level 1", "good", "✓"),
        ("ask coordinator", "warning", "?"),
        ("not eligible", "attention", "✗"),
        ("level 0", "attention", "✗"),
    ],
)
def test_the_verdict_stands_in_a_styled_container_with_a_glyph(
    texts: Texts, variant: str, style: str, glyph: str
):
    card = _result_card(texts, variant)
    banner = card["body"][1]  # type: ignore[index]

    assert banner["type"] == "Container"
    assert banner["style"] == style
    [line] = banner["items"]
    assert line["text"].startswith(f"{glyph} ")
    assert line["weight"] == "Bolder"
