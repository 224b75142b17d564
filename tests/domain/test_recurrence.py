"""Repeats keep the same wall-clock time in Copenhagen across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.timeparse import COPENHAGEN, Recurrence, TimeNotUnderstood, parse_recurrence
from tests.domain.time_table import MONDAY, cph, utc_moments

EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "weekdays", "at"),
    [
        ("hver mandag kl 9", {0}, time(9)),
        ("hver dag kl 8.30", set(range(7)), time(8, 30)),
        ("hver hverdag kl 8", set(range(5)), time(8)),
        ("alle hverdage kl. 7.45", set(range(5)), time(7, 45)),
        ("dagligt kl 12", set(range(7)), time(12)),
        ("hver mandag og torsdag kl 9", {0, 3}, time(9)),
        ("every Friday at 2pm", {4}, time(14)),
        ("every day at 8:30", set(range(7)), time(8, 30)),
        ("every weekday at 9am", set(range(5)), time(9)),
        ("every Monday, Wednesday and Friday at 10", {0, 2, 4}, time(10)),
        ("daily at noon", set(range(7)), time(12)),
        ("alle mandage og torsdage kl 9", {0, 3}, time(9)),  # plural day names
        ("every Mondays and Fridays at 9am", {0, 4}, time(9)),
        ("hver mandag og på torsdag kl 9", {0, 3}, time(9)),
        ("each day at 8am", set(range(7)), time(8)),
    ],
)
def test_a_repeat_is_read_as_weekdays_and_a_clock_time(text: str, weekdays: set[int], at: time):
    assert parse_recurrence(text) == Recurrence(frozenset(weekdays), at)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hver mandag", "no_time_of_day"),
        ("tirsdag kl 10", "not_understood"),
        ("hver blåmandag kl 9", "not_understood"),
        ("hver dag kl 25", "hour_out_of_range"),
        ("hver dag kl 9-10", "not_understood"),
    ],
)
def test_a_text_that_is_not_a_usable_repeat_is_refused(text: str, code: str):
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_recurrence(text)

    assert refused.value.code == code


def test_the_next_occurrence_is_the_coming_weekday():
    mondays = Recurrence(frozenset({0}), time(9))

    assert mondays.next_after(MONDAY - timedelta(minutes=1)) == cph(2026, 11, 23, 9)
    assert mondays.next_after(MONDAY) == cph(2026, 11, 30, 9)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (cph(2026, 3, 28, 9), "2026-03-29T09:00:00+02:00"),
        (cph(2026, 10, 24, 9), "2026-10-25T09:00:00+01:00"),
        (cph(2027, 3, 27, 9), "2027-03-28T09:00:00+02:00"),
    ],
)
def test_the_wall_clock_time_survives_a_daylight_saving_change(after: datetime, expected: str):
    assert Recurrence(EVERY_DAY, time(9)).next_after(after).isoformat() == expected


def test_a_time_that_does_not_exist_in_spring_fires_when_the_clock_jumps():
    nightly = Recurrence(EVERY_DAY, time(2, 30))

    first = nightly.next_after(cph(2026, 3, 28, 23))
    assert first.isoformat() == "2026-03-29T03:30:00+02:00"
    assert nightly.next_after(first).isoformat() == "2026-03-30T02:30:00+02:00"


def test_a_time_that_happens_twice_in_autumn_fires_once():
    nightly = Recurrence(EVERY_DAY, time(2, 30))

    first = nightly.next_after(cph(2026, 10, 25, 0))
    second_pass = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 02.15 on the repeated hour

    assert first.isoformat() == "2026-10-25T02:30:00+02:00"
    assert nightly.next_after(first).isoformat() == "2026-10-26T02:30:00+01:00"
    assert nightly.next_after(second_pass).isoformat() == "2026-10-26T02:30:00+01:00"


def test_a_rule_survives_storage_as_an_rrule():
    rule = Recurrence(frozenset({0, 3}), time(9, 15))

    assert rule.to_rule() == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=15"
    assert Recurrence.from_rule(rule.to_rule()) == rule


@pytest.mark.parametrize("rule", ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=XX;BYHOUR=9;BYMINUTE=0", ""])
def test_a_foreign_rule_is_refused(rule: str):
    with pytest.raises(ValueError):
        Recurrence.from_rule(rule)


def test_a_recurrence_needs_weekdays():
    with pytest.raises(ValueError):
        Recurrence(frozenset(), time(9))


@settings(deadline=None)
@given(
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    at=st.times(),
    moment=utc_moments(2026, 2029),
)
def test_the_next_occurrence_is_later_on_a_chosen_day_and_nothing_is_skipped(
    weekdays: frozenset[int], at: time, moment: datetime
):
    rule = Recurrence(weekdays, at.replace(microsecond=0))

    following = rule.next_after(moment)

    assert following > moment and following - moment <= timedelta(days=7, hours=1)
    assert following.tzinfo == COPENHAGEN and following.weekday() in weekdays
    assert following.utcoffset() == following.astimezone(UTC).astimezone(COPENHAGEN).utcoffset()
    in_spring_gap = following.time() != rule.at
    assert not in_spring_gap or following.replace(tzinfo=None).hour == rule.at.hour + 1
    # Nothing in between: asking from just before the answer gives the answer again.
    assert rule.next_after(following - timedelta(microseconds=1)) == following
