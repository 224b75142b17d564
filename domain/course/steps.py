"""The steps of a KI course (annex §3.1, §6, §8): where each may be taken from, where it leads,
and who may take it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    IDEA = "idea"
    CONSENT_PENDING = "consent_pending"
    CONSENT_GIVEN = "consent_given"
    CONSENT_REFUSED = "consent_refused"
    OWN_COORDINATOR_INFORMED = "own_coordinator_informed"
    OTHER_COORDINATOR_INFORMED = "other_coordinator_informed"
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_HELD = "meeting_held"
    PLAN_WRITTEN = "plan_written"
    PLAN_REJECTED = "plan_rejected"
    PLAN_SENT = "plan_sent"
    PLAN_FORWARDED = "plan_forwarded"
    FOLLOW_UP_HELD = "follow_up_held"
    CONTINUED = "continued"
    CHANGED = "changed"
    CLOSED = "closed"


class Step(StrEnum):
    ASK_CONSENT = "ask_consent"
    GIVE_CONSENT = "give_consent"
    REFUSE_CONSENT = "refuse_consent"
    INFORM_OWN_COORDINATOR = "inform_own_coordinator"
    INFORM_OTHER_COORDINATOR = "inform_other_coordinator"
    SCHEDULE_MEETING = "schedule_meeting"
    HOLD_MEETING = "hold_meeting"
    WRITE_PLAN = "write_plan"
    REJECT_PLAN = "reject_plan"
    SEND_PLAN = "send_plan"
    FORWARD_PLAN = "forward_plan"
    HOLD_FOLLOW_UP = "hold_follow_up"
    CONTINUE_PLAN = "continue_plan"
    CHANGE_PLAN = "change_plan"
    CLOSE = "close"


class Role(StrEnum):
    """A person's roles on one case. ``COORDINATOR`` is a coordinator of the case's own
    organisation (the one that informs the other organisation and forwards the plan)."""

    TOVHOLDER = "tovholder"
    COORDINATOR = "coordinator"


class Doer(StrEnum):
    """Who the model gives a step to; the convener depends on the level (annex §3.1, §3.2)."""

    TOVHOLDER = "tovholder"
    COORDINATOR = "coordinator"
    CONVENER = "convener"  # the tovholder at level 1, the coordinators at levels 2 and 3
    EITHER = "either"


@dataclass(frozen=True)
class StepRule:
    from_stages: frozenset[Stage]
    to_stage: Stage
    doer: Doer
    needs_date: bool = False  # the date cannot default to today (a meeting is planned ahead)
    dated: bool = False  # the step records a day that deadlines count from or to


def _rule(
    sources: Collection[Stage],
    to: Stage,
    doer: Doer,
    *,
    needs_date: bool = False,
    dated: bool = False,
) -> StepRule:
    return StepRule(frozenset(sources), to, doer, needs_date, dated)


S = Stage
OPEN_STAGES = frozenset(Stage) - {Stage.CLOSED}
RULES: dict[Step, StepRule] = {
    Step.ASK_CONSENT: _rule({S.IDEA}, S.CONSENT_PENDING, Doer.TOVHOLDER, dated=True),
    Step.GIVE_CONSENT: _rule(
        {S.IDEA, S.CONSENT_PENDING, S.CONSENT_REFUSED}, S.CONSENT_GIVEN, Doer.TOVHOLDER
    ),
    Step.REFUSE_CONSENT: _rule(
        {S.IDEA, S.CONSENT_PENDING, S.PLAN_REJECTED}, S.CONSENT_REFUSED, Doer.TOVHOLDER
    ),
    Step.INFORM_OWN_COORDINATOR: _rule(
        {S.CONSENT_GIVEN}, S.OWN_COORDINATOR_INFORMED, Doer.TOVHOLDER
    ),
    Step.INFORM_OTHER_COORDINATOR: _rule(
        {S.OWN_COORDINATOR_INFORMED}, S.OTHER_COORDINATOR_INFORMED, Doer.COORDINATOR
    ),
    Step.SCHEDULE_MEETING: _rule(
        {S.OTHER_COORDINATOR_INFORMED, S.MEETING_SCHEDULED, S.PLAN_REJECTED},
        S.MEETING_SCHEDULED,
        Doer.CONVENER,
        needs_date=True,
    ),
    Step.HOLD_MEETING: _rule({S.MEETING_SCHEDULED}, S.MEETING_HELD, Doer.CONVENER, dated=True),
    Step.WRITE_PLAN: _rule(
        {S.MEETING_HELD, S.PLAN_REJECTED}, S.PLAN_WRITTEN, Doer.TOVHOLDER, dated=True
    ),
    Step.REJECT_PLAN: _rule(
        {S.PLAN_WRITTEN, S.PLAN_SENT, S.PLAN_FORWARDED}, S.PLAN_REJECTED, Doer.TOVHOLDER
    ),
    Step.SEND_PLAN: _rule({S.PLAN_WRITTEN}, S.PLAN_SENT, Doer.TOVHOLDER, dated=True),
    Step.FORWARD_PLAN: _rule({S.PLAN_SENT}, S.PLAN_FORWARDED, Doer.COORDINATOR, dated=True),
    Step.HOLD_FOLLOW_UP: _rule(
        {S.PLAN_FORWARDED, S.CONTINUED, S.CHANGED}, S.FOLLOW_UP_HELD, Doer.CONVENER, dated=True
    ),
    Step.CONTINUE_PLAN: _rule({S.FOLLOW_UP_HELD}, S.CONTINUED, Doer.TOVHOLDER),
    Step.CHANGE_PLAN: _rule({S.FOLLOW_UP_HELD}, S.CHANGED, Doer.TOVHOLDER),
    Step.CLOSE: _rule(OPEN_STAGES, S.CLOSED, Doer.EITHER),
}


def allowed_roles(step: Step, level: int = 1) -> frozenset[Role]:
    """The roles that may take this step on a case at this level."""
    doer = RULES[step].doer
    if doer is Doer.CONVENER:
        return frozenset({Role.TOVHOLDER if level == 1 else Role.COORDINATOR})
    if doer is Doer.EITHER:
        return frozenset(Role)
    return frozenset({Role(doer.value)})


def may_perform(step: Step, roles: Collection[Role], level: int = 1) -> bool:
    """Whether someone with these roles on the case may take the step (ignoring its order)."""
    return not allowed_roles(step, level).isdisjoint(roles)


def steps_from(stage: Stage) -> tuple[Step, ...]:
    """The steps that may follow this stage, in the order of the course."""
    return tuple(step for step, rule in RULES.items() if stage in rule.from_stages)


def may_change_level(roles: Collection[Role]) -> bool:
    """The coordinators decide whether a course runs at level 1, 2 or 3 (annex §3.2, §3.3)."""
    return Role.COORDINATOR in roles
