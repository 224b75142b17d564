"""One function per criterion: the target group (annex §2) and the coordination need (annex §3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .answers import ScreeningAnswers
from .outcome import Criterion, CriterionResult
from .outcome import CriterionStatus as Status
from .policy import Policy
from .questions import BenefitsFromBoth, PsychiatricDisorder, SubstanceProblem

TARGET_GROUP: Final = "annex §2"
PILOT_TARGET_GROUP: Final = "annex §2.1"
LEVELS: Final = "annex §3"

_PSYCHIATRIC: Final = {
    PsychiatricDisorder.DIAGNOSED: Status.MET,
    PsychiatricDisorder.SUSPECTED: Status.MET,  # "vurderet at kunne være til stede" counts
    PsychiatricDisorder.NONE: Status.NOT_MET,
    PsychiatricDisorder.UNKNOWN: Status.UNKNOWN,
}
_SUBSTANCE: Final = {
    SubstanceProblem.IN_TREATMENT: Status.MET,
    SubstanceProblem.OFFERED_TREATMENT: Status.MET,
    SubstanceProblem.SUSPECTED: Status.UNKNOWN,  # must be established by addiction professionals
    SubstanceProblem.NONE: Status.NOT_MET,
    SubstanceProblem.UNKNOWN: Status.UNKNOWN,
}
_BENEFIT: Final = {
    BenefitsFromBoth.YES: Status.MET,
    BenefitsFromBoth.NO: Status.NOT_MET,
    BenefitsFromBoth.UNKNOWN: Status.UNKNOWN,
}


def age(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    params = {
        "age": answers.age,
        "min_age": policy.min_age,
        "max_age": policy.max_age,
        "band": policy.age_band,
    }
    if policy.admits_age(answers.age):
        status, reason = Status.MET, "age_within_band"
    else:
        status, reason = Status.NOT_MET, "age_outside_band"
    return CriterionResult(Criterion.AGE, status, reason, PILOT_TARGET_GROUP, params)


def psychiatric_disorder(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    value = answers.psychiatric_disorder
    return CriterionResult(Criterion.PSYCHIATRIC_DISORDER, _PSYCHIATRIC[value], value, TARGET_GROUP)


def substance_problem(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    value = answers.substance_problem
    return CriterionResult(Criterion.SUBSTANCE_PROBLEM, _SUBSTANCE[value], value, TARGET_GROUP)


def sector_contact(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    regional, municipal = answers.regional_psychiatry_contact, answers.municipal_treatment_contact
    if regional and municipal:
        return CriterionResult(Criterion.SECTOR_CONTACT, Status.MET, "both_sectors", TARGET_GROUP)
    if not (regional or municipal):
        # A GP or street worker saw the need: a coordinator finds the fagperson (annex §3.1).
        return CriterionResult(Criterion.SECTOR_CONTACT, Status.UNKNOWN, "no_sector", TARGET_GROUP)
    reason = "only_regional_psychiatry" if regional else "only_municipal_treatment"
    if policy.requires_both_sectors:
        # A local rule stricter than the guidance: a coordinator may bring the other sector in.
        return CriterionResult(
            Criterion.SECTOR_CONTACT, Status.UNKNOWN, f"{reason}_both_required", TARGET_GROUP
        )
    return CriterionResult(Criterion.SECTOR_CONTACT, Status.MET, reason, TARGET_GROUP)  # "og/eller"


def benefits_from_both(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    value = answers.benefits_from_both
    return CriterionResult(Criterion.BENEFITS_FROM_BOTH, _BENEFIT[value], value, TARGET_GROUP)


def obstacles(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    count = len(answers.obstacle_indicators)
    if count:
        return CriterionResult(
            Criterion.OBSTACLES, Status.MET, "indicators_present", TARGET_GROUP, {"count": count}
        )
    # The indicators are examples ("blandt andet"): without one, a coordinator judges.
    return CriterionResult(Criterion.OBSTACLES, Status.UNKNOWN, "no_indicators", TARGET_GROUP)


def coordination_need(answers: ScreeningAnswers, policy: Policy) -> CriterionResult:
    if answers.coordination_already_adequate:
        return CriterionResult(
            Criterion.COORDINATION_NEED, Status.NOT_MET, "already_adequate", LEVELS
        )
    if answers.unclear_medical_responsibility:
        return CriterionResult(
            Criterion.COORDINATION_NEED, Status.MET, "unclear_medical_responsibility", LEVELS
        )
    count = len(answers.convening_obstacles)
    if count:
        return CriterionResult(
            Criterion.COORDINATION_NEED, Status.MET, "convening_obstacles", LEVELS, {"count": count}
        )
    return CriterionResult(Criterion.COORDINATION_NEED, Status.MET, "fagperson_can_convene", LEVELS)


CRITERIA: Final[tuple[Callable[[ScreeningAnswers, Policy], CriterionResult], ...]] = (
    age,
    psychiatric_disorder,
    substance_problem,
    sector_contact,
    benefits_from_both,
    obstacles,
    coordination_need,
)

LEVEL_BY_NEED: Final = {
    "already_adequate": 0,
    "fagperson_can_convene": 1,
    "convening_obstacles": 2,
    "unclear_medical_responsibility": 3,
}
