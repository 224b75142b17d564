"""The absence forms people type: "i dag", "1/12", "1/12–5/12", weeks and ISO dates."""

from __future__ import annotations

from datetime import date

import pytest

from domain.directory import InvalidPeriod, parse_absence_period

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("i dag", TODAY, TODAY),
        ("", TODAY, TODAY),
        ("today", TODAY, TODAY),
        ("i morgen", date(2026, 11, 24), date(2026, 11, 24)),
        ("1/12", date(2026, 12, 1), date(2026, 12, 1)),
        ("1/12–5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("1/12-5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("1/12 - 5/12", date(2026, 12, 1), date(2026, 12, 5)),
        ("1.12 til 5.12", date(2026, 12, 1), date(2026, 12, 5)),
        ("20/11–30/11", date(2026, 11, 20), date(2026, 11, 30)),
        ("28/12–3/1", date(2026, 12, 28), date(2027, 1, 3)),
        ("10/1", date(2027, 1, 10), date(2027, 1, 10)),
        ("2026-12-01", date(2026, 12, 1), date(2026, 12, 1)),
        ("2026-12-01–2026-12-05", date(2026, 12, 1), date(2026, 12, 5)),
        ("1/12/2026", date(2026, 12, 1), date(2026, 12, 1)),
        ("uge 50", date(2026, 12, 7), date(2026, 12, 13)),
        ("i næste uge", date(2026, 11, 30), date(2026, 12, 6)),
    ],
)
def test_a_typed_period_becomes_its_first_and_last_day(text: str, first: date, last: date):
    assert parse_absence_period(text, TODAY) == (first, last)


@pytest.mark.parametrize(
    "text", ["snart", "31/2", "1/13", "5/12/2026–1/12/2026", "2026-13-01", "1/1/2020"]
)
def test_anything_else_is_refused(text: str):
    with pytest.raises(InvalidPeriod):
        parse_absence_period(text, TODAY)
