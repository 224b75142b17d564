"""The regions' integrated treatment (Sundhedsloven § 82 c): named in the next steps when the
answers point to its target group, with the 14-day start and the rule's source, from the rule set
in the policy file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cards.texts import Texts
from domain.screening import ScreeningAnswers, load_policy, screen
from domain.screening.policy import InvalidPolicy
from domain.screening.questions import PsychiatricDisorder, SubstanceProblem

ANSWERS = ScreeningAnswers.from_mapping(
    {
        "age": 44,
        "psychiatric_disorder": "suspected",
        "substance_problem": "in_treatment",
        "regional_psychiatry_contact": False,
        "municipal_treatment_contact": True,
        "benefits_from_both": "yes",
        "obstacle_indicators": ["interrupted_treatment"],
        "consent": "pending",
        "coordination_already_adequate": False,
        "convening_obstacles": [],
        "unclear_medical_responsibility": False,
    }
)


def _integrated(answers: ScreeningAnswers, policy: str = "national") -> list[dict[str, object]]:
    result = screen(answers, load_policy(policy))
    return [dict(s.params) for s in result.next_steps if s.code == "integrated_treatment"]


@pytest.mark.parametrize("policy", ["national", "kbh-pilot"])
def test_a_suspected_disorder_with_treated_abuse_and_obstacles_points_to_the_offer(policy: str):
    [params] = _integrated(ANSWERS, policy)

    assert params["days"] == 14
    assert "§ 82 c" in str(params["source"])


@pytest.mark.parametrize(
    "changed",
    [
        {"psychiatric_disorder": PsychiatricDisorder.NONE},
        {"psychiatric_disorder": PsychiatricDisorder.UNKNOWN},
        {"substance_problem": SubstanceProblem.SUSPECTED},
        {"obstacle_indicators": ()},
        {"age": 17},
    ],
    ids=["no disorder", "disorder unknown", "abuse only suspected", "no obstacles", "a minor"],
)
def test_answers_outside_the_target_group_do_not_name_the_offer(changed: dict[str, object]):
    assert _integrated(replace(ANSWERS, **changed)) == []  # type: ignore[arg-type]


def test_the_step_is_worded_with_the_days_how_it_relates_to_a_ki_plan_and_its_source():
    [step] = [
        s
        for s in screen(ANSWERS, load_policy("national")).next_steps
        if s.code == "integrated_treatment"
    ]
    for language, relation in (("da", "KI-plan erstatter det ikke"), ("en", "does not replace it")):
        text = Texts(language)(f"screening.next_step.{step.code}", **step.params)
        assert "14" in text and relation in text and "§ 82 c" in text


def test_the_ki_steps_come_first_and_the_offer_after_them():
    codes = [s.code for s in screen(ANSWERS, load_policy("national")).next_steps]

    assert codes[-1] == "integrated_treatment" and codes[0] == "await_consent"


def test_a_policy_without_the_rule_set_names_no_offer(tmp_path: Path):
    (tmp_path / "plain.toml").write_text(
        'name = "plain"\nmin_age = 18\nrequires_both_sectors = false\n'
        '[title]\nda = "Uden"\nen = "Without"\n',
        "utf-8",
    )
    result = screen(ANSWERS, load_policy("plain", tmp_path))  # type: ignore[arg-type]

    assert "integrated_treatment" not in [s.code for s in result.next_steps]


def test_a_rule_set_without_its_source_is_refused(tmp_path: Path):
    (tmp_path / "bad.toml").write_text(
        'name = "bad"\nmin_age = 18\nrequires_both_sectors = false\n'
        '[title]\nda = "D"\nen = "E"\n'
        "[integrated_treatment]\nin_force_from = 2024-09-01\nstart_within_days = 14\n"
        'min_age = 18\npsychiatric_disorder = ["diagnosed"]\n'
        'substance_problem = ["in_treatment"]\nrequires_obstacle_indicator = true\n',
        "utf-8",
    )
    with pytest.raises(InvalidPolicy, match="source"):
        load_policy("bad", tmp_path)  # type: ignore[arg-type]
