"""How long claiming the next batch of due outbox rows takes as the outbox grows.

Fills the outbox to 1k, 100k and 1M rows (mostly history already sent, some scheduled for the
future, a fixed 500 due now) and times ``Outbox.claim_due`` for a batch of 50, then prints the
query plan, which must use the (status, due_at) index. The claim time must not grow with the
total: the printed ratio compares the largest size with the smallest.

    .venv/bin/python -m bench.outbox_due_scan --database postgresql://kibot:kibot@127.0.0.1/kibot_test
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage.db import Database
from storage.migrate import upgrade
from storage.outbox import Outbox

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUE_NOW = 500
BATCH = 50

FILL = """
INSERT INTO outbox (dedupe_key, address_json, content_json, language, due_at, status,
                    attempts, created_at, sent_at)
SELECT 'bench:' || n,
       '{"kind": "person", "tenant_id": "t", "aad_object_id": "a' || (n % 5000) || '"}',
       '{"text": "x"}', 'da',
       CASE WHEN n % 10 = 0 THEN CAST(:now AS timestamptz) + (n || ' minutes')::interval
            ELSE CAST(:now AS timestamptz) - (n || ' seconds')::interval END,
       CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'sent' END,
       1, :now, :now
FROM generate_series(CAST(:start AS integer), CAST(:stop AS integer)) AS n
"""

DUE = """
INSERT INTO outbox (dedupe_key, address_json, content_json, language, due_at, status,
                    attempts, created_at)
SELECT 'due:' || n, '{"kind": "person", "tenant_id": "t", "aad_object_id": "due"}',
       '{"text": "x"}', 'da', CAST(:now AS timestamptz) - (n || ' seconds')::interval, 'pending', 0, :now
FROM generate_series(1, CAST(:count AS integer)) AS n
"""

PLAN = """
EXPLAIN SELECT id FROM outbox WHERE status = 'pending' AND due_at <= :now
ORDER BY due_at LIMIT 50 FOR UPDATE SKIP LOCKED
"""


def _reset_due(database: Database) -> None:
    database.run_sync(
        lambda s: s.execute(
            text(
                "UPDATE outbox SET status='pending', lease_owner=NULL, lease_until=NULL "
                "WHERE dedupe_key LIKE 'due:%'"
            )
        )
    )


def _time_claims(database: Database, repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        _reset_due(database)
        started = time.perf_counter()
        claimed = database.run_sync(
            lambda s: Outbox(s).claim_due(
                now=NOW, owner="bench", lease=timedelta(minutes=2), limit=BATCH
            )
        )
        timings.append((time.perf_counter() - started) * 1000)
        if len(claimed) != BATCH:
            raise RuntimeError(f"claimed {len(claimed)} rows, expected {BATCH}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (emptied first)")
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
    upgrade(database.engine)
    database.run_sync(lambda s: s.execute(text(DUE), {"now": NOW, "count": DUE_NOW}))

    filled = 0
    results: list[tuple[int, float, float]] = []
    for size in (int(part) for part in args.sizes.split(",")):
        target = size - DUE_NOW
        if target > filled:
            database.run_sync(
                lambda s, start=filled + 1, stop=target: s.execute(
                    text(FILL), {"now": NOW, "start": start, "stop": stop}
                )
            )
            filled = target
        database.run_sync(lambda s: s.execute(text("ANALYZE outbox")))
        timings = sorted(_time_claims(database, args.repeats))
        p50 = statistics.median(timings)
        p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
        results.append((size, p50, p99))
        print(f"{size:>9,} rows: claim {BATCH} due rows p50 {p50:6.2f} ms, p99 {p99:6.2f} ms")

    plan = database.run_sync(lambda s: [row[0] for row in s.execute(text(PLAN), {"now": NOW})])
    print("query plan at the largest size:")
    for line in plan:
        print("   ", line)
    smallest, largest = results[0], results[-1]
    print(
        f"p50 ratio {largest[0]:,} / {smallest[0]:,} rows: {largest[1] / smallest[1]:.2f}x "
        "(flat means the claim does not grow with the outbox)"
    )
    database.dispose()


if __name__ == "__main__":
    main()
