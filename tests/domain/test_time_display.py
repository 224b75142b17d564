"""Understood times are shown back in the user's language, never with an English month in Danish."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings

from domain.timeparse import format_date_range, format_moment, format_range
from tests.domain.time_table import MONDAY, cph, utc_moments

TUESDAY_10 = cph(2026, 11, 24, 10)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "tirsdag d. 24. november kl. 10.00"),
        ("en", "Tuesday 24 November at 10:00"),
    ],
)
def test_a_moment_is_written_out_in_full(language: str, expected: str):
    assert format_moment(TUESDAY_10, language) == expected


def test_a_moment_in_utc_is_shown_on_the_copenhagen_clock():
    assert format_moment(datetime(2026, 7, 1, 8, tzinfo=UTC), "da") == "onsdag d. 1. juli kl. 10.00"


def test_the_year_is_shown_only_when_it_is_not_this_year():
    next_year = cph(2027, 1, 5, 10)

    assert format_moment(next_year, "da", now=MONDAY) == "tirsdag d. 5. januar 2027 kl. 10.00"
    assert format_moment(TUESDAY_10, "da", now=MONDAY) == "tirsdag d. 24. november kl. 10.00"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "tirsdag d. 24. november kl. 10.00–11.30"),
        ("en", "Tuesday 24 November at 10:00–11:30"),
    ],
)
def test_a_range_on_one_day_names_the_day_once(language: str, expected: str):
    assert format_range(TUESDAY_10, cph(2026, 11, 24, 11, 30), language) == expected


def test_a_range_over_two_days_names_both():
    assert format_range(TUESDAY_10, cph(2026, 11, 25, 9), "da") == (
        "tirsdag d. 24. november kl. 10.00 – onsdag d. 25. november kl. 09.00"
    )


def test_a_range_without_end_is_the_moment():
    assert format_range(TUESDAY_10, None, "en") == "Tuesday 24 November at 10:00"


def test_a_date_range_names_first_and_last_day():
    assert format_date_range(date(2026, 12, 1), date(2026, 12, 5), "da") == (
        "tirsdag d. 1. december – lørdag d. 5. december"
    )


# "april", "august", "september", "november" and "december" are Danish too.
_ENGLISH_NAMES = [
    "january",
    "february",
    "march",
    "june",
    "july",
    "october",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]


@settings(deadline=None)
@given(utc_moments(2026, 2030))
def test_danish_never_shows_an_english_month_or_weekday(moment: datetime):
    shown = format_moment(moment, "da").lower()

    assert not any(name in shown for name in _ENGLISH_NAMES)
    assert " kl. " in shown
