"""A course opened from a screening starts where the screening left it: the consent the fagperson
already has, has asked for, or was refused is the course's first step, taken by the tovholder
when the case opens, so nobody is asked to record it twice."""

from __future__ import annotations

from datetime import datetime

from ..identity import PersonRef
from ..screening import Consent
from .course import Course, advance
from .steps import Role, Step

CARRIED: dict[Consent, Step] = {
    Consent.GIVEN: Step.GIVE_CONSENT,
    Consent.PENDING: Step.ASK_CONSENT,
    Consent.REFUSED: Step.REFUSE_CONSENT,
}


def opened(
    course: Course, consent: Consent | None, *, tovholder: PersonRef, at: datetime
) -> Course:
    """``course`` (just started) with the screening's consent carried into it; unchanged if the
    screening had not asked, or the course has steps already."""
    step = CARRIED.get(consent) if consent is not None else None
    if step is None or course.history:
        return course
    return advance(course, step, roles={Role.TOVHOLDER}, at=at, actor=tovholder)
