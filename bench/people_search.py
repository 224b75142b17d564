"""What one keystroke in a person picker costs: the ``application/search`` answer for a directory
of ``--staff`` people, as the bot computes it (one unit of work: the directory read, folded,
matched, ranked and paged), against the directory snapshot alone (what every admin action and
routing already read) measured in the same run.

    .venv/bin/python -m bench.people_search [--staff 1000 5000 20000] [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cards.texts import Texts
from dialogs.search import PeopleSearch, Results
from dialogs.turn import Turn, Where
from domain.clock import FixedClock
from domain.directory import DirectoryFile, Organisation, OrgKind, Person
from domain.identity import PersonRef
from storage.db import Database
from storage.directory import DirectoryStore
from storage.migrate import upgrade
from storage.unit_of_work import UnitsOfWork

TENANT = "11111111-1111-4111-8111-111111111111"
NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
FIRST = ("Søren", "Åse", "Lærke", "Anne", "Bo", "Mette", "Jens", "Kirsten", "Ole", "Hanne")
LAST = ("Østergaard", "Ærø", "Nielsen", "Jensen", "Hansen", "Pedersen", "Madsen", "Dahl")
QUERIES = ("s", "sø", "soren", "østergaard", "aase n", "nielsen 1", "zzz")


def _directory(staff: int) -> DirectoryFile:
    region = Organisation("region", OrgKind.REGION, "Psykiatrisk Center", TENANT)
    people = [
        Person(
            PersonRef(TENANT, f"s-{n}"),
            f"s{n}@region.example",
            f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}",
            "region",
        )
        for n in range(staff)
    ]
    return DirectoryFile((region,), tuple(people))


async def _median_ms(work: Callable[[], Awaitable[Any]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def _measure(url: str, staff: int, repeat: int) -> tuple[float, float]:
    database = Database(url)
    upgrade(database.engine)
    database.run_sync(lambda s: DirectoryStore(s, NOW).apply_file(_directory(staff)))
    units = UnitsOfWork(database, FixedClock(NOW))
    search = PeopleSearch(units)
    turn = Turn(
        PersonRef(TENANT, "s-0"), "29:s-0", "S 0", Where("a:s-0", "personal", TENANT), Texts("da")
    )

    async def snapshot() -> Any:
        return await database.run(lambda s: DirectoryStore(s, NOW).snapshot())

    async def keystrokes() -> None:
        for query in QUERIES:
            value = {"queryText": query, "dataset": "ki.people", "queryOptions": {"top": 15}}
            answer = await search.search(turn, value)
            assert isinstance(answer, Results)

    snapshot_ms = await _median_ms(snapshot, repeat)
    search_ms = await _median_ms(keystrokes, repeat) / len(QUERIES)
    database.dispose()
    return snapshot_ms, search_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    print("people   snapshot ms   search ms/keystroke   search / snapshot")
    for staff in args.staff:
        with tempfile.TemporaryDirectory() as folder:
            url = args.database
            if url == "sqlite":
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            url = url.replace("postgresql://", "postgresql+psycopg://", 1)
            snapshot_ms, search_ms = asyncio.run(_measure(url, staff, args.repeat))
        print(
            f"{staff:6d}   {snapshot_ms:11.1f}   {search_ms:19.1f}   {search_ms / snapshot_ms:17.2f}"
        )


if __name__ == "__main__":
    main()
