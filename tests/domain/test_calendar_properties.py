"""Properties of the working calendar that hold for any day, moment and count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(days, st.integers(min_value=1, max_value=400))
def test_adding_working_days_never_lands_on_a_closed_day(day: date, n: int):
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(day, n))
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(day, -n))


@given(days, st.integers(min_value=0, max_value=400))
def test_working_days_between_undoes_adding_working_days(day: date, n: int):
    assert CALENDAR.working_days_between(day, CALENDAR.add_working_days(day, n)) == n


@given(days)
def test_the_preceding_working_day_is_working_and_never_later(day: date):
    before = CALENDAR.preceding_working_day(day)

    assert CALENDAR.is_working_day(before) and before <= day
    assert all(
        not CALENDAR.is_working_day(before + timedelta(d))
        for d in range(1, (day - before).days + 1)
    )


@given(moments)
def test_holding_gives_working_time_never_earlier_than_the_input(moment: datetime):
    held = CALENDAR.hold_for_working_hours(moment)

    assert CALENDAR.is_working_time(held) and held >= moment
    assert held.utcoffset() == held.astimezone(CALENDAR.zone).utcoffset()


@given(moments)
def test_the_next_working_morning_is_an_opening_time_after_the_input(moment: datetime):
    morning = CALENDAR.next_working_morning(moment)

    assert morning > moment and CALENDAR.is_working_time(morning)
    assert (morning.hour, morning.minute) == (8, 0)
    assert not CALENDAR.is_working_time(morning - timedelta(minutes=1))


@given(moments, st.floats(min_value=0, max_value=200, allow_nan=False))
def test_working_hours_added_are_counted_inside_opening_hours(moment: datetime, hours: float):
    end = CALENDAR.add_working_hours(moment, hours)
    start = CALENDAR.hold_for_working_hours(moment)

    assert end >= start
    if hours > 0:
        assert end - start >= timedelta(hours=hours) - timedelta(microseconds=1)
