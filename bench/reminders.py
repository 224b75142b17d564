"""What a reminder costs: reading the request, setting it (row + outbox + audit in one unit of
work), and the ``reminders.roll_forward`` job as the number of repeats grows.

Prints p50/p99 of ``parse_reminder_request`` (run off the event loop in the bot), the time per
reminder set, and the job's time for 100 and 2,000 active repeats of which 100 are due; the
ratio of the two job times shows whether the job's cost follows the due ones or all of them.

    .venv/bin/python -m bench.reminders [--database postgresql://kibot:kibot@127.0.0.1/kibot_x]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from dialogs.reminders import occurrences, service
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.reminders import parse_reminder_request
from storage.db import Database
from storage.migrate import upgrade
from storage.reminders import NewReminder
from storage.unit_of_work import UnitsOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REQUESTS = (
    "påmind mig om 10 minutter om at ringe til lægen",
    "påmind mig i morgen kl 9 om mødet",
    "påmind mig torsdag i næste uge kl 13 om opfølgningen",
    "påmind mig hver mandag kl 9 om ugeplanen",
    "påmind os fredag kl. 14.30 om status",
    "remind me tomorrow at 2pm to call the doctor",
    "remind me every Friday at 2pm to send the report",
    "påmind mig om at ringe til lægen i morgen kl 9",
)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench_parsing(rounds: int) -> None:
    samples = []
    for _ in range(rounds):
        for request in REQUESTS:
            start = time.perf_counter()
            parse_reminder_request(request, NOW, "en" if request.startswith("remind") else "da")
            samples.append((time.perf_counter() - start) * 1000)
    print(
        f"parse_reminder_request: p50 {statistics.median(samples):.2f} ms, "
        f"p99 {_percentile(samples, 0.99):.2f} ms over {len(samples)} requests"
    )


def _reset(database: Database) -> None:
    database.run_sync(
        lambda s: [
            s.execute(text(statement))
            for statement in (
                "DELETE FROM reminder_occurrences",
                "DELETE FROM outbox",
                "DELETE FROM reminders",
            )
        ]
    )


async def _set(units: UnitsOfWork, count: int, first: datetime, rule: str) -> float:
    request = parse_reminder_request(f"påmind mig {rule} om ugeplanen", NOW)
    start = time.perf_counter()
    for n in range(count):
        owner = PersonRef("tenant", f"person-{n}")
        new = NewReminder(owner, "me", None, "ugeplanen", "da", first, request.recurrence)
        await units.run(lambda unit, new=new: service.create(unit, new))
    return (time.perf_counter() - start) * 1000 / max(count, 1)


async def bench_database(database: Database, totals: tuple[int, ...], due: int) -> None:
    clock = FixedClock(NOW)
    units = UnitsOfWork(database, clock)
    job_ms = []
    for total in totals:
        _reset(database)
        clock.current = NOW
        monday = parse_reminder_request("påmind mig hver mandag kl 9 om x", NOW).first
        per_set = await _set(units, due, NOW + timedelta(minutes=1), "hver dag kl 10.01")
        await _set(units, total - due, monday, "hver mandag kl 9")
        clock.current = NOW + timedelta(minutes=2)
        start = time.perf_counter()
        queued = await units.run(occurrences.roll_forward)
        elapsed = (time.perf_counter() - start) * 1000
        job_ms.append(elapsed)
        print(
            f"{total:>5} active repeats, {due} due: set {per_set:.2f} ms each; "
            f"roll_forward {elapsed:.1f} ms, queued {queued}"
        )
    print(f"roll_forward ratio {totals[-1]}/{totals[0]} repeats: {job_ms[-1] / job_ms[0]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    bench_parsing(args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        database = Database(url)
        upgrade(database.engine)
        asyncio.run(bench_database(database, (100, 2000), due=100))
        database.dispose()


if __name__ == "__main__":
    main()
