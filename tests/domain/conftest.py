"""Factories for screening answers: a typical eligible citizen changed where a test says so, and
every combination of the answers that matter to the rules."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

import pytest

from domain.screening import (
    ScreeningAnswers,
    ScreeningResult,
    available_policies,
    load_policy,
    screen,
)
from tests.factories import TYPICAL_ANSWERS


@pytest.fixture
def make_answers() -> Callable[..., ScreeningAnswers]:
    def make(**changes: Any) -> ScreeningAnswers:
        return ScreeningAnswers.from_mapping({**TYPICAL_ANSWERS, **changes})

    return make


# Two or three values per answer, chosen so their product reaches every rule: ages inside both
# bands, and inside the national band only. Consent only changes next steps, so it is cycled
# instead of multiplied (tests/domain/test_screening_result.py checks that it changes no verdict).
_VARIED: dict[str, tuple[Any, ...]] = {
    "age": (40, 70),
    "psychiatric_disorder": ("diagnosed", "suspected", "none", "unknown"),
    "substance_problem": ("in_treatment", "offered_treatment", "suspected", "none", "unknown"),
    "regional_psychiatry_contact": (True, False),
    "municipal_treatment_contact": (True, False),
    "benefits_from_both": ("yes", "no", "unknown"),
    "obstacle_indicators": ((), ("readmissions",)),
    "coordination_already_adequate": (True, False),
    "convening_obstacles": ((), ("conflict", "no_shows")),
    "unclear_medical_responsibility": (True, False),
}
_CONSENTS = ("given", "pending", "refused", "not_asked")

Screening = tuple[ScreeningAnswers, ScreeningResult]


@pytest.fixture(scope="session")
def every_screening() -> list[Screening]:
    """Every combination of the answers above, screened under every shipped policy."""
    policies = [load_policy(name) for name in available_policies()]
    screenings: list[Screening] = []
    consents = random.Random(2017)  # seeded: the same combinations on every run
    for values in itertools.product(*_VARIED.values()):
        data = {**dict(zip(_VARIED, values, strict=True)), "consent": consents.choice(_CONSENTS)}
        answers = ScreeningAnswers.from_mapping(data)
        screenings += [(answers, screen(answers, policy)) for policy in policies]
    return screenings
