"""Correcting the date of a step already taken (a meeting moved, a plan date typed wrong).

The deadlines counted from that date move with it; planning the reminders again gives new keys
for the moved ones only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from ..identity import PersonRef
from .course import COURSE_ZONE, Course, CourseDates, Event
from .errors import (
    DateAfterNextStep,
    DateBeforePreviousStep,
    DateInFuture,
    DateNotRecorded,
    StepNotAllowed,
)
from .steps import RULES, Role, Stage, Step, allowed_roles, may_perform

_FIELDS = {
    Step.ASK_CONSENT: "consent_asked_on",
    Step.SCHEDULE_MEETING: "meeting_on",
    Step.HOLD_MEETING: "meeting_held_on",
    Step.WRITE_PLAN: "plan_written_on",
    Step.SEND_PLAN: "plan_sent_on",
    Step.FORWARD_PLAN: "plan_forwarded_on",
    Step.HOLD_FOLLOW_UP: "follow_up_held_on",
}
# Each of these days is on or after the one before it.
_CHAIN = ("meeting_held_on", "plan_written_on", "plan_sent_on", "plan_forwarded_on")


def _field(course: Course, step: Step) -> str:
    if step is Step.HOLD_FOLLOW_UP and course.stage in (Stage.CONTINUED, Stage.CHANGED):
        return "period_started_on"  # the follow-up that started the current period
    return _FIELDS[step]


def _bounds(course: Course, field: str) -> tuple[date | None, date | None]:
    dates = course.dates
    if field == "follow_up_held_on":
        return dates.period_started_on, None
    if field == "period_started_on":
        return dates.plan_written_on, None
    if field not in _CHAIN:
        return None, None
    index = _CHAIN.index(field)
    earlier = [getattr(dates, f) for f in _CHAIN[:index]]
    later = [getattr(dates, f) for f in _CHAIN[index + 1 :]]
    if field == "plan_written_on" and course.period <= 1:
        later.append(dates.follow_up_held_on)
    return (
        max((d for d in earlier if d is not None), default=None),
        min((d for d in later if d is not None), default=None),
    )


def _moved(course: Course, field: str, on: date) -> CourseDates:
    dates = replace(course.dates, **{field: on})
    if field == "plan_written_on" and course.period <= 1:
        dates = replace(dates, period_started_on=on)  # the first period starts with the plan
    return dates


def correct_date(
    course: Course,
    step: Step,
    on: date,
    *,
    roles: Collection[Role],
    at: datetime,
    actor: PersonRef | None = None,
) -> Course:
    """The course with the date of ``step`` (taken in this round) changed to ``on``, by someone
    who may take that step. Raises a ``CourseError`` subclass if refused."""
    if step not in _FIELDS or course.is_closed:
        raise DateNotRecorded(step)
    field = _field(course, step)
    if getattr(course.dates, field) is None:
        raise DateNotRecorded(step)
    if not may_perform(step, roles, course.level):
        raise StepNotAllowed(step, roles, allowed_roles(step, course.level))
    today = at.astimezone(COURSE_ZONE).date()
    if RULES[step].dated and on > today:
        raise DateInFuture(step, on, today)
    earliest, latest = _bounds(course, field)
    if earliest is not None and on < earliest:
        raise DateBeforePreviousStep(step, on, earliest)
    if latest is not None and on > latest:
        raise DateAfterNextStep(step, on, latest)
    return replace(
        course,
        dates=_moved(course, field, on),
        history=(*course.history, Event(step, at, on, actor, corrected=True)),
    )
