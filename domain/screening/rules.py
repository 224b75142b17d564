"""Screening: evaluate every criterion, combine them into a verdict and a level, add next steps."""

from __future__ import annotations

from .answers import ScreeningAnswers
from .criteria import CRITERIA, LEVEL_BY_NEED, LEVELS
from .next_steps import next_steps_for
from .outcome import Criterion, CriterionResult, CriterionStatus, ScreeningResult, Verdict
from .policy import Policy

_DUAL_DIAGNOSIS = (Criterion.PSYCHIATRIC_DISORDER, Criterion.SUBSTANCE_PROBLEM)


def screen(answers: ScreeningAnswers, policy: Policy) -> ScreeningResult:
    criteria = tuple(evaluate(answers, policy) for evaluate in CRITERIA)
    verdict = combine(criteria)
    level = level_of(verdict, criteria)
    criteria = settle_coordination_need(criteria, level)
    steps = next_steps_for(verdict, level, answers, policy)
    return ScreeningResult(verdict, level, criteria, steps, policy.name)


def combine(criteria: tuple[CriterionResult, ...]) -> Verdict:
    """Any unmet criterion excludes; otherwise any open question goes to a coordinator."""
    statuses = {result.status for result in criteria}
    if CriterionStatus.NOT_MET in statuses:
        return Verdict.NOT_ELIGIBLE
    if CriterionStatus.UNKNOWN in statuses:
        return Verdict.ASK_COORDINATOR
    return Verdict.ELIGIBLE


def level_of(verdict: Verdict, criteria: tuple[CriterionResult, ...]) -> int | None:
    """Levels 1–3 when eligible. Level 0 (annex §3) when the only unmet criterion is that the
    existing effort is already adequate and the dual diagnosis is established. Otherwise none:
    a level is the coordinators' call once the open questions are settled."""
    by_name = {result.criterion: result for result in criteria}
    need = by_name[Criterion.COORDINATION_NEED]
    if verdict is Verdict.ELIGIBLE:
        return LEVEL_BY_NEED[need.reason]
    unmet = [result for result in criteria if result.status is CriterionStatus.NOT_MET]
    dual_diagnosis = all(by_name[name].status is CriterionStatus.MET for name in _DUAL_DIAGNOSIS)
    if verdict is Verdict.NOT_ELIGIBLE and unmet == [need] and dual_diagnosis:
        return LEVEL_BY_NEED[need.reason]
    return None


def settle_coordination_need(
    criteria: tuple[CriterionResult, ...], level: int | None
) -> tuple[CriterionResult, ...]:
    """Word the coordination need so it never names a level the result does not give.

    The follow-up answers only suggest a level; without a level (a coordinator must settle an
    open question, or the citizen is outside the target group) the card must not say "level 1".
    """
    need = next(c for c in criteria if c.criterion == Criterion.COORDINATION_NEED)
    if level is not None:
        return criteria
    others_unmet = any(c.status is CriterionStatus.NOT_MET for c in criteria if c is not need)
    if others_unmet:
        settled = CriterionResult(
            Criterion.COORDINATION_NEED, CriterionStatus.NOT_ASSESSED, "not_assessed", LEVELS
        )
    elif need.status is CriterionStatus.NOT_MET:
        settled = CriterionResult(
            Criterion.COORDINATION_NEED, need.status, f"{need.reason}_without_level", LEVELS
        )
    else:
        settled = CriterionResult(
            Criterion.COORDINATION_NEED, CriterionStatus.UNKNOWN, "level_open", LEVELS
        )
    return tuple(settled if c is need else c for c in criteria)
