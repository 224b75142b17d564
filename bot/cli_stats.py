"""``ki-bot stats [--since DATE]``: the quarterly course figures as CSV for the coordinators'
forum (the same figures as the Monday overview), one row per quarter and organisation."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.course.stats import CourseFacts, last_quarters, quarter_figures, quarters_since
from storage.courses import CourseStore
from storage.db import Database

from .config import Settings

COMMAND = "stats"
HEADER = ("quarter", "organisation", "started", "plans_written", "plans_on_time", "follow_ups_held")


def stats_rows(
    facts: list[tuple[str | None, CourseFacts]], since: date | None, today: date
) -> list[tuple[str, str, int, int, int, int]]:
    quarters = quarters_since(since, today) if since else last_quarters(today)
    organisations = sorted({organisation or "" for organisation, _ in facts})
    rows = []
    for organisation in organisations:
        mine = [f for o, f in facts if (o or "") == organisation]
        for figures in quarter_figures(mine, quarters):
            rows.append(
                (str(figures.quarter), organisation, figures.started, figures.plans_written,
                 figures.plans_on_time, figures.follow_ups_held)
            )  # fmt: skip
    return sorted(rows)


def run(settings: Settings, args: argparse.Namespace) -> int:
    since: date | None = None
    if args.since:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.since):
            print(f"ki-bot {COMMAND}: --since {args.since!r} is not a date (YYYY-MM-DD)",
                  file=sys.stderr)  # fmt: skip
            return 2
        since = date.fromisoformat(args.since)
    zone = ZoneInfo(settings.timezone)
    database = Database(settings.database_url)
    try:
        facts = database.run_sync(lambda session: CourseStore(session).facts(zone))
    finally:
        database.dispose()
    today = datetime.now(UTC).astimezone(zone).date()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(stats_rows(facts, since, today))
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
