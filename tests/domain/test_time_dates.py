"""parse_date: days and day ranges without a time of day, e.g. for absences ("fravær 1/12-5/12")."""

from __future__ import annotations

from datetime import date

import pytest

from domain.timeparse import ParsedDate, TimeNotUnderstood, parse_date
from tests.domain.time_table import MONDAY, YEAR_END


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3/12", date(2026, 12, 3), None),
        ("3. december", date(2026, 12, 3), None),
        ("tirsdag", date(2026, 11, 24), None),
        ("mandag", date(2026, 11, 23), None),  # today counts for a whole day
        ("i morgen", date(2026, 11, 24), None),
        ("om en uge", date(2026, 11, 30), None),
        ("14-12-2026", date(2026, 12, 14), None),
        ("1/12-5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("1/12–5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("1.-5. december", date(2026, 12, 1), date(2026, 12, 5)),
        ("fra 1/12 til 5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("mandag til onsdag", date(2026, 11, 23), date(2026, 11, 25)),
        ("uge 50", date(2026, 12, 7), date(2026, 12, 13)),
        ("i næste uge", date(2026, 11, 30), date(2026, 12, 6)),
        ("next week", date(2026, 11, 30), date(2026, 12, 6)),
        ("1/11-5/12", date(2026, 11, 1), date(2026, 12, 5)),  # already begun, not ended
        ("1/11-5/11", date(2027, 11, 1), date(2027, 11, 5)),  # this year's has ended
    ],
)
def test_a_day_or_a_range_of_days_is_read(text: str, start: date, end: date | None):
    assert parse_date(text, MONDAY) == ParsedDate(start, end)


def test_a_range_over_new_year_starts_in_the_old_year():
    assert parse_date("28/12-3/1", YEAR_END) == ParsedDate(date(2026, 12, 28), date(2027, 1, 3))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31/11", "impossible_date"),
        ("1/11/2026-5/11/2026", "past"),
        ("20/11/2026", "past"),
        ("3/12 kl 10", "time_of_day_not_expected"),
        ("5/12-1/12", "end_before_start"),
        ("om 2 timer", "not_understood"),
        ("hvornår som helst", "not_understood"),
        ("", "empty"),
    ],
)
def test_a_date_that_cannot_be_used_is_refused(text: str, code: str):
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_date(text, MONDAY)

    assert refused.value.code == code
