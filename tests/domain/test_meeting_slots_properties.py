"""Properties of slot proposals for any moment, length, count and absences (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.meetings import Interval, Slot, propose_slots
from tests.meeting_factories import COPENHAGEN, WORKING_DAYS

MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(COPENHAGEN),
)
COUNTS = st.integers(min_value=1, max_value=12)
LENGTHS = st.sampled_from([15, 30, 45, 60, 90, 120, 420])


@st.composite
def absences(draw: st.DrawFn, now: datetime) -> dict[str, list[Interval]]:
    busy: dict[str, list[Interval]] = {}
    for person in draw(st.lists(st.sampled_from("abcde"), max_size=4, unique=True)):
        intervals = []
        for _ in range(draw(st.integers(0, 3))):
            start = now + timedelta(minutes=30 * draw(st.integers(0, 30 * 48)))
            intervals.append((start, start + timedelta(minutes=30 * draw(st.integers(1, 200)))))
        busy[person] = intervals
    return busy


def working_days_between(after: date, until: date) -> int:
    days = (after + timedelta(days=n) for n in range(1, (until - after).days + 1))
    return sum(WORKING_DAYS.is_working_day(d) for d in days)


def assert_valid(proposed: list[Slot], now: datetime, minutes: int) -> None:
    assert proposed == sorted(proposed)
    for slot in proposed:
        start = slot.start.astimezone(COPENHAGEN)
        assert slot.start > now and start.date() > now.date()
        assert WORKING_DAYS.is_working_day(start.date())
        assert 1 <= working_days_between(now.date(), start.date()) <= 15
        assert time(8, 30) <= start.time() and slot.end.astimezone(COPENHAGEN).time() <= time(
            15, 30
        )
        assert start.minute in (0, 30) and start.second == 0
        assert slot.end.astimezone(COPENHAGEN) - start == timedelta(minutes=minutes)
    assert all(a.end <= b.start for a, b in pairwise(proposed))


@settings(max_examples=150, deadline=None)
@given(MOMENTS, COUNTS, LENGTHS)
def test_without_absences_every_count_is_met_spread_and_valid(
    now: datetime, count: int, minutes: int
):
    proposed = propose_slots(now, calendar=WORKING_DAYS, count=count, minutes=minutes)

    assert_valid(proposed, now, minutes)
    assert len(proposed) == count
    assert len({s.start.date() for s in proposed}) >= min(3, count)
    if count >= 2 and minutes <= 180:  # shorter than both halves of the day
        assert {s.start.hour < 12 for s in proposed} == {True, False}


@settings(max_examples=150, deadline=None)
@given(st.data(), MOMENTS, COUNTS, LENGTHS)
def test_with_absences_no_slot_touches_one_and_the_rest_still_holds(
    data: st.DataObject, now: datetime, count: int, minutes: int
):
    busy = data.draw(absences(now))

    proposed = propose_slots(now, calendar=WORKING_DAYS, count=count, minutes=minutes, busy=busy)

    assert_valid(proposed, now, minutes)
    assert len(proposed) <= count
    intervals = [interval for person in busy.values() for interval in person]
    assert not any(s.start < end and start < s.end for s in proposed for start, end in intervals)
    assert proposed == propose_slots(
        now, calendar=WORKING_DAYS, count=count, minutes=minutes, busy=dict(reversed(busy.items()))
    )
