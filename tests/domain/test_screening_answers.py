"""Answers are parsed strictly: every problem is reported as (field, code), nothing is coerced."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from domain.screening import FIELDS, AnswerProblem, InvalidAnswers, ScreeningAnswers

TYPICAL: dict[str, Any] = {
    "age": 40,
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": True,
    "municipal_treatment_contact": False,
    "benefits_from_both": "yes",
    "obstacle_indicators": ["readmissions", "unstable_attendance"],
    "coordination_already_adequate": False,
    "convening_obstacles": ["conflict"],
    "unclear_medical_responsibility": False,
    "consent": "not_asked",
}


def problems_of(data: Any) -> tuple[AnswerProblem, ...]:
    with pytest.raises(InvalidAnswers) as raised:
        ScreeningAnswers.from_mapping(data)
    return raised.value.problems


def test_valid_answers_round_trip_through_json():
    answers = ScreeningAnswers.from_mapping(TYPICAL)

    assert ScreeningAnswers.from_mapping(json.loads(json.dumps(answers.to_mapping()))) == answers
    assert answers.to_mapping() == TYPICAL


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("age", "45", "not_an_integer"),
        ("age", 45.0, "not_an_integer"),
        ("age", True, "not_an_integer"),
        ("age", None, "not_an_integer"),
        ("age", -1, "out_of_range"),
        ("age", 131, "out_of_range"),
        ("psychiatric_disorder", "maybe", "unknown_value"),
        ("psychiatric_disorder", "Diagnosed", "unknown_value"),
        ("psychiatric_disorder", 1, "unknown_value"),
        ("substance_problem", "", "unknown_value"),
        ("substance_problem", ["in_treatment"], "unknown_value"),
        ("benefits_from_both", True, "unknown_value"),
        ("consent", "yes", "unknown_value"),
        ("regional_psychiatry_contact", "true", "not_a_boolean"),
        ("regional_psychiatry_contact", 1, "not_a_boolean"),
        ("municipal_treatment_contact", None, "not_a_boolean"),
        ("coordination_already_adequate", 0, "not_a_boolean"),
        ("unclear_medical_responsibility", "false", "not_a_boolean"),
        ("obstacle_indicators", "readmissions", "not_a_list"),
        ("obstacle_indicators", None, "not_a_list"),
        ("obstacle_indicators", ["readmissions", "sick_leave"], "unknown_value"),
        ("obstacle_indicators", [1], "unknown_value"),
        ("convening_obstacles", {"conflict": True}, "not_a_list"),
        ("convening_obstacles", ["conflict", None], "unknown_value"),
    ],
)
def test_a_wrong_value_is_reported_for_its_field(field: str, value: Any, code: str):
    assert problems_of({**TYPICAL, field: value}) == (AnswerProblem(field, code),)


@pytest.mark.parametrize("field", FIELDS)
def test_a_missing_answer_is_reported(field: str):
    data = {name: value for name, value in TYPICAL.items() if name != field}

    assert problems_of(data) == (AnswerProblem(field, "missing"),)


@pytest.mark.parametrize("field", ["foo", "cpr", "name", "Age"])
def test_an_unexpected_field_is_reported(field: str):
    assert AnswerProblem(field, "unexpected_field") in problems_of({**TYPICAL, field: "x"})


def test_all_problems_are_reported_at_once():
    data = {**TYPICAL, "age": "old", "consent": "maybe", "extra": 1}
    del data["substance_problem"]

    assert set(problems_of(data)) == {
        AnswerProblem("age", "not_an_integer"),
        AnswerProblem("consent", "unknown_value"),
        AnswerProblem("extra", "unexpected_field"),
        AnswerProblem("substance_problem", "missing"),
    }


@pytest.mark.parametrize("data", [[], "answers", None, 42])
def test_something_other_than_an_object_is_rejected(data: Any):
    assert problems_of(data) == (AnswerProblem("answers", "not_a_mapping"),)


def test_duplicate_list_items_are_dropped_and_the_order_is_fixed():
    repeated = ["unstable_attendance", "readmissions", "readmissions"]
    data = {**TYPICAL, "obstacle_indicators": repeated}

    answers = ScreeningAnswers.from_mapping(data)

    assert answers.obstacle_indicators == ("readmissions", "unstable_attendance")


def test_lists_may_be_given_as_tuples():
    answers = ScreeningAnswers.from_mapping({**TYPICAL, "convening_obstacles": ("no_shows",)})

    assert answers.convening_obstacles == ("no_shows",)


def test_an_empty_list_is_a_valid_answer():
    answers = ScreeningAnswers.from_mapping({**TYPICAL, "obstacle_indicators": []})

    assert answers.obstacle_indicators == ()


def test_building_answers_directly_is_validated_too():
    with pytest.raises(InvalidAnswers) as raised:
        ScreeningAnswers(**{**TYPICAL, "age": True, "consent": "perhaps"})

    assert raised.value.problems == (
        AnswerProblem("age", "not_an_integer"),
        AnswerProblem("consent", "unknown_value"),
    )


def test_answers_are_immutable():
    answers = ScreeningAnswers.from_mapping(TYPICAL)

    with pytest.raises(dataclasses.FrozenInstanceError):
        answers.age = 50  # type: ignore[misc]


def test_invalid_answers_is_a_value_error_that_names_the_problems():
    error = InvalidAnswers((AnswerProblem("age", "not_an_integer"),))

    assert isinstance(error, ValueError)
    assert "age: not_an_integer" in str(error)
