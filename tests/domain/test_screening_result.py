"""How criteria combine, what happens next, and the result as JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from domain.screening import (
    CriterionStatus,
    ScreeningAnswers,
    ScreeningResult,
    Verdict,
    load_policy,
    screen,
)

MakeAnswers = Callable[..., ScreeningAnswers]
Screening = tuple[ScreeningAnswers, ScreeningResult]
NATIONAL, PILOT = load_policy("national"), load_policy("kbh-pilot")
POLICIES = {policy.name: policy for policy in (NATIONAL, PILOT)}
COURSE_END = ["choose_participants", "convene_yourself", "write_plan", "follow_up"]


def codes(result: ScreeningResult) -> list[str]:
    """The KI steps; the pointer to the regions' integrated treatment is tested on its own."""
    return [step.code for step in result.next_steps if step.code != "integrated_treatment"]


# --- combining the criteria ----------------------------------------------------------------


def test_any_unmet_criterion_makes_the_citizen_not_eligible(every_screening: list[Screening]):
    for _, result in every_screening:
        unmet = any(c.status is CriterionStatus.NOT_MET for c in result.criteria)
        assert unmet == (result.verdict is Verdict.NOT_ELIGIBLE)


def test_an_open_question_without_an_exclusion_goes_to_a_coordinator(
    every_screening: list[Screening],
):
    for _, result in every_screening:
        statuses = {c.status for c in result.criteria}
        expected = CriterionStatus.UNKNOWN in statuses and CriterionStatus.NOT_MET not in statuses
        assert expected == (result.verdict is Verdict.ASK_COORDINATOR)


def test_a_level_is_given_only_when_eligible_or_at_level_0(every_screening: list[Screening]):
    for _, result in every_screening:
        if result.verdict is Verdict.ELIGIBLE:
            assert result.level in (1, 2, 3)
        elif result.verdict is Verdict.ASK_COORDINATOR:
            assert result.level is None
        else:
            assert result.level in (0, None)


def test_every_result_has_one_entry_per_criterion_in_a_fixed_order(
    every_screening: list[Screening],
):
    expected = [
        "age",
        "psychiatric_disorder",
        "substance_problem",
        "sector_contact",
        "benefits_from_both",
        "obstacles",
        "coordination_need",
    ]
    for _, result in every_screening[::97]:
        assert [c.criterion for c in result.criteria] == expected


@pytest.mark.parametrize("consent", ["given", "pending", "refused", "not_asked"])
def test_consent_never_changes_the_verdict_or_the_level(
    consent: str, every_screening: list[Screening]
):
    for answers, result in every_screening[::7]:
        again = screen(dataclasses.replace(answers, consent=consent), POLICIES[result.policy])
        assert (again.verdict, again.level, again.criteria) == (
            result.verdict,
            result.level,
            result.criteria,
        )


# --- next steps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "steps"),
    [
        ({}, ["note_consent", "inform_own_coordinator", *COURSE_END]),
        (
            {"convening_obstacles": ["no_replies"]},
            [
                "note_consent",
                "inform_own_coordinator",
                "choose_participants",
                "coordinators_convene",
                "write_plan",
                "follow_up",
            ],
        ),
        (
            {"unclear_medical_responsibility": True},
            [
                "note_consent",
                "inform_own_coordinator",
                "senior_doctor_conference",
                "choose_participants",
                "convene_as_decided",
                "write_plan",
                "follow_up",
            ],
        ),
        (
            {"municipal_treatment_contact": False},
            ["note_consent", "inform_own_coordinator", "involve_municipal_treatment", *COURSE_END],
        ),
        (
            {"regional_psychiatry_contact": False},
            ["note_consent", "inform_own_coordinator", "involve_regional_psychiatry", *COURSE_END],
        ),
    ],
    ids=["level 1", "level 2", "level 3", "psychiatry only", "municipal treatment only"],
)
def test_an_eligible_citizen_gets_the_course_of_one_ki(
    changes: dict[str, Any], steps: list[str], make_answers: MakeAnswers
):
    assert codes(screen(make_answers(**changes), NATIONAL)) == steps


@pytest.mark.parametrize(
    ("consent", "first_step"),
    [
        ("not_asked", "obtain_consent"),
        ("pending", "await_consent"),
        ("refused", "consent_refused"),
        ("given", "note_consent"),
    ],
)
def test_consent_is_the_first_step_when_eligible(
    consent: str, first_step: str, make_answers: MakeAnswers
):
    assert codes(screen(make_answers(consent=consent), PILOT))[0] == first_step


def test_the_plan_and_follow_up_deadlines_are_two_weeks_and_six_months(make_answers: MakeAnswers):
    steps = {step.code: dict(step.params) for step in screen(make_answers(), NATIONAL).next_steps}

    assert (steps["write_plan"], steps["follow_up"]) == ({"weeks": 2}, {"months": 6})


@pytest.mark.parametrize(
    ("changes", "policy", "steps"),
    [
        (
            {"obstacle_indicators": [], "consent": "not_asked"},
            NATIONAL,
            ["ask_coordinator", "obtain_consent"],
        ),
        (
            {"regional_psychiatry_contact": False, "municipal_treatment_contact": False},
            NATIONAL,
            ["ask_coordinator", "coordinator_assigns_owner", "note_consent"],
        ),
        (
            {"substance_problem": "suspected", "consent": "pending"},
            NATIONAL,
            ["ask_coordinator", "assess_substance_problem", "await_consent"],
        ),
        (
            {"municipal_treatment_contact": False, "consent": "refused"},
            PILOT,
            ["ask_coordinator", "involve_municipal_treatment", "consent_refused"],
        ),
    ],
    ids=["no obstacles", "neither sector", "suspected abuse", "one sector in the pilot"],
)
def test_a_coordinator_question_comes_first_and_consent_last(
    changes: dict[str, Any], policy: Any, steps: list[str], make_answers: MakeAnswers
):
    assert codes(screen(make_answers(**changes), policy)) == steps


@pytest.mark.parametrize("consent", ["given", "refused", "not_asked"])
def test_a_citizen_not_eligible_is_offered_a_structured_network_meeting(
    consent: str, make_answers: MakeAnswers
):
    result = screen(make_answers(benefits_from_both="no", consent=consent), NATIONAL)

    assert codes(result) == ["network_meeting", "screen_again_if_changed"]


def test_a_citizen_at_level_0_continues_the_current_effort(make_answers: MakeAnswers):
    result = screen(make_answers(coordination_already_adequate=True), PILOT)

    assert codes(result) == ["continue_current_effort", "screen_again_if_changed"]


# --- the result as data ---------------------------------------------------------------------


def test_the_result_is_json_ready_without_texts(make_answers: MakeAnswers):
    mapping = screen(make_answers(age=70), PILOT).to_mapping()

    assert json.loads(json.dumps(mapping)) == mapping
    assert (mapping["verdict"], mapping["level"], mapping["policy"]) == (
        "not_eligible",
        None,
        "kbh-pilot",
    )
    assert mapping["criteria"][0] == {
        "criterion": "age",
        "status": "not_met",
        "reason": "age_outside_band",
        "rule": "annex §2.1",
        "params": {"age": 70, "min_age": 18, "max_age": 65, "band": "18–65"},
    }
    assert "explanation" not in mapping["criteria"][0]


def test_texts_fill_in_explanations_next_steps_verdict_and_level(make_answers: MakeAnswers):
    def texts(key: str, **params: object) -> str:
        return f"{key}{sorted(params.items())}"

    mapping = screen(make_answers(convening_obstacles=["conflict"]), NATIONAL).to_mapping(texts)

    assert mapping["criteria"][5]["explanation"] == (
        "screening.criterion.obstacles.indicators_present[('count', 1), ('policy', 'national')]"
    )
    assert mapping["next_steps"][-2]["text"] == "screening.next_step.follow_up[('months', 6)]"
    assert mapping["next_steps"][-1]["text"].startswith("screening.next_step.integrated_treatment")
    assert mapping["verdict_text"] == "screening.verdict.eligible[]"
    assert mapping["level_text"] == "screening.level.2[]"


def test_without_a_level_there_is_no_level_text(make_answers: MakeAnswers):
    mapping = screen(make_answers(consent="refused", obstacle_indicators=[]), NATIONAL).to_mapping(
        lambda key, **params: key
    )

    assert mapping["level"] is None and "level_text" not in mapping


def test_a_result_cannot_be_changed(make_answers: MakeAnswers):
    result = screen(make_answers(), NATIONAL)

    with pytest.raises(dataclasses.FrozenInstanceError):
        result.level = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.next_steps[-1].params["months"] = 12  # type: ignore[index]
