"""Reminders before deadlines: 09:00 on working days, never after the deadline, stable keys."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import WorkingCalendar
from domain.course import (
    COURSE_ZONE,
    Course,
    DeadlineKind,
    ReminderSchedule,
    Role,
    Stage,
    Step,
    advance,
    course_at_milestones,
    parse_offsets,
    plan_reminders,
)
from domain.course.course import CourseDates

CALENDAR = WorkingCalendar()


def cph(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COURSE_ZONE)


def plan(course: Course, now: datetime, **kwargs: ReminderSchedule) -> list[tuple[str, datetime]]:
    return [(str(r.key), r.at) for r in plan_reminders(course, now, **kwargs)]


def test_the_plan_is_reminded_seven_and_two_days_before_and_on_the_day_at_nine():
    course = course_at_milestones(date(2026, 11, 2), case_id="c1")  # due Monday 16 November

    assert plan(course, cph(date(2026, 11, 2), 12)) == [
        ("course:c1:plan:7d:2026-11-16", cph(date(2026, 11, 9))),
        ("course:c1:plan:2d:2026-11-16", cph(date(2026, 11, 13))),  # Saturday 14th -> Friday 13th
        ("course:c1:plan:0d:2026-11-16", cph(date(2026, 11, 16))),
    ]


def test_reminders_for_a_deadline_on_christmas_day_come_before_christmas():
    course = course_at_milestones(date(2026, 12, 11), case_id="c1")  # due Friday 25 December

    reminders = plan_reminders(course, cph(date(2026, 12, 11), 12))

    assert [(r.offset, r.at) for r in reminders] == [
        ("7d", cph(date(2026, 12, 18))),
        ("2d", cph(date(2026, 12, 23))),  # the on-the-day reminder moved to the same morning
    ]
    assert all(r.at.date() <= r.due for r in reminders)


def test_follow_up_reminders_are_six_and_two_weeks_before_with_the_local_offset():
    course = course_at_milestones(date(2026, 8, 20), date(2026, 8, 31), case_id="c1")

    reminders = plan_reminders(course, cph(date(2026, 9, 1)))

    assert [(r.deadline, r.offset, r.at) for r in reminders] == [
        (DeadlineKind.FOLLOW_UP, "42d", cph(date(2027, 1, 15))),
        (DeadlineKind.FOLLOW_UP, "14d", cph(date(2027, 2, 12))),
        (DeadlineKind.FOLLOW_UP, "0d", cph(date(2027, 2, 26))),  # Sunday 28th -> Friday 26th
    ]
    assert {r.at.utcoffset() for r in reminders} == {timedelta(hours=1)}
    assert all(r.recipient is Role.TOVHOLDER for r in reminders)


def test_a_summer_reminder_has_the_summer_offset():
    course = course_at_milestones(date(2026, 3, 16), case_id="c1")  # due 30 March, after DST

    last = plan_reminders(course, cph(date(2026, 3, 16), 12))[-1]

    assert last.at == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


def test_reminders_already_past_when_planned_are_dropped():
    course = course_at_milestones(date(2026, 11, 2), case_id="c1")

    assert [key for key, _ in plan(course, cph(date(2026, 11, 13), 10))] == [
        "course:c1:plan:0d:2026-11-16"
    ]
    assert plan(course, cph(date(2026, 11, 16), 9)) == [
        ("course:c1:plan:0d:2026-11-16", cph(date(2026, 11, 16)))
    ]
    assert plan(course, cph(date(2026, 11, 17))) == []


def test_reminders_of_a_step_done_are_dropped_and_the_next_step_is_reminded():
    meeting = course_at_milestones(date(2026, 11, 2), case_id="c1")
    written = advance(
        meeting, Step.WRITE_PLAN, roles={Role.TOVHOLDER}, at=cph(date(2026, 11, 4), 10)
    )
    sent = advance(written, Step.SEND_PLAN, roles={Role.TOVHOLDER}, at=cph(date(2026, 11, 4), 11))

    reminders = plan_reminders(sent, cph(date(2026, 11, 4), 12))

    assert {r.deadline for r in reminders} == {DeadlineKind.FORWARD, DeadlineKind.FOLLOW_UP}
    forward = reminders[0]
    assert (forward.deadline, forward.at, forward.recipient) == (
        DeadlineKind.FORWARD,
        cph(date(2026, 11, 6)),
        Role.COORDINATOR,
    )


def test_a_changed_date_changes_only_the_keys_of_deadlines_that_moved():
    now = cph(date(2026, 9, 1))
    on_30 = course_at_milestones(date(2026, 8, 20), date(2026, 8, 30), case_id="c1")
    on_31 = course_at_milestones(date(2026, 8, 20), date(2026, 8, 31), case_id="c1")
    on_1st = course_at_milestones(date(2026, 8, 20), date(2026, 9, 1), case_id="c1")

    same = {r.key for r in plan_reminders(on_30, now)} & {r.key for r in plan_reminders(on_31, now)}
    moved = {r.key for r in plan_reminders(on_31, now)} & {
        r.key for r in plan_reminders(on_1st, now)
    }

    assert len(same) == 3  # both follow-ups are due 28 February
    assert moved == set()


def test_planning_again_later_gives_the_same_keys_for_what_is_still_ahead():
    course = course_at_milestones(date(2026, 8, 20), date(2026, 8, 31), case_id="c1")

    early = plan(course, cph(date(2026, 9, 1)))
    later = plan(course, cph(date(2027, 2, 1)))

    assert later == early[1:]


def test_the_schedule_is_configurable():
    schedule = ReminderSchedule(plan=parse_offsets("3,1"), at=time(10, 30))
    course = course_at_milestones(date(2026, 11, 2), case_id="c1")

    reminders = plan_reminders(course, cph(date(2026, 11, 2), 12), schedule=schedule)

    # 3 days before is Friday the 13th; 1 day before is Sunday, moved to the same Friday morning.
    assert [(r.offset, r.at) for r in reminders] == [
        ("3d", datetime(2026, 11, 13, 10, 30, tzinfo=COURSE_ZONE))
    ]


def test_offsets_are_read_in_days_or_weeks():
    assert parse_offsets("6w, 2w, 0d") == (42, 14, 0)
    assert parse_offsets("7,2,0") == (7, 2, 0)
    with pytest.raises(ValueError, match="cannot read 'soon'"):
        parse_offsets("7,soon")


def test_while_consent_is_pending_a_gentle_reminder_comes_every_four_weeks():
    asked = advance(
        Course("c1"), Step.ASK_CONSENT, roles={Role.TOVHOLDER}, at=cph(date(2026, 1, 5))
    )

    first = plan_reminders(asked, cph(date(2026, 1, 5), 10))
    second = plan_reminders(asked, cph(date(2026, 2, 2), 10))

    # Nothing plans the course again while consent is pending: the coming year's reminders are
    # all queued at once (the municipality simulation found only the first one ever arrived).
    assert [(str(r.key), r.at) for r in first[:2]] == [
        ("course:c1:consent:every-4w:2026-02-02", cph(date(2026, 2, 2))),
        ("course:c1:consent:every-4w:2026-03-02", cph(date(2026, 3, 2))),
    ]
    assert len(first) == 13 and str(first[-1].key) == "course:c1:consent:every-4w:2027-01-04"
    assert [str(r.key) for r in second][:1] == ["course:c1:consent:every-4w:2026-03-02"]
    given = advance(asked, Step.GIVE_CONSENT, roles={Role.TOVHOLDER}, at=cph(date(2026, 1, 20)))
    assert plan_reminders(given, cph(date(2026, 1, 20), 10)) == ()


def test_no_consent_reminder_comes_on_the_day_consent_was_asked():
    asked = advance(
        Course("c1"), Step.ASK_CONSENT, roles={Role.TOVHOLDER}, at=cph(date(2026, 1, 5), 8)
    )

    early = plan_reminders(asked, cph(date(2026, 1, 5), 8))  # before nine on the same day

    assert [(str(r.key), r.at) for r in early[:1]] == [
        ("course:c1:consent:every-4w:2026-02-02", cph(date(2026, 2, 2)))
    ]


def test_consent_reminders_planned_mid_period_still_fall_on_whole_periods_after_the_asking():
    asked = advance(
        Course("c1"), Step.ASK_CONSENT, roles={Role.TOVHOLDER}, at=cph(date(2026, 1, 5), 8)
    )

    later = plan_reminders(asked, cph(date(2026, 2, 19), 10))  # 6.5 weeks on

    assert str(later[0].key) == "course:c1:consent:every-4w:2026-03-02"
    assert all((r.due - date(2026, 1, 5)).days % 28 == 0 for r in later)


def test_consent_asked_on_a_saturday_is_first_reminded_four_weeks_later():
    course = Course(
        "c1", stage=Stage.CONSENT_PENDING, dates=CourseDates(consent_asked_on=date(2026, 1, 3))
    )

    reminder, *_later = plan_reminders(course, cph(date(2026, 1, 3), 12))

    assert (reminder.due, reminder.at) == (date(2026, 1, 31), cph(date(2026, 2, 2)))


def test_a_consent_reminder_on_a_holiday_comes_the_next_working_day():
    course = Course(
        "c1", stage=Stage.CONSENT_PENDING, dates=CourseDates(consent_asked_on=date(2027, 2, 26))
    )

    reminder, *_later = plan_reminders(course, cph(date(2027, 3, 1)))

    assert (reminder.due, reminder.at) == (date(2027, 3, 26), cph(date(2027, 3, 30)))


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2034, 12, 31)),
    st.integers(min_value=0, max_value=14),
    st.integers(min_value=-20, max_value=200),
)
def test_every_reminder_is_at_nine_on_a_working_day_between_now_and_its_deadline(
    meeting: date, writing_days: int, now_offset: int
):
    course = course_at_milestones(meeting, meeting + timedelta(days=writing_days), case_id="c")
    now = cph(meeting + timedelta(days=now_offset), 10)

    reminders = plan_reminders(course, now)

    for reminder in reminders:
        assert reminder.at >= now and reminder.at.date() <= reminder.due
        assert CALENDAR.is_working_day(reminder.at.date()) and reminder.at.time() == time(9)
    assert len({r.key for r in reminders}) == len(reminders)
