"""Reminders before each open deadline, at 09:00 local time on working days.

A reminder that would fall on a weekend or closed day moves to the preceding working day, so it
is never later than the deadline; reminders already in the past when planned are dropped (a plan
recorded late gets only the reminders still ahead). While consent is pending, a gentle reminder
comes every ``consent_reminder_weeks`` after consent was asked (moved to the following working
day: it has no deadline to stay before), all of the coming year's planned at once.

Each reminder has a stable ``key`` (case, deadline kind, offset, deadline date; ``keys``):
planning again after a date changed gives new keys only for the reminders whose deadline changed,
so an outbox that refuses duplicate keys never sends one twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ..calendar import WorkingCalendar
from .course import Course
from .deadlines import RESPONSIBLE, CourseRules, DeadlineKind, open_deadlines
from .keys import ReminderKey, local_minute
from .steps import Role, Stage


def parse_offsets(raw: str, setting: str = "reminder offsets") -> tuple[int, ...]:
    """Days before a deadline: ``"7,2,0"`` or with units ``"6w,2w,0d"``."""
    offsets: list[int] = []
    for part in (p.strip().lower() for p in raw.split(",")):
        match = re.fullmatch(r"(\d{1,3})\s*([dw]?)", part)
        if match is None:
            raise ValueError(
                f"{setting}: cannot read {part!r} (expected e.g. '6w,2w,0d' or '7,2,0')"
            )
        offsets.append(int(match[1]) * (7 if match[2] == "w" else 1))
    return tuple(sorted(set(offsets), reverse=True))


# How far ahead the consent reminders are queued (consent may take months of motivation work).
CONSENT_HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class ReminderSchedule:
    plan: tuple[int, ...] = (7, 2, 0)
    follow_up: tuple[int, ...] = (42, 14, 0)
    forward: tuple[int, ...] = (0,)
    at: time = time(9)

    def __post_init__(self) -> None:
        if any(offset < 0 for offset in (*self.plan, *self.follow_up, *self.forward)):
            raise ValueError("reminders are planned on or before a deadline, not after it")

    def days_before(self, kind: DeadlineKind) -> tuple[int, ...]:
        return {
            DeadlineKind.PLAN: self.plan,
            DeadlineKind.FOLLOW_UP: self.follow_up,
            DeadlineKind.FORWARD: self.forward,
        }.get(kind, ())


@dataclass(frozen=True)
class Reminder:
    case_id: str
    deadline: DeadlineKind
    due: date
    offset: str  # "7d" before the deadline, "every-4w" for consent, "nudge" from a coordinator
    at: datetime
    recipient: Role
    snoozed_to: str | None = None  # snoozed: the local minute it comes again (``keys``)

    @property
    def key(self) -> ReminderKey:
        return ReminderKey(self.case_id, self.deadline, self.offset, self.due, self.snoozed_to)


def _consent_reminders(
    course: Course,
    now: datetime,
    rules: CourseRules,
    schedule: ReminderSchedule,
    calendar: WorkingCalendar,
) -> list[Reminder]:
    """Every gentle reminder of the coming ``CONSENT_HORIZON`` while consent is pending: each is
    queued at once, as nothing plans the course again until consent is given or refused."""
    asked = course.dates.consent_asked_on
    if course.stage is not Stage.CONSENT_PENDING or asked is None:
        return []
    every = timedelta(weeks=rules.consent_reminder_weeks)
    first = max(1, (calendar.local(now).date() - asked) // every)
    horizon = calendar.local(now).date() + CONSENT_HORIZON
    offset = f"every-{rules.consent_reminder_weeks}w"
    found = []
    round_ = first
    while (day := asked + round_ * every) <= horizon:
        at = calendar.at(calendar.following_working_day(day), schedule.at)
        if at >= now:
            found.append(Reminder(course.case_id, DeadlineKind.CONSENT, day, offset, at,
                                  Role.TOVHOLDER))  # fmt: skip
        round_ += 1
    return found


def plan_reminders(
    course: Course,
    now: datetime,
    *,
    rules: CourseRules | None = None,
    schedule: ReminderSchedule | None = None,
    calendar: WorkingCalendar | None = None,
) -> tuple[Reminder, ...]:
    """Every reminder still ahead of ``now`` for the course's open deadlines, earliest first."""
    rules = rules or CourseRules()
    schedule = schedule or ReminderSchedule()
    calendar = calendar or WorkingCalendar()
    found: dict[tuple[DeadlineKind, datetime], Reminder] = {}
    for deadline in open_deadlines(course, rules, calendar):
        for days in schedule.days_before(deadline.kind):
            day = calendar.preceding_working_day(deadline.due - timedelta(days=days))
            at = calendar.at(day, schedule.at)
            if at < now:
                continue
            reminder = Reminder(
                course.case_id,
                deadline.kind,
                deadline.due,
                f"{days}d",
                at,
                RESPONSIBLE[deadline.kind],
            )
            # Two offsets moved onto one morning (a deadline after Christmas) give one reminder.
            found.setdefault((deadline.kind, at), reminder)
    consent = _consent_reminders(course, now, rules, schedule, calendar)
    reminders = [*found.values(), *consent]
    return tuple(sorted(reminders, key=lambda r: (r.at, r.deadline.value)))


@dataclass(frozen=True)
class Snoozed:
    reminder: Reminder
    past_deadline: bool  # the new time is after the deadline's day: say so to the person


def snooze(
    reminder: Reminder, now: datetime, delay: timedelta, calendar: WorkingCalendar | None = None
) -> Snoozed:
    """The reminder again ``delay`` after ``now``, held for working hours, as a new reminder with
    its own key (a second click on the same snooze within a minute gives the same key)."""
    calendar = calendar or WorkingCalendar()
    at = calendar.hold_for_working_hours(now + delay)
    again = replace(reminder, at=at, snoozed_to=local_minute(calendar.local(at)))
    return Snoozed(again, past_deadline=calendar.local(at).date() > reminder.due)
