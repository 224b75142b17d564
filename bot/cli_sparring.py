"""``ki-bot sparring stats [--since DATE]``: per organisation, how many questions were asked and
the median time to claim and to first answer (wall-clock hours from the question)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .config import Settings


def _hours(duration: timedelta | None) -> str:
    return "–" if duration is None else f"{duration.total_seconds() / 3600:.1f} h"


def _stats(settings: Settings, args: argparse.Namespace) -> int:
    from domain.sparring import summarise
    from storage.db import Database
    from storage.directory import DirectoryStore
    from storage.migrate import upgrade
    from storage.sparring import SparringThreads

    since: datetime | None = None
    if args.since:
        try:
            day = date.fromisoformat(args.since)
        except ValueError:
            print(
                f"ki-bot sparring stats: --since wants YYYY-MM-DD, got {args.since!r}",
                file=sys.stderr,
            )
            return 2
        since = datetime.combine(day, datetime.min.time(), ZoneInfo(settings.timezone))

    def read(session: Any) -> tuple[list[Any], dict[str, str]]:
        now = datetime.now(ZoneInfo(settings.timezone))
        names = {o.id: o.name for o in DirectoryStore(session, now).organisations()}
        return summarise(SparringThreads(session, now).times(since)), names

    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
        rows, names = database.run_sync(read)
    finally:
        database.dispose()
    scope = f" since {args.since}" if args.since else ""
    if not rows:
        print(f"No sparring questions{scope}.")
        return 0
    print(f"Sparring{scope}: organisation, questions, median time to claim, to first answer")
    for row in rows:
        name = names.get(row.organisation_id, row.organisation_id)
        print(
            f"{name} ({row.organisation_id}): {row.requests} questions, "
            f"claimed after {_hours(row.median_to_claim)}, "
            f"first answer after {_hours(row.median_to_first_answer)}"
        )
    return 0


def register(commands: Any) -> None:
    sparring = commands.add_parser("sparring", help="coordinator sparring").add_subparsers(
        dest="sparring_command", required=True
    )
    stats = sparring.add_parser(
        "stats", help="questions, median time to claim and to first answer, per organisation"
    )
    stats.add_argument(
        "--since", default="", help="only questions asked from this day (YYYY-MM-DD)"
    )
    stats.set_defaults(run=_stats)
