"""Screening: evaluate every criterion, combine them into a verdict and a level, add next steps."""

from __future__ import annotations

from .answers import ScreeningAnswers
from .criteria import CRITERIA, LEVEL_BY_NEED
from .next_steps import next_steps_for
from .outcome import Criterion, CriterionResult, CriterionStatus, ScreeningResult, Verdict
from .policy import Policy

_DUAL_DIAGNOSIS = (Criterion.PSYCHIATRIC_DISORDER, Criterion.SUBSTANCE_PROBLEM)


def screen(answers: ScreeningAnswers, policy: Policy) -> ScreeningResult:
    criteria = tuple(evaluate(answers, policy) for evaluate in CRITERIA)
    verdict = combine(criteria)
    level = level_of(verdict, criteria)
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
