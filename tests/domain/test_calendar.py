"""The working-day calendar: Danish holidays, closed days, opening hours and daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import WorkingCalendar

CPH = ZoneInfo("Europe/Copenhagen")
CALENDAR = WorkingCalendar()


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CPH)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2027, 3, 25), "skærtorsdag"),
        (date(2027, 3, 26), "langfredag"),
        (date(2027, 3, 29), "2. påskedag"),
        (date(2027, 5, 6), "Kristi himmelfartsdag"),
        (date(2027, 5, 17), "2. pinsedag"),
        (date(2026, 6, 5), "Grundlovsdag (closed day, not a public holiday)"),
        (date(2026, 12, 24), "juleaftensdag (closed day)"),
        (date(2026, 12, 25), "1. juledag"),
        (date(2026, 12, 31), "nytårsaftensdag (closed day)"),
        (date(2027, 1, 1), "nytårsdag"),
        (date(2023, 5, 5), "Store Bededag, still a holiday in 2023"),
        (date(2026, 11, 21), "a Saturday"),
        (date(2026, 11, 22), "a Sunday"),
    ],
)
def test_holidays_closed_days_and_weekends_are_not_working_days(day: date, why: str):
    assert not CALENDAR.is_working_day(day), why


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 4, 26),  # Store Bededag abolished from 2024
        date(2027, 4, 23),  # where Store Bededag would have been in 2027
        date(2026, 12, 23),
        date(2026, 12, 28),
        date(2027, 3, 24),  # the Wednesday before Easter
        date(2026, 11, 23),
    ],
)
def test_ordinary_weekdays_are_working_days(day: date):
    assert CALENDAR.is_working_day(day)


def test_adding_working_days_skips_easter_2027():
    assert CALENDAR.add_working_days(date(2027, 3, 24), 1) == date(2027, 3, 30)
    assert CALENDAR.add_working_days(date(2027, 3, 30), -1) == date(2027, 3, 24)


def test_adding_working_days_skips_christmas_and_the_new_year():
    assert CALENDAR.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert CALENDAR.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    assert CALENDAR.add_working_days(date(2026, 12, 23), 0) == date(2026, 12, 23)


def test_adding_working_days_crosses_month_and_weekend():
    assert CALENDAR.add_working_days(date(2026, 7, 31), 2) == date(2026, 8, 4)


def test_grundlovsdag_is_skipped_when_it_falls_on_a_weekday():
    assert CALENDAR.add_working_days(date(2026, 6, 4), 1) == date(2026, 6, 8)


def test_the_preceding_working_day_is_the_day_itself_when_it_is_one():
    assert CALENDAR.preceding_working_day(date(2026, 12, 23)) == date(2026, 12, 23)
    assert CALENDAR.preceding_working_day(date(2026, 12, 27)) == date(2026, 12, 23)
    assert CALENDAR.preceding_working_day(date(2027, 3, 29)) == date(2027, 3, 24)


def test_working_days_between_counts_days_after_the_start_up_to_the_end():
    assert CALENDAR.working_days_between(date(2026, 12, 23), date(2027, 1, 4)) == 4
    assert CALENDAR.working_days_between(date(2027, 1, 4), date(2026, 12, 23)) == -4
    assert CALENDAR.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (local(2026, 11, 23, 8, 0), True),
        (local(2026, 11, 23, 7, 59), False),
        (local(2026, 11, 23, 15, 59), True),
        (local(2026, 11, 23, 16, 0), False),
        (local(2026, 11, 21, 10, 0), False),
        (local(2026, 6, 5, 10, 0), False),
        (datetime(2026, 11, 23, 7, 30, tzinfo=UTC), True),  # 08:30 in Copenhagen (winter)
        (datetime(2026, 6, 3, 6, 30, tzinfo=UTC), True),  # 08:30 in Copenhagen (summer)
        (datetime(2026, 6, 3, 5, 30, tzinfo=UTC), False),  # 07:30 in Copenhagen (summer)
    ],
)
def test_working_time_is_judged_in_copenhagen_time(moment: datetime, working: bool):
    assert CALENDAR.is_working_time(moment) is working


def test_next_working_morning_is_today_before_opening_else_the_next_working_day():
    assert CALENDAR.next_working_morning(local(2026, 11, 23, 6, 0)) == local(2026, 11, 23, 8, 0)
    assert CALENDAR.next_working_morning(local(2026, 11, 23, 9, 0)) == local(2026, 11, 24, 8, 0)
    assert CALENDAR.next_working_morning(local(2026, 12, 23, 17, 0)) == local(2026, 12, 28, 8, 0)


def test_the_next_working_morning_after_the_spring_change_has_the_summer_offset():
    morning = CALENDAR.next_working_morning(local(2026, 3, 27, 17, 0))  # Friday; DST on Sunday

    assert morning == local(2026, 3, 30, 8, 0)
    assert morning.utcoffset() == timedelta(hours=2)
    assert morning.astimezone(UTC).hour == 6


def test_the_next_working_morning_after_the_autumn_change_has_the_winter_offset():
    morning = CALENDAR.next_working_morning(datetime(2026, 10, 23, 15, 0, tzinfo=UTC))

    assert morning.utcoffset() == timedelta(hours=1)
    assert (morning.date(), morning.time()) == (date(2026, 10, 26), time(8, 0))


def test_hold_keeps_a_working_moment_and_moves_others_to_the_next_morning():
    during = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)

    assert CALENDAR.hold_for_working_hours(during) == during
    assert CALENDAR.hold_for_working_hours(during).tzinfo == CPH
    assert CALENDAR.hold_for_working_hours(local(2026, 12, 31, 10, 0)) == local(2027, 1, 4, 8, 0)


def test_working_hours_carry_over_to_the_next_working_morning():
    friday = local(2026, 10, 23, 15, 0)

    assert CALENDAR.add_working_hours(friday, 3) == local(2026, 10, 26, 10, 0)
    assert CALENDAR.add_working_hours(friday, 1) == local(2026, 10, 23, 16, 0)
    assert CALENDAR.add_working_hours(friday, 0.5) == local(2026, 10, 23, 15, 30)


def test_working_hours_over_easter_count_only_open_days():
    assert CALENDAR.add_working_hours(local(2027, 3, 24, 12, 0), 8) == local(2027, 3, 30, 12, 0)


def test_working_hours_started_outside_opening_hours_start_in_the_morning():
    assert CALENDAR.add_working_hours(local(2026, 11, 21, 22, 0), 2) == local(2026, 11, 23, 10, 0)


def test_negative_working_hours_are_refused():
    with pytest.raises(ValueError, match="forwards"):
        CALENDAR.add_working_hours(local(2026, 11, 23, 10, 0), -1)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.is_working_time(datetime(2026, 11, 23, 10, 0))  # noqa: DTZ001


def test_configured_hours_and_closed_days_are_used():
    calendar = WorkingCalendar.from_settings(
        working_hours="mon-thu 08:00-16:00; fri 09:00-12:00", closed_days="2026-11-24"
    )

    assert not calendar.is_working_day(date(2026, 11, 24))
    assert calendar.is_working_day(date(2026, 6, 5)) and calendar.is_working_day(date(2026, 12, 24))
    assert calendar.is_working_time(local(2026, 11, 27, 11, 59))
    assert not calendar.is_working_time(local(2026, 11, 27, 12, 0))
    assert calendar.next_working_morning(local(2026, 11, 26, 17, 0)) == local(2026, 11, 27, 9, 0)


def test_another_time_zone_gives_its_own_offsets():
    calendar = WorkingCalendar.from_settings(time_zone="Atlantic/Faroe")

    assert calendar.next_working_morning(local(2026, 11, 23, 6, 0)).utcoffset() == timedelta(0)


def test_an_unknown_time_zone_is_a_clear_error():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        WorkingCalendar.from_settings(time_zone="Mars/Olympus")
