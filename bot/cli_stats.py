"""``ki-bot stats [--since DATE]``: the quarterly course figures as CSV for the coordinators'
forum (the same figures as the Monday overview), one row per quarter and organisation."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.course import CourseRules
from domain.course.stats import (
    CourseFacts,
    Quarter,
    QuarterFigures,
    last_quarters,
    quarter_figures,
    quarters_since,
)
from storage.courses import CourseStore
from storage.db import Database

from .config import Settings

COMMAND = "stats"
HEADER = ("quarter", "organisation", "started", "plans_written", "plans_on_time", "follow_ups_held")


Row = tuple[str, str, int, int, int, int]


def stats_rows(
    facts: list[tuple[str | None, CourseFacts]], since: date | None, today: date
) -> list[Row]:
    """The rows of the courses' ``facts``, counted by ``domain.course.stats``."""
    quarters = quarters_of(since, today)
    mine: dict[str, list[CourseFacts]] = {}
    for organisation, course in facts:
        mine.setdefault(organisation or "", []).append(course)
    return figure_rows({o: quarter_figures(f, quarters) for o, f in mine.items()})


def quarters_of(since: date | None, today: date) -> list[Quarter]:
    return quarters_since(since, today) if since else last_quarters(today)


def figure_rows(figures: Mapping[str | None, Sequence[QuarterFigures]]) -> list[Row]:
    """One row per quarter and organisation (the courses of none under "")."""
    counts: dict[tuple[str, str], list[int]] = {}
    for organisation, quarters in figures.items():
        for f in quarters:
            row = counts.setdefault((str(f.quarter), organisation or ""), [0, 0, 0, 0])
            for index, value in enumerate(
                (f.started, f.plans_written, f.plans_on_time, f.follow_ups_held)
            ):
                row[index] += value
    return sorted(
        (quarter, organisation, row[0], row[1], row[2], row[3])
        for (quarter, organisation), row in counts.items()
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    since: date | None = None
    if args.since:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.since):
            print(f"ki-bot {COMMAND}: --since {args.since!r} is not a date (YYYY-MM-DD)",
                  file=sys.stderr)  # fmt: skip
            return 2
        since = date.fromisoformat(args.since)
    zone = ZoneInfo(settings.timezone)
    today = datetime.now(UTC).astimezone(zone).date()
    quarters = quarters_of(since, today)
    database = Database(settings.database_url)
    try:
        figures = database.run_sync(
            lambda session: CourseStore(session).quarter_figures(quarters, zone, CourseRules())
        )
    finally:
        database.dispose()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(figure_rows(figures))
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(COMMAND, help="print the quarterly KI course figures as CSV")
    parser.add_argument(
        "--since",
        default="",
        metavar="DATE",
        help="from the quarter of this day (default: last four quarters)",
    )
    parser.set_defaults(run=run)
