"""The regions' integrated treatment of a psychiatric disorder and substance abuse together
(Sundhedsloven § 82 c, from 1 September 2024): when the answers point to its target group, the
next steps say that the offer exists, how it relates to a KI plan, and that treatment starts
within 14 days of the region receiving the referral.

The rule set lives in each policy file (``[integrated_treatment]``), with its source, so a region
that reads the guideline differently changes a file, not code. Sundhedsstyrelsen's guideline
needs no diagnosis: a suspected psychiatric disorder and a substance problem that calls for
treatment are enough for a referral, the most burdened citizens being the ones the offer is for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .answers import ScreeningAnswers
from .questions import PsychiatricDisorder, SubstanceProblem


class InvalidRuleSet(ValueError):
    pass


@dataclass(frozen=True)
class IntegratedTreatment:
    in_force_from: date
    start_within_days: int
    min_age: int
    psychiatric_disorder: frozenset[PsychiatricDisorder]
    substance_problem: frozenset[SubstanceProblem]
    requires_obstacle_indicator: bool
    source: str

    def points_to(self, answers: ScreeningAnswers) -> bool:
        """The answers describe someone in the offer's target group."""
        return (
            answers.age >= self.min_age
            and answers.psychiatric_disorder in self.psychiatric_disorder
            and answers.substance_problem in self.substance_problem
            and (bool(answers.obstacle_indicators) or not self.requires_obstacle_indicator)
        )


_FIELDS = frozenset(
    {
        "in_force_from",
        "start_within_days",
        "min_age",
        "psychiatric_disorder",
        "substance_problem",
        "requires_obstacle_indicator",
        "source",
    }
)


def integrated_treatment_from(data: Mapping[str, object]) -> IntegratedTreatment:
    """The ``[integrated_treatment]`` table of a policy file, checked."""
    if unexpected := sorted(set(data) - _FIELDS):
        raise InvalidRuleSet(f"unexpected fields {unexpected}")
    in_force, days, age = (
        data.get("in_force_from"),
        data.get("start_within_days"),
        data.get("min_age"),
    )
    source, obstacles = data.get("source"), data.get("requires_obstacle_indicator")
    if not isinstance(in_force, date):
        raise InvalidRuleSet("'in_force_from' must be a date (YYYY-MM-DD)")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidRuleSet("'start_within_days' must be a whole number of days")
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        raise InvalidRuleSet("'min_age' must be a whole number of years")
    if not isinstance(obstacles, bool):
        raise InvalidRuleSet("'requires_obstacle_indicator' must be true or false")
    if not isinstance(source, str) or not source.strip():
        raise InvalidRuleSet("'source' must name where the rule stands")
    try:
        disorders = frozenset(
            PsychiatricDisorder(v) for v in _strings(data, "psychiatric_disorder")
        )
        problems = frozenset(SubstanceProblem(v) for v in _strings(data, "substance_problem"))
    except ValueError as error:
        raise InvalidRuleSet(str(error)) from None
    return IntegratedTreatment(in_force, days, age, disorders, problems, obstacles, source)


def _strings(data: Mapping[str, object], key: str) -> list[str]:
    values = data.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise InvalidRuleSet(f"'{key}' must be a non-empty list of answer values")
    return [str(v) for v in values]
