"""Two years of a municipality through the real bot (issue #20).

    .venv/bin/python -m bench.municipality [--years 2] [--courses 300] [--seed N]
                                           [--database postgresql://…]  (empties that database)

Drives ``ki-bot serve`` on the test clock over HTTP, with the fake Bot Connector, through a
generated region and municipality, then checks what everyone received against the model's rules
(bench/municipality/rules.py) and prints the counts, the violations (want 0) and the wall time
per simulated year, with the machine's load average."""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import datetime
from pathlib import Path

from .rules import ZONE
from .run import DEFAULT_START, Options, Result, simulate

SHOWN = 40


def print_result(result: Result) -> None:
    report = result.report
    counts = report.counts
    print(f"database: {result.database}")
    print("calendar: " + "; ".join(result.calendar))
    print(
        f"courses: {result.courses}, restarts: {result.restarts}, requests to the bot: "
        f"{result.requests}"
    )
    for kind in ("nudge", "escalation", "overview", "case_card"):
        print(
            f"{kind + 's':12} expected {counts[f'expected {kind}']:6}  "
            f"arrived {counts[f'received {kind}']:6}  matched {counts[f'matched {kind}']:6}"
        )
    if result.simulated is not None:
        first, last = result.simulated
        print(f"simulated: {first:%Y-%m-%d %H:%M} – {last:%Y-%m-%d %H:%M}")
    for span, seconds in result.year_walls:
        print(f"simulated {span}: {seconds:.0f} s wall")
    months = sorted(result.month_walls)
    if months:
        print(
            f"wall time per whole simulated month ({len(months)}): min {months[0]:.0f} s, "
            f"median {months[len(months) // 2]:.0f} s, max {months[-1]:.0f} s"
        )
    print("wall time spent: " + ", ".join(f"{k} {v:.0f} s" for k, v in result.spent.items()))
    print(f"wall time: {result.wall_seconds:.0f} s; load average now: {os.getloadavg()}")
    print(f"violations: {len(report.violations)}")
    for rule, count in report.by_rule.most_common():
        print(f"  {rule}: {count}")
    for line in report.violations[:SHOWN]:
        print(f"  {line}")
    if len(report.violations) > SHOWN:
        print(f"  … and {len(report.violations) - SHOWN} more")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--courses", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--staff", type=int, default=140, help="staff per organisation")
    parser.add_argument("--database", help="a PostgreSQL URL (emptied!); default: SQLite")
    parser.add_argument("--start", default=DEFAULT_START.isoformat(), help="first moment")
    parser.add_argument("--keep", type=Path, help="keep the bot's logs and database here")
    parser.add_argument("--violations", type=Path, help="write every violation to this file")
    parser.add_argument(
        "--minutes", type=float, help="stop the days after this wall time and check those"
    )
    args = parser.parse_args()
    start = datetime.fromisoformat(args.start)
    options = Options(
        years=args.years, courses=args.courses, seed=args.seed, database=args.database,
        start=start if start.tzinfo else start.replace(tzinfo=ZONE), staff=args.staff,
        keep=args.keep, wall_limit=args.minutes * 60 if args.minutes else None,
    )  # fmt: skip
    print(f"load average at start: {os.getloadavg()}")
    result = asyncio.run(simulate(options))
    print_result(result)
    if args.violations:
        args.violations.write_text("\n".join(result.report.violations) + "\n", "utf-8")
    raise SystemExit(1 if result.report.violations else 0)


if __name__ == "__main__":
    main()
