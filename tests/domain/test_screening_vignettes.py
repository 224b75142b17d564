"""Vignettes from the implementation model: annex §2 target group, §2.1 pilot, §3 levels,
§7 consent.

Each vignette changes the typical eligible citizen (see conftest) in one or two answers and names
the criterion whose status and reason decide the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from domain.screening import QUESTIONS, AnswerKind, ScreeningAnswers, load_policy, screen

MakeAnswers = Callable[..., ScreeningAnswers]


@dataclass(frozen=True)
class Vignette:
    policy: str
    changes: dict[str, Any]
    verdict: str
    level: int | None
    criterion: str
    status: str
    reason: str
    extra: dict[str, Any] = field(default_factory=dict)


V = Vignette
VIGNETTES = {
    # §2 + §3.1: diagnosed in psychiatry, in addiction treatment, both sectors, readmissions.
    "a typical citizen is eligible at level 1": V(
        "national", {}, "eligible", 1, "coordination_need", "met", "fagperson_can_convene"
    ),
    # §2: "vurderet at kunne være til stede" by the municipal treatment or the GP is enough.
    "a disorder assessed as likely by the GP counts": V(
        "national",
        {"psychiatric_disorder": "suspected"},
        "eligible",
        1,
        "psychiatric_disorder",
        "met",
        "suspected",
    ),
    # §2: a psychiatric disorder is required.
    "a citizen without a psychiatric disorder is not eligible": V(
        "national",
        {"psychiatric_disorder": "none"},
        "not_eligible",
        None,
        "psychiatric_disorder",
        "not_met",
        "none",
    ),
    # §2: whether there is a disorder is a question for a coordinator.
    "an unknown psychiatric disorder goes to a coordinator": V(
        "national",
        {"psychiatric_disorder": "unknown"},
        "ask_coordinator",
        None,
        "psychiatric_disorder",
        "unknown",
        "unknown",
    ),
    # §2: abuse is established when the citizen is offered treatment.
    "a citizen offered addiction treatment counts as having a substance problem": V(
        "national",
        {"substance_problem": "offered_treatment"},
        "eligible",
        1,
        "substance_problem",
        "met",
        "offered_treatment",
    ),
    # §2: abuse is assessed by professionals with addiction expertise; a suspicion is not enough.
    "a merely suspected substance problem goes to a coordinator": V(
        "national",
        {"substance_problem": "suspected"},
        "ask_coordinator",
        None,
        "substance_problem",
        "unknown",
        "suspected",
    ),
    # §2: a substance problem is required.
    "a citizen without a substance problem is not eligible": V(
        "kbh-pilot",
        {"substance_problem": "none"},
        "not_eligible",
        None,
        "substance_problem",
        "not_met",
        "none",
    ),
    # §2: unknown abuse is a question for a coordinator.
    "an unknown substance problem goes to a coordinator": V(
        "kbh-pilot",
        {"substance_problem": "unknown"},
        "ask_coordinator",
        None,
        "substance_problem",
        "unknown",
        "unknown",
    ),
    # §2: the national guidance has no upper age bound.
    "a 70-year-old is eligible under the national guidance": V(
        "national", {"age": 70}, "eligible", 1, "age", "met", "age_within_band"
    ),
    # §2.1: the pilot is limited to ages 18–65.
    "a 70-year-old is outside the pilot's age band": V(
        "kbh-pilot",
        {"age": 70},
        "not_eligible",
        None,
        "age",
        "not_met",
        "age_outside_band",
        {"band": "18–65"},
    ),
    # §2.1: 65 is inside the pilot band.
    "a 65-year-old is inside the pilot's age band": V(
        "kbh-pilot", {"age": 65}, "eligible", 1, "age", "met", "age_within_band"
    ),
    # §2.1: the pilot starts at 18.
    "a 17-year-old is outside the pilot's age band": V(
        "kbh-pilot", {"age": 17}, "not_eligible", None, "age", "not_met", "age_outside_band"
    ),
    # §2: the national guidance is for adults.
    "a 17-year-old is outside the national age band": V(
        "national",
        {"age": 17},
        "not_eligible",
        None,
        "age",
        "not_met",
        "age_outside_band",
        {"band": "18+"},
    ),
    # §2: contact with regional psychiatry "og/eller" the municipal treatment suffices.
    "contact with psychiatry only suffices under the national guidance": V(
        "national",
        {"municipal_treatment_contact": False},
        "eligible",
        1,
        "sector_contact",
        "met",
        "only_regional_psychiatry",
    ),
    # §2: the same from the municipal side.
    "contact with the municipal treatment only suffices under the national guidance": V(
        "national",
        {"regional_psychiatry_contact": False},
        "eligible",
        1,
        "sector_contact",
        "met",
        "only_municipal_treatment",
    ),
    # §2 as read in the pilot (both sectors required): a coordinator decides.
    "contact with psychiatry only goes to a coordinator in the pilot": V(
        "kbh-pilot",
        {"municipal_treatment_contact": False},
        "ask_coordinator",
        None,
        "sector_contact",
        "unknown",
        "only_regional_psychiatry_both_required",
    ),
    # §2 as read in the pilot, from the municipal side.
    "contact with the municipal treatment only goes to a coordinator in the pilot": V(
        "kbh-pilot",
        {"regional_psychiatry_contact": False},
        "ask_coordinator",
        None,
        "sector_contact",
        "unknown",
        "only_municipal_treatment_both_required",
    ),
    # §3.1: a GP or street worker sees the need; the coordinator finds the fagperson.
    "a citizen seen by neither sector goes to a coordinator": V(
        "national",
        {"regional_psychiatry_contact": False, "municipal_treatment_contact": False},
        "ask_coordinator",
        None,
        "sector_contact",
        "unknown",
        "no_sector",
    ),
    # §2: the citizen must be judged to benefit from efforts in both places.
    "a citizen who would not benefit from both sectors is not eligible": V(
        "national",
        {"benefits_from_both": "no"},
        "not_eligible",
        None,
        "benefits_from_both",
        "not_met",
        "no",
    ),
    # §2: an open judgement goes to a coordinator.
    "an open judgement of the benefit goes to a coordinator": V(
        "kbh-pilot",
        {"benefits_from_both": "unknown"},
        "ask_coordinator",
        None,
        "benefits_from_both",
        "unknown",
        "unknown",
    ),
    # §2: the indicators are examples ("blandt andet"); with none, a coordinator judges.
    "no sign of obstacles to treatment goes to a coordinator": V(
        "national",
        {"obstacle_indicators": []},
        "ask_coordinator",
        None,
        "obstacles",
        "unknown",
        "no_indicators",
    ),
    # §2: unstable attendance is one of the named indicators.
    "unstable attendance is a sign of obstacles": V(
        "national",
        {"obstacle_indicators": ["unstable_attendance"]},
        "eligible",
        1,
        "obstacles",
        "met",
        "indicators_present",
        {"count": 1},
    ),
    # §2: interrupted treatment and complex social problems count together.
    "interrupted treatment and complex social problems are two signs": V(
        "kbh-pilot",
        {"obstacle_indicators": ["interrupted_treatment", "complex_social_problems"]},
        "eligible",
        1,
        "obstacles",
        "met",
        "indicators_present",
        {"count": 2},
    ),
    # §3 level 0: a suitable effort already, no further coordination need.
    "a citizen whose coordination is already adequate stays at level 0": V(
        "national",
        {"coordination_already_adequate": True},
        "not_eligible",
        0,
        "coordination_need",
        "not_met",
        "already_adequate",
    ),
    # §3 level 0 is only for a dual diagnosis: without one there is no level.
    "adequate coordination without a psychiatric disorder has no level": V(
        "national",
        {"coordination_already_adequate": True, "psychiatric_disorder": "none"},
        "not_eligible",
        None,
        "coordination_need",
        "not_assessed",  # outside the target group: the need is not weighed (issue 6, item 4)
        "not_assessed",
    ),
    # §3 level 0 wins over an open question about obstacles: no KI is needed either way.
    "adequate coordination is level 0 even without signs of obstacles": V(
        "kbh-pilot",
        {"coordination_already_adequate": True, "obstacle_indicators": []},
        "not_eligible",
        0,
        "coordination_need",
        "not_met",
        "already_adequate",
    ),
    # §3.2 level 2: cooperation problems between the professionals.
    "cooperation problems move convening to the coordinators": V(
        "national",
        {"convening_obstacles": ["cooperation_problems"]},
        "eligible",
        2,
        "coordination_need",
        "met",
        "convening_obstacles",
        {"count": 1},
    ),
    # §3.2 level 2: no replies and repeated no-shows.
    "no replies and no-shows move convening to the coordinators": V(
        "kbh-pilot",
        {"convening_obstacles": ["no_replies", "no_shows"]},
        "eligible",
        2,
        "coordination_need",
        "met",
        "convening_obstacles",
        {"count": 2},
    ),
    # §3.2 level 2: a course with significant conflict.
    "conflict moves convening to the coordinators": V(
        "national",
        {"convening_obstacles": ["conflict"]},
        "eligible",
        2,
        "coordination_need",
        "met",
        "convening_obstacles",
    ),
    # §3 level 3: unclear medical responsibility outranks convening obstacles.
    "unclear medical responsibility goes to the senior doctors at level 3": V(
        "national",
        {"unclear_medical_responsibility": True, "convening_obstacles": ["conflict"]},
        "eligible",
        3,
        "coordination_need",
        "met",
        "unclear_medical_responsibility",
    ),
    # §7: consent is a precondition for the plan, not for the verdict.
    "a refusal of consent does not change the verdict": V(
        "national",
        {"consent": "refused"},
        "eligible",
        1,
        "coordination_need",
        "met",
        "fagperson_can_convene",
    ),
    # §7: consent may take months of motivation work.
    "pending consent does not change the verdict": V(
        "kbh-pilot",
        {"consent": "pending"},
        "eligible",
        1,
        "coordination_need",
        "met",
        "fagperson_can_convene",
    ),
    # §7: asking for consent comes after the question of eligibility.
    "consent not yet asked does not change the verdict": V(
        "national",
        {"consent": "not_asked", "age": 18},
        "eligible",
        1,
        "age",
        "met",
        "age_within_band",
    ),
    # §2 and §2.1 together: a hard exclusion outranks an open question.
    "an exclusion outranks an open question": V(
        "kbh-pilot",
        {"age": 66, "psychiatric_disorder": "unknown"},
        "not_eligible",
        None,
        "psychiatric_disorder",
        "unknown",
        "unknown",
    ),
}


@pytest.mark.parametrize("vignette", VIGNETTES.values(), ids=VIGNETTES.keys())
def test_the_vignette_gets_its_verdict_level_and_reason(
    vignette: Vignette, make_answers: MakeAnswers
):
    result = screen(make_answers(**vignette.changes), load_policy(vignette.policy))

    assert (result.verdict, result.level) == (vignette.verdict, vignette.level)
    deciding = result.criterion(vignette.criterion)
    assert (deciding.status, deciding.reason) == (vignette.status, vignette.reason)
    for name, value in vignette.extra.items():
        assert deciding.params[name] == value
    assert result.policy == vignette.policy


def test_the_vignettes_use_every_answer_value_and_both_policies(make_answers: MakeAnswers):
    seen: dict[str, set[object]] = {question.field: set() for question in QUESTIONS}
    for vignette in VIGNETTES.values():
        for name, value in make_answers(**vignette.changes).to_mapping().items():
            seen[name].update(value if isinstance(value, list) else [value])

    for question in QUESTIONS:
        if question.kind is AnswerKind.BOOLEAN:
            assert seen[question.field] == {True, False}, question.field
        elif question.kind is not AnswerKind.INTEGER:
            assert seen[question.field] == set(question.choices), question.field
    assert {vignette.policy for vignette in VIGNETTES.values()} == {"national", "kbh-pilot"}


def test_there_are_at_least_24_vignettes():
    assert len(VIGNETTES) >= 24
