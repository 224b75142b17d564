"""A course at given milestones, built by taking the real steps (for ``ki-bot course-deadlines``
and for tests), so it obeys the same rules as a course built in chat."""

from __future__ import annotations

from datetime import date, datetime, time

from .course import COURSE_ZONE, Course, advance
from .steps import Role, Step

_EVERYONE = frozenset(Role)


def course_at_milestones(
    meeting_held_on: date,
    plan_written_on: date | None = None,
    follow_up_held_on: date | None = None,
    *,
    case_id: str = "course",
) -> Course:
    """A level-1 course whose meeting was held, and optionally whose plan was written, sent and
    forwarded the same day, and whose follow-up was held. Raises a ``CourseError`` for dates out
    of order, ValueError for a follow-up without a plan."""
    if follow_up_held_on is not None and plan_written_on is None:
        raise ValueError("a follow-up meeting needs the day the plan was written")

    def noon(day: date) -> datetime:
        return datetime.combine(day, time(12), tzinfo=COURSE_ZONE)

    course = Course(case_id)
    for step in (Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR, Step.INFORM_OTHER_COORDINATOR):
        course = advance(course, step, roles=_EVERYONE, at=noon(meeting_held_on))
    for step in (Step.SCHEDULE_MEETING, Step.HOLD_MEETING):
        course = advance(course, step, roles=_EVERYONE, at=noon(meeting_held_on),
                         on=meeting_held_on, confirmed=True)  # fmt: skip
    if plan_written_on is None:
        return course
    for step in (Step.WRITE_PLAN, Step.SEND_PLAN, Step.FORWARD_PLAN):
        course = advance(
            course, step, roles=_EVERYONE, at=noon(plan_written_on), on=plan_written_on
        )
    if follow_up_held_on is None:
        return course
    at = noon(follow_up_held_on)
    return advance(course, Step.HOLD_FOLLOW_UP, roles=_EVERYONE, at=at, on=follow_up_held_on,
                   confirmed=True)  # fmt: skip
