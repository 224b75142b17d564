"""Correcting the date of a step already taken (a meeting moved, a plan date typed wrong).

The deadlines counted from that date move with it; planning the reminders again gives new keys
for the moved ones only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from ..calendar import WorkingCalendar
from ..identity import PersonRef
from .course import COURSE_ZONE, Course, CourseDates, Event, check_day, held_moment, timeline
from .errors import DateNotRecorded, StepNotAllowed
from .steps import Role, Stage, Step, allowed_roles, may_perform

_FIELDS = {
    Step.ASK_CONSENT: "consent_asked_on",
    Step.SCHEDULE_MEETING: "meeting_on",
    Step.HOLD_MEETING: "meeting_held_on",
    Step.WRITE_PLAN: "plan_written_on",
    Step.SEND_PLAN: "plan_sent_on",
    Step.FORWARD_PLAN: "plan_forwarded_on",
    Step.HOLD_FOLLOW_UP: "follow_up_held_on",
}


def _field(course: Course, step: Step) -> str:
    if step is Step.HOLD_FOLLOW_UP and course.stage in (Stage.CONTINUED, Stage.CHANGED):
        return "period_started_on"  # the follow-up that started the current period
    return _FIELDS[step]


def _moved(course: Course, field: str, on: date) -> CourseDates:
    dates = replace(course.dates, **{field: on})
    if field == "plan_written_on" and course.period <= 1:
        dates = replace(dates, period_started_on=on)  # the first period starts with the plan
    return dates


def _moment(course: Course, step: Step, row: Event, on: date) -> datetime | None:
    """A planned meeting moved to another day keeps its time of day; a held one keeps the
    planned time if it was held on the planned day."""
    if step is Step.HOLD_MEETING:
        return held_moment(course, on)
    if step is Step.SCHEDULE_MEETING and row.moment is not None:
        clock = row.moment.astimezone(COURSE_ZONE).time()
        return datetime.combine(on, clock, tzinfo=COURSE_ZONE)
    return None


def has_recorded_date(course: Course, step: Step) -> bool:
    """Does the open course hold a date for ``step`` (taken in this round) that may be corrected?"""
    return _recorded_row(course, step) is not None


def _recorded_row(course: Course, step: Step) -> int | None:
    """The index in the timeline of the newest row of ``step``, when its date is on the course."""
    if step not in _FIELDS or course.is_closed:
        return None
    if getattr(course.dates, _field(course, step)) is None:
        return None
    rows = timeline(course)
    return next((i for i in range(len(rows) - 1, -1, -1) if rows[i].step is step), None)


def correct_date(
    course: Course,
    step: Step,
    on: date,
    *,
    roles: Collection[Role],
    at: datetime,
    actor: PersonRef | None = None,
    moment: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    confirmed: bool = False,
) -> Course:
    """The course with the date of ``step`` (taken in this round) changed to ``on`` (a meeting
    moved: to ``moment``), by someone who may take that step. The day keeps the order of the
    steps: not in the future for a step that has happened, not before the step it follows nor
    after the one that followed it; a meeting held on a weekend or holiday once ``confirmed``.
    Raises a ``CourseError`` subclass if refused."""
    index = _recorded_row(course, step)
    if index is None:
        raise DateNotRecorded(step)
    field = _field(course, step)
    rows = timeline(course)
    if not may_perform(step, roles, course.level):
        raise StepNotAllowed(step, roles, allowed_roles(step, course.level))
    today = at.astimezone(COURSE_ZONE).date()
    check_day(
        step,
        on,
        today,
        after=rows[index - 1] if index > 0 else None,
        before=min((row.on for row in rows[index + 1 :]), default=None),
        calendar=calendar or WorkingCalendar(),
        confirmed=confirmed,
    )
    if moment is None:
        moment = _moment(course, step, rows[index], on)
    return replace(
        course,
        dates=_moved(course, field, on),
        history=(*course.history, Event(step, at, on, actor, corrected=True, moment=moment)),
    )
