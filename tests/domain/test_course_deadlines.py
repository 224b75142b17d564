"""Deadlines are fixed Copenhagen dates; overdue lists what was missed."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.calendar import WorkingCalendar
from domain.course import (
    COURSE_ZONE,
    CourseRules,
    Deadline,
    DeadlineKind,
    Role,
    Step,
    add_months,
    advance,
    course_at_milestones,
    deadlines,
    overdue,
)

T = Role.TOVHOLDER


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 7, 15), 6, date(2027, 1, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
    ],
)
def test_months_are_added_by_the_calendar_clamped_to_the_month_end(
    day: date, months: int, expected: date
):
    assert add_months(day, months) == expected


def test_the_plan_is_due_fourteen_days_after_the_meeting_even_on_a_holiday():
    course = course_at_milestones(date(2026, 12, 11))

    assert deadlines(course) == (Deadline(DeadlineKind.PLAN, date(2026, 12, 25)),)


def test_the_follow_up_is_due_six_calendar_months_after_the_plan_was_written():
    course = course_at_milestones(date(2026, 8, 20), date(2026, 8, 31))

    follow_up = deadlines(course)[-1]
    assert (follow_up.kind, follow_up.due, follow_up.is_open) == (
        DeadlineKind.FOLLOW_UP,
        date(2027, 2, 28),
        True,
    )


def test_forwarding_is_due_two_working_days_after_sending():
    course = course_at_milestones(date(2027, 3, 15), date(2027, 3, 23))
    forward = next(d for d in deadlines(course) if d.kind is DeadlineKind.FORWARD)

    assert forward.due == date(2027, 3, 30)  # Easter 2027 in between
    three = deadlines(course, CourseRules(forward_working_days=3))
    assert next(d for d in three if d.kind is DeadlineKind.FORWARD).due == date(2027, 3, 31)


def test_a_follow_up_that_continues_the_plan_starts_a_new_six_month_period():
    course = course_at_milestones(date(2026, 1, 5), date(2026, 1, 12), date(2026, 7, 1))
    continued = advance(
        course,
        Step.CONTINUE_PLAN,
        roles={T},
        at=datetime.combine(date(2026, 7, 1), time(12), COURSE_ZONE),
    )

    held = [d for d in deadlines(course) if d.kind is DeadlineKind.FOLLOW_UP]
    assert held == [Deadline(DeadlineKind.FOLLOW_UP, date(2026, 7, 12), date(2026, 7, 1))]
    assert deadlines(continued)[-1] == Deadline(DeadlineKind.FOLLOW_UP, date(2027, 1, 1))


def test_overdue_lists_open_deadlines_whose_last_day_has_passed():
    course = course_at_milestones(date(2026, 3, 2))

    assert overdue(course, date(2026, 3, 16)) == ()
    assert overdue(course, date(2026, 3, 17)) == (Deadline(DeadlineKind.PLAN, date(2026, 3, 16)),)


def test_a_met_deadline_is_never_overdue():
    course = course_at_milestones(date(2026, 3, 2), date(2026, 3, 20))

    assert [d.kind for d in overdue(course, date(2026, 12, 1))] == [DeadlineKind.FOLLOW_UP]


def test_a_closed_course_has_nothing_overdue():
    course = course_at_milestones(date(2026, 3, 2))
    closed = advance(
        course, Step.CLOSE, roles={T}, at=datetime.combine(date(2026, 3, 3), time(9), COURSE_ZONE)
    )

    assert overdue(closed, date(2027, 1, 1)) == ()


def test_deadlines_use_the_calendar_given():
    course = course_at_milestones(date(2026, 6, 1), date(2026, 6, 4))
    open_on_5_june = WorkingCalendar.from_settings(closed_days="")

    forward = [
        d.due for d in deadlines(course, calendar=open_on_5_june) if d.kind is DeadlineKind.FORWARD
    ]
    assert forward == [date(2026, 6, 8)]
    assert [d.due for d in deadlines(course) if d.kind is DeadlineKind.FORWARD] == [
        date(2026, 6, 9)
    ]


def test_course_rules_must_be_positive():
    with pytest.raises(ValueError, match="plan_days"):
        CourseRules(plan_days=0)
