"""Wording the Playground walk noticed (issue #18): the screening's pointer to the regions'
integrated treatment stays a short step that names its source, not a law paragraph."""

from __future__ import annotations

import pytest

from cards.texts import Texts
from domain.screening import load_policy, screen
from tests.domain.test_screening_integrated_treatment import ANSWERS

MAX_STEP = 350  # characters: two or three lines on a phone, the source included


@pytest.mark.parametrize("policy", ["national", "kbh-pilot"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_integrated_treatment_step_is_short_and_names_its_source(policy: str, language: str):
    result = screen(ANSWERS, load_policy(policy))
    [step] = [s for s in result.next_steps if s.code == "integrated_treatment"]

    worded = Texts(language)(f"screening.next_step.{step.code}", **step.params)

    assert len(worded) <= MAX_STEP, len(worded)
    assert "Sundhedsloven § 82 c" in worded and "14" in worded
    assert "Visitation til integreret behandling" not in worded
