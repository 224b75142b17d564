"""What advancing the test clock costs on an idle database (``TEST_CLOCK=1``).

Advances six months in one step, as ``POST /test/clock`` does, and prints the wall time, the
number of stops (due moments) and jobs run. The baseline, measured in the same run, is one minute
step of the ordinary dispatcher (every job once, then the outbox); stepping six months minute by
minute would cost that times 263,520.

    .venv/bin/python -m bench.clock_advance [--database postgresql://kibot:kibot@127.0.0.1/kibot_x]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import SERVICES, create_app
from bot.config import Settings, settings_from

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SIX_MONTHS = timedelta(days=183)
MINUTE_STEPS = int(SIX_MONTHS / timedelta(minutes=1))


async def bench(settings: Settings, minute_samples: int) -> None:
    services = create_app(settings, run_dispatcher=False)[SERVICES]
    driver = services.test_clock
    assert driver is not None
    try:
        await driver.advance_to(START)  # start-up: every job once
        started = time.perf_counter()
        advanced = await driver.advance_to(START + SIX_MONTHS)
        six_months = time.perf_counter() - started

        steps = []
        for _ in range(minute_samples):
            started = time.perf_counter()
            await services.run_background()
            steps.append(time.perf_counter() - started)
        minute = statistics.median(steps)
    finally:
        await services.connector.close()
        await services.outbound.close()
        services.database.dispose()

    by_minute = minute * MINUTE_STEPS
    print(
        f"advance 6 months: {six_months:.2f} s wall, {advanced.jobs_run} jobs run, "
        f"{advanced.messages_sent} messages sent"
    )
    print(
        f"baseline, one minute step of the dispatcher: {minute * 1000:.1f} ms (median of "
        f"{minute_samples}); minute by minute 6 months would take ≈{by_minute / 3600:.1f} h, "
        f"{by_minute / six_months:.0f}x the jump"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    parser.add_argument("--minute-samples", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        settings = settings_from(
            {"DATABASE_URL": url, "TEST_CLOCK": "1", "TEST_CLOCK_START": START.isoformat()}
        )
        print(f"database: {settings.safe_database_url()}")
        asyncio.run(bench(settings, args.minute_samples))


if __name__ == "__main__":
    main()
