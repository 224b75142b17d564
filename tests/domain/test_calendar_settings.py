"""Parsing WORKING_HOURS and CLOSED_DAYS: the usual forms work, anything else is a clear error."""

from __future__ import annotations

from datetime import date, time

import pytest

from domain.calendar import (
    DEFAULT_WORKING_HOURS,
    ClosedDays,
    parse_closed_days,
    parse_working_hours,
)

OFFICE = (time(8), time(16))


def test_the_default_form_gives_monday_to_friday_eight_to_four():
    assert parse_working_hours("mon-fri 08:00-16:00") == DEFAULT_WORKING_HOURS
    assert DEFAULT_WORKING_HOURS.days == (OFFICE,) * 5 + (None, None)


def test_danish_day_names_lists_and_several_groups_are_understood():
    hours = parse_working_hours("Man-Tor 8.00-16.00; fre 08:00-15:30")

    assert hours.days[:4] == (OFFICE,) * 4
    assert hours.days[4] == (time(8), time(15, 30))
    assert parse_working_hours("mon,wed 09:00-12:00").days[:3] == (
        (time(9), time(12)),
        None,
        (time(9), time(12)),
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "WORKING_HOURS is empty"),
        ("mon-fri", "cannot read 'mon-fri'"),
        ("mon-fru 08:00-16:00", "unknown weekday 'fru'"),
        ("fri-mon 08:00-16:00", "runs backwards"),
        ("mon-fri 16:00-08:00", "closes before it opens"),
        ("mon-fri 08:00-25:00", "not a time of day"),
        ("mon-fri 08:00-16:00; fri 08:00-12:00", "given twice"),
    ],
)
def test_bad_working_hours_are_a_clear_value_error(raw: str, message: str):
    with pytest.raises(ValueError, match=message):
        parse_working_hours(raw)


def test_closed_days_hold_yearly_pairs_and_single_dates():
    closed = parse_closed_days("06-05, 12-24,12-31,2026-12-28")

    assert closed == ClosedDays(
        frozenset({(6, 5), (12, 24), (12, 31)}), frozenset({date(2026, 12, 28)})
    )
    assert date(2031, 6, 5) in closed and date(2026, 12, 28) in closed
    assert date(2027, 12, 28) not in closed


def test_an_empty_closed_days_setting_closes_nothing_extra():
    assert parse_closed_days("") == ClosedDays()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("13-01", "'13-01' is not a real date"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("5 juni", "cannot read '5 juni'"),
        ("6-5", "cannot read '6-5'"),
    ],
)
def test_bad_closed_days_are_a_clear_value_error(raw: str, message: str):
    with pytest.raises(ValueError, match=f"CLOSED_DAYS: {message}"):
        parse_closed_days(raw)
