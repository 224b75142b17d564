"""Deadlines of a course: calendar days in Europe/Copenhagen that do not move (annex §6, §8).

- plan written at the latest ``plan_days`` (14) days after the meeting was held;
- follow-up meeting at the latest ``follow_up_months`` (6) calendar months after the plan was
  written, or after the follow-up that continued or changed it (31 August + 6 months = 28 February);
- plan forwarded by the coordinator within ``forward_working_days`` (2) working days of sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..calendar import WorkingCalendar
from .course import Course
from .months import add_months
from .steps import Role, Stage


class DeadlineKind(StrEnum):
    CONSENT = "consent"  # not a deadline: gentle reminders while consent is pending
    PLAN = "plan"
    FORWARD = "forward"
    FOLLOW_UP = "follow_up"


# Who a reminder of each kind goes to; the coordinators hear of every overdue deadline.
RESPONSIBLE: dict[DeadlineKind, Role] = {
    DeadlineKind.CONSENT: Role.TOVHOLDER,
    DeadlineKind.PLAN: Role.TOVHOLDER,
    DeadlineKind.FORWARD: Role.COORDINATOR,
    DeadlineKind.FOLLOW_UP: Role.TOVHOLDER,
}


@dataclass(frozen=True)
class CourseRules:
    plan_days: int = 14
    follow_up_months: int = 6
    forward_working_days: int = 2
    consent_reminder_weeks: int = 4

    def __post_init__(self) -> None:
        for name in (
            "plan_days",
            "follow_up_months",
            "forward_working_days",
            "consent_reminder_weeks",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"course rule {name} must be at least 1")


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date  # the last day on which the step is on time
    met_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.met_on is None

    @property
    def met_in_time(self) -> bool:
        return self.met_on is not None and self.met_on <= self.due

    def is_overdue(self, today: date) -> bool:
        return self.is_open and today > self.due


@dataclass(frozen=True)
class CountedFrom:
    """Which of a course's days (``CourseDates`` fields) a deadline counts from, and which day
    meets it."""

    kind: DeadlineKind
    counted_from: str
    met_by: str


# The deadlines of a round, in the order a course lists them.
COUNTED_FROM = (
    CountedFrom(DeadlineKind.PLAN, "meeting_held_on", "plan_written_on"),
    CountedFrom(DeadlineKind.FORWARD, "plan_sent_on", "plan_forwarded_on"),
    CountedFrom(DeadlineKind.FOLLOW_UP, "period_started_on", "follow_up_held_on"),
)


def due_day(
    kind: DeadlineKind, counted_from: date, rules: CourseRules, calendar: WorkingCalendar
) -> date:
    """The last day on time of a deadline counted from ``counted_from``. It never falls as
    ``counted_from`` grows (``due_windows`` relies on that)."""
    if kind is DeadlineKind.PLAN:
        return _plan_due(counted_from, rules)
    if kind is DeadlineKind.FORWARD:
        return calendar.add_working_days(counted_from, rules.forward_working_days)
    if kind is DeadlineKind.FOLLOW_UP:
        return add_months(counted_from, rules.follow_up_months)
    raise ValueError(f"{kind} has no last day")


def plan_deadline(
    meeting_held_on: date, plan_written_on: date | None, rules: CourseRules | None = None
) -> Deadline:
    """The plan is written at the latest ``plan_days`` after the meeting was held."""
    rules = rules or CourseRules()
    return Deadline(DeadlineKind.PLAN, _plan_due(meeting_held_on, rules), plan_written_on)


def _plan_due(meeting_held_on: date, rules: CourseRules) -> date:
    return meeting_held_on + timedelta(days=rules.plan_days)


PAUSED = frozenset({Stage.CLOSED, Stage.CONSENT_REFUSED, Stage.PLAN_REJECTED})


def deadlines(
    course: Course, rules: CourseRules | None = None, calendar: WorkingCalendar | None = None
) -> tuple[Deadline, ...]:
    """The course's deadlines of the current round, met or open. A closed course, refused consent
    or a rejected plan has no open deadline (the tovholder decides what happens next)."""
    rules = rules or CourseRules()
    calendar = calendar or WorkingCalendar()
    found: list[Deadline] = []
    for source in COUNTED_FROM:
        start: date | None = getattr(course.dates, source.counted_from)
        if start is not None:
            due = due_day(source.kind, start, rules, calendar)
            found.append(Deadline(source.kind, due, getattr(course.dates, source.met_by)))
    if course.stage in PAUSED:
        return tuple(deadline for deadline in found if not deadline.is_open)
    return tuple(found)


def open_deadlines(
    course: Course, rules: CourseRules | None = None, calendar: WorkingCalendar | None = None
) -> tuple[Deadline, ...]:
    return tuple(d for d in deadlines(course, rules, calendar) if d.is_open)


def overdue(
    course: Course,
    today: date,
    rules: CourseRules | None = None,
    calendar: WorkingCalendar | None = None,
) -> tuple[Deadline, ...]:
    """The open deadlines whose last day is before ``today`` (a Copenhagen date)."""
    return tuple(d for d in deadlines(course, rules, calendar) if d.is_overdue(today))
