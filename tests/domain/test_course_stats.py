"""Quarterly course figures (report Table 3.2) counted from course facts."""

from __future__ import annotations

from datetime import date

import pytest

from domain.course.stats import (
    CourseFacts,
    Quarter,
    last_quarters,
    quarter_figures,
    quarters_since,
)


@pytest.mark.parametrize(
    ("day", "quarter", "first", "last"),
    [
        (date(2026, 1, 1), Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 12, 31), Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
        (date(2024, 5, 15), Quarter(2024, 2), date(2024, 4, 1), date(2024, 6, 30)),
    ],
)
def test_a_day_belongs_to_its_quarter(day: date, quarter: Quarter, first: date, last: date):
    assert Quarter.of(day) == quarter
    assert (quarter.first_day, quarter.last_day) == (first, last)


def test_the_last_four_quarters_cross_the_new_year_oldest_first():
    assert [str(q) for q in last_quarters(date(2026, 2, 1))] == [
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
    ]
    assert [str(q) for q in quarters_since(date(2025, 12, 1), date(2026, 4, 1))] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]


def test_plans_count_as_on_time_within_fourteen_days_of_the_meeting():
    facts = [
        CourseFacts(date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 22)),  # day 14: on time
        CourseFacts(date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 23)),  # day 15: late
        CourseFacts(date(2025, 12, 1), follow_ups_held=(date(2026, 2, 1), date(2026, 8, 1))),
    ]

    [q4, q1] = quarter_figures(facts, [Quarter(2025, 4), Quarter(2026, 1)])

    assert (q4.started, q4.plans_written, q4.follow_ups_held) == (1, 0, 0)
    assert (q1.started, q1.plans_written, q1.plans_on_time, q1.follow_ups_held) == (2, 2, 1, 1)
