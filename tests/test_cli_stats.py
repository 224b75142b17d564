"""``ki-bot stats``: the same quarterly figures as the overview, as CSV."""

from __future__ import annotations

from datetime import date

from bot.cli_stats import HEADER, stats_rows
from domain.course.stats import CourseFacts


def test_stats_rows_are_per_quarter_and_organisation_since_the_given_day():
    facts = [
        ("pc-amager", CourseFacts(date(2026, 1, 5), date(2026, 1, 8), date(2026, 1, 20))),
        ("crb-kbh", CourseFacts(date(2025, 11, 5))),
    ]

    rows = stats_rows(facts, date(2025, 10, 1), date(2026, 2, 1))

    assert HEADER[0] == "quarter"
    assert rows == [
        ("2025-Q4", "crb-kbh", 1, 0, 0, 0),
        ("2025-Q4", "pc-amager", 0, 0, 0, 0),
        ("2026-Q1", "crb-kbh", 0, 0, 0, 0),
        ("2026-Q1", "pc-amager", 1, 1, 1, 0),
    ]


def test_without_since_the_last_four_quarters_are_printed():
    rows = stats_rows([("x", CourseFacts(date(2026, 1, 5)))], None, date(2026, 2, 1))
    assert [r[0] for r in rows] == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
