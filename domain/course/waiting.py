"""What an open course waits for: the step its stage leads to next, and the role that takes it
at the course's level. The case card always says it, with who that is (``dialogs.course``)."""

from __future__ import annotations

from dataclasses import dataclass

from .course import Course
from .steps import Role, Stage, Step, allowed_roles

S = Stage
# The step each stage waits for (of the steps that may follow it, the one that moves it on).
_AWAITED: dict[Stage, Step] = {
    S.IDEA: Step.ASK_CONSENT,
    S.CONSENT_PENDING: Step.GIVE_CONSENT,
    S.CONSENT_GIVEN: Step.INFORM_OWN_COORDINATOR,
    S.CONSENT_REFUSED: Step.GIVE_CONSENT,
    S.OWN_COORDINATOR_INFORMED: Step.INFORM_OTHER_COORDINATOR,
    S.OTHER_COORDINATOR_INFORMED: Step.SCHEDULE_MEETING,
    S.MEETING_SCHEDULED: Step.HOLD_MEETING,
    S.MEETING_HELD: Step.WRITE_PLAN,
    S.PLAN_WRITTEN: Step.SEND_PLAN,
    S.PLAN_REJECTED: Step.WRITE_PLAN,
    S.PLAN_SENT: Step.FORWARD_PLAN,
    S.PLAN_FORWARDED: Step.HOLD_FOLLOW_UP,
    S.FOLLOW_UP_HELD: Step.CONTINUE_PLAN,
    S.CONTINUED: Step.HOLD_FOLLOW_UP,
    S.CHANGED: Step.HOLD_FOLLOW_UP,
}


@dataclass(frozen=True)
class Awaited:
    stage: Stage
    step: Step
    role: Role  # who takes it: the tovholder, or the coordinators of the case's organisation


def awaited(course: Course) -> Awaited | None:
    """What the course waits for now; None once it is closed."""
    step = _AWAITED.get(course.stage)
    if step is None:
        return None
    roles = allowed_roles(step, course.level)
    role = Role.TOVHOLDER if Role.TOVHOLDER in roles else Role.COORDINATOR
    return Awaited(course.stage, step, role)
