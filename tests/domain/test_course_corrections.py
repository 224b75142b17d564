"""Correcting a step's date moves the deadlines counted from it, and only those reminders."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from domain.course import (
    COURSE_ZONE,
    DateAfterNextStep,
    DateBeforePreviousStep,
    DateInFuture,
    DateNotRecorded,
    DeadlineKind,
    ReminderKey,
    Role,
    Stage,
    Step,
    StepNotAllowed,
    advance,
    correct_date,
    course_at_milestones,
    deadlines,
    has_recorded_date,
    may_change_level,
    plan_reminders,
    snooze,
)

T, C = Role.TOVHOLDER, Role.COORDINATOR
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=COURSE_ZONE)


def cph(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COURSE_ZONE)


def test_a_corrected_meeting_day_moves_the_plan_deadline_and_its_reminder_keys():
    course = course_at_milestones(date(2026, 11, 2), case_id="c1")
    before = {r.key for r in plan_reminders(course, NOW)}

    moved = correct_date(course, Step.HOLD_MEETING, date(2026, 11, 3), roles={T}, at=NOW)

    assert deadlines(moved)[0].due == date(2026, 11, 17)
    assert before.isdisjoint(r.key for r in plan_reminders(moved, NOW))
    assert moved.history[-1].corrected and moved.stage is Stage.MEETING_HELD


def test_a_corrected_plan_day_in_the_first_period_moves_the_follow_up():
    course = course_at_milestones(date(2026, 8, 17), date(2026, 8, 31))

    moved = correct_date(course, Step.WRITE_PLAN, date(2026, 8, 28), roles={T}, at=NOW)

    follow_up = next(d for d in deadlines(moved) if d.kind is DeadlineKind.FOLLOW_UP)
    assert follow_up.due == date(2027, 2, 28)
    assert moved.dates.period_started_on == date(2026, 8, 28)


def test_a_corrected_follow_up_after_continuing_moves_the_next_period():
    course = course_at_milestones(date(2026, 1, 5), date(2026, 1, 12), date(2026, 7, 1))
    continued = advance(course, Step.CONTINUE_PLAN, roles={T}, at=cph(date(2026, 7, 1)))

    moved = correct_date(continued, Step.HOLD_FOLLOW_UP, date(2026, 6, 30), roles={T}, at=NOW)

    assert deadlines(moved)[-1].due == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("step", "on", "error"),
    [
        (Step.WRITE_PLAN, date(2026, 3, 1), DateBeforePreviousStep),
        (Step.HOLD_MEETING, date(2026, 3, 10), DateAfterNextStep),
        (Step.SEND_PLAN, date(2026, 12, 1), DateInFuture),
        (Step.HOLD_FOLLOW_UP, date(2026, 4, 1), DateNotRecorded),
        (Step.CLOSE, date(2026, 4, 1), DateNotRecorded),
    ],
)
def test_a_correction_that_breaks_the_order_is_refused_with_its_code(step, on, error):
    course = course_at_milestones(date(2026, 3, 2), date(2026, 3, 9))

    with pytest.raises(error) as refused:
        correct_date(course, step, on, roles={T, C}, at=NOW)
    assert refused.value.code == error.code


def test_only_who_may_take_a_step_may_correct_its_date():
    course = course_at_milestones(date(2026, 3, 2), date(2026, 3, 9))

    with pytest.raises(StepNotAllowed):
        correct_date(course, Step.FORWARD_PLAN, date(2026, 3, 10), roles={T}, at=NOW)
    assert may_change_level({C}) and not may_change_level({T})


def test_a_snoozed_reminder_is_a_new_reminder_held_for_working_hours():
    course = course_at_milestones(date(2026, 11, 2), case_id="c1")
    first = plan_reminders(course, NOW)[0]  # Monday 9 November 09:00

    week = snooze(first, cph(date(2026, 11, 9), 9), timedelta(weeks=1))
    day = snooze(first, cph(date(2026, 11, 13), 15), timedelta(days=1))  # Friday -> Monday

    assert (week.reminder.at, week.past_deadline) == (cph(date(2026, 11, 16)), False)
    assert week.reminder.key == ReminderKey(
        "c1", DeadlineKind.PLAN, "7d", date(2026, 11, 16), snoozed_to="2026-11-16T09:00"
    )
    assert (day.reminder.at, day.past_deadline) == (cph(date(2026, 11, 16), 8), False)
    late = snooze(first, cph(date(2026, 11, 16), 10), timedelta(days=1))
    assert late.past_deadline


def test_a_met_deadline_says_if_it_was_met_in_time():
    late = course_at_milestones(date(2026, 3, 2), date(2026, 3, 20))
    on_time = course_at_milestones(date(2026, 3, 2), date(2026, 3, 16))

    assert not deadlines(late)[0].met_in_time
    assert deadlines(on_time)[0].met_in_time and not deadlines(on_time)[2].met_in_time


def test_a_course_holds_a_correctable_date_only_for_a_step_it_has_taken_and_while_open():
    held = course_at_milestones(date(2026, 11, 2), case_id="c1")
    closed = advance(held, Step.CLOSE, roles={T}, at=NOW)

    assert has_recorded_date(held, Step.HOLD_MEETING)
    assert not has_recorded_date(held, Step.WRITE_PLAN)
    assert not has_recorded_date(held, Step.CLOSE)
    assert not has_recorded_date(closed, Step.HOLD_MEETING)
