"""The result never contradicts itself: a level is named only when the result has that level."""

from __future__ import annotations

import re

import pytest

from cards.texts import LANGUAGES, Texts
from domain.screening import (
    Criterion,
    CriterionStatus,
    ScreeningAnswers,
    ScreeningResult,
    Verdict,
    criterion_text_key,
    load_policy,
    screen,
)
from tests.factories import typical_answers

Screening = tuple[ScreeningAnswers, ScreeningResult]
LEVEL_CLAIM = re.compile(r"\((?:niveau|level) (\d)")
NEED_MET = {"da": "Der er brug for koordinering", "en": "Coordination is needed"}

# One screening per verdict and level the rules can give, as the dialog asks: the follow-up
# answers default to "no" when the first card already rules the citizen out.
FIRST_CARD_ONLY = {
    "coordination_already_adequate": False,
    "convening_obstacles": [],
    "unclear_medical_responsibility": False,
}
COMBINATIONS = {
    "eligible, level 1": ({}, Verdict.ELIGIBLE, 1),
    "eligible, level 2": ({"convening_obstacles": ["conflict"]}, Verdict.ELIGIBLE, 2),
    "eligible, level 3": ({"unclear_medical_responsibility": True}, Verdict.ELIGIBLE, 3),
    "ask a coordinator, no obstacle indicator": (
        {"obstacle_indicators": []},
        Verdict.ASK_COORDINATOR,
        None,
    ),
    "ask a coordinator, convening obstacles": (
        {"benefits_from_both": "unknown", "convening_obstacles": ["no_replies"]},
        Verdict.ASK_COORDINATOR,
        None,
    ),
    "not eligible, level 0": (
        {"coordination_already_adequate": True},
        Verdict.NOT_ELIGIBLE,
        0,
    ),
    "not eligible after the first card": (
        {"psychiatric_disorder": "none", **FIRST_CARD_ONLY},
        Verdict.NOT_ELIGIBLE,
        None,
    ),
    "not eligible and no obstacle indicator": (
        {"benefits_from_both": "no", "obstacle_indicators": [], **FIRST_CARD_ONLY},
        Verdict.NOT_ELIGIBLE,
        None,
    ),
    "not eligible, adequate effort but the substance problem unsettled": (
        {"coordination_already_adequate": True, "substance_problem": "suspected"},
        Verdict.NOT_ELIGIBLE,
        None,
    ),
}


def _need_text(result: ScreeningResult, language: str) -> str:
    need = result.criterion(Criterion.COORDINATION_NEED)
    return Texts(language)(criterion_text_key(need), policy="P", **need.params)


def _levels_claimed(result: ScreeningResult, language: str) -> set[int]:
    texts = Texts(language)
    claims: set[int] = set()
    for criterion in result.criteria:
        explanation = texts(criterion_text_key(criterion), policy="P", **criterion.params)
        claims |= {int(level) for level in LEVEL_CLAIM.findall(explanation)}
    return claims


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("combination", COMBINATIONS, ids=str)
def test_each_verdict_and_level_explains_the_coordination_need_consistently(
    combination: str, language: str
):
    changes, verdict, level = COMBINATIONS[combination]
    policy = load_policy("national")
    result = screen(ScreeningAnswers.from_mapping(typical_answers(**changes)), policy)

    assert (result.verdict, result.level) == (verdict, level)
    assert _levels_claimed(result, language) == ({level} if level is not None else set())
    need = result.criterion(Criterion.COORDINATION_NEED)
    if verdict is not Verdict.ELIGIBLE:
        assert NEED_MET[language] not in _need_text(result, language)
        assert need.status is not CriterionStatus.MET


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_criterion_names_a_level_other_than_the_results(
    language: str, every_screening: list[Screening]
):
    for _, result in every_screening:
        expected = {result.level} if result.level is not None else set()
        assert _levels_claimed(result, language) == expected, result


def test_a_citizen_outside_the_target_group_has_the_coordination_need_not_assessed(
    every_screening: list[Screening],
):
    for _, result in every_screening:
        others_unmet = any(
            c.status is CriterionStatus.NOT_MET
            for c in result.criteria
            if c.criterion != Criterion.COORDINATION_NEED
        )
        need = result.criterion(Criterion.COORDINATION_NEED)
        assert (need.status is CriterionStatus.NOT_ASSESSED) == others_unmet
