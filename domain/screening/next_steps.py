"""What the fagperson does next, by verdict and level (annex §3, §6, §7, §8; evaluation report)."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from .answers import ScreeningAnswers
from .outcome import NextStep, Verdict
from .policy import Policy
from .questions import Consent, SubstanceProblem

PLAN_DEADLINE_WEEKS: Final = 2  # annex §8: the plan is written within two weeks of the meeting
FOLLOW_UP_MONTHS: Final = 6  # annex §8: a follow-up meeting at the latest six months later


class Step(StrEnum):
    OBTAIN_CONSENT = "obtain_consent"
    AWAIT_CONSENT = "await_consent"
    CONSENT_REFUSED = "consent_refused"
    NOTE_CONSENT = "note_consent"
    INFORM_OWN_COORDINATOR = "inform_own_coordinator"
    INVOLVE_REGIONAL_PSYCHIATRY = "involve_regional_psychiatry"
    INVOLVE_MUNICIPAL_TREATMENT = "involve_municipal_treatment"
    SENIOR_DOCTOR_CONFERENCE = "senior_doctor_conference"
    CHOOSE_PARTICIPANTS = "choose_participants"
    CONVENE_YOURSELF = "convene_yourself"
    COORDINATORS_CONVENE = "coordinators_convene"
    CONVENE_AS_DECIDED = "convene_as_decided"
    WRITE_PLAN = "write_plan"
    FOLLOW_UP = "follow_up"
    ASK_COORDINATOR = "ask_coordinator"
    COORDINATOR_ASSIGNS_OWNER = "coordinator_assigns_owner"
    ASSESS_SUBSTANCE_PROBLEM = "assess_substance_problem"
    CONTINUE_CURRENT_EFFORT = "continue_current_effort"
    NETWORK_MEETING = "network_meeting"
    SCREEN_AGAIN_IF_CHANGED = "screen_again_if_changed"
    INTEGRATED_TREATMENT = "integrated_treatment"


_CONSENT_STEP: Final = {
    Consent.NOT_ASKED: Step.OBTAIN_CONSENT,
    Consent.PENDING: Step.AWAIT_CONSENT,
    Consent.REFUSED: Step.CONSENT_REFUSED,
    Consent.GIVEN: Step.NOTE_CONSENT,
}
_CONVENING_STEP: Final = {
    1: Step.CONVENE_YOURSELF,
    2: Step.COORDINATORS_CONVENE,
    3: Step.CONVENE_AS_DECIDED,
}


def next_steps_for(
    verdict: Verdict, level: int | None, answers: ScreeningAnswers, policy: Policy
) -> tuple[NextStep, ...]:
    if verdict is Verdict.ELIGIBLE:
        if level not in _CONVENING_STEP:
            raise ValueError(f"an eligible screening needs a convening level, got {level!r}")
        steps = _course(level, answers)
    elif verdict is Verdict.ASK_COORDINATOR:
        steps = _ask_coordinator(answers, policy)
    elif level == 0:
        steps = [Step.CONTINUE_CURRENT_EFFORT, Step.SCREEN_AGAIN_IF_CHANGED]
    else:  # the evaluation's alternative: a network meeting with the KI structure
        steps = [Step.NETWORK_MEETING, Step.SCREEN_AGAIN_IF_CHANGED]
    found = tuple(_with_params(step) for step in steps)
    rule = policy.integrated
    if rule is None or not rule.points_to(answers):
        return found
    integrated = NextStep(
        Step.INTEGRATED_TREATMENT, {"days": rule.start_within_days, "source": rule.source}
    )
    return (*found, integrated)  # the KI steps first: the offer is told after them


def _course(level: int, answers: ScreeningAnswers) -> list[Step]:
    """Consent first, then the course of one KI (annex §3.1–§3.2, §6, §8)."""
    steps = [_CONSENT_STEP[answers.consent], Step.INFORM_OWN_COORDINATOR]
    steps += _other_sector(answers)
    if level == 3:
        steps.append(Step.SENIOR_DOCTOR_CONFERENCE)
    steps += [Step.CHOOSE_PARTICIPANTS, _CONVENING_STEP[level], Step.WRITE_PLAN, Step.FOLLOW_UP]
    return steps


def _ask_coordinator(answers: ScreeningAnswers, policy: Policy) -> list[Step]:
    steps = [Step.ASK_COORDINATOR]
    if not (answers.regional_psychiatry_contact or answers.municipal_treatment_contact):
        steps.append(Step.COORDINATOR_ASSIGNS_OWNER)  # e.g. a GP or street worker saw the need
    if answers.substance_problem is SubstanceProblem.SUSPECTED:
        steps.append(Step.ASSESS_SUBSTANCE_PROBLEM)
    return [*steps, *_other_sector(answers), _CONSENT_STEP[answers.consent]]


def _other_sector(answers: ScreeningAnswers) -> list[Step]:
    """Contact with one sector only: bring in the other, if need be as a consultant."""
    regional, municipal = answers.regional_psychiatry_contact, answers.municipal_treatment_contact
    if regional and not municipal:
        return [Step.INVOLVE_MUNICIPAL_TREATMENT]
    if municipal and not regional:
        return [Step.INVOLVE_REGIONAL_PSYCHIATRY]
    return []


def _with_params(step: Step) -> NextStep:
    if step is Step.WRITE_PLAN:
        return NextStep(step, {"weeks": PLAN_DEADLINE_WEEKS})
    if step is Step.FOLLOW_UP:
        return NextStep(step, {"months": FOLLOW_UP_MONTHS})
    return NextStep(step)
