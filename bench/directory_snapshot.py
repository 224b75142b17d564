"""What reading the directory costs: one person versus the whole snapshot, and the pure checks.

Builds a directory of ``--organisations`` organisations with three coordinators and a backup
each, ``--staff`` staff spread over them and an absence for every tenth person, then times
``find`` (one person, as the organisation question does), ``snapshot`` (everything, as admin
actions and routing do), ``route`` and ``authorise`` on the snapshot. Prints the median of each
and the snapshot / find ratio measured in the same run.

    .venv/bin/python -m bench.directory_snapshot [--staff 2000] [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from domain.directory import (
    Action,
    DirectoryFile,
    Organisation,
    OrgKind,
    Person,
    Role,
    SparringSubject,
    authorise,
    route,
)
from domain.identity import PersonRef
from storage.db import Database
from storage.directory import DirectoryStore
from storage.migrate import upgrade

TENANT = "11111111-1111-4111-8111-111111111111"
NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
DAY = date(2026, 12, 2)


def _median_ms(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _directory_file(organisations: int, staff: int) -> DirectoryFile:
    orgs = [
        Organisation(f"org-{i}", OrgKind.REGION if i % 2 else OrgKind.KOMMUNE, f"Org {i}", TENANT)
        for i in range(organisations)
    ]
    people = []
    for i, org in enumerate(orgs):
        for n in range(3):
            people.append(
                Person(
                    PersonRef(TENANT, f"c-{i}-{n}"),
                    None,
                    f"C {i} {n}",
                    org.id,
                    frozenset({Role.COORDINATOR}),
                )
            )
        people.append(
            Person(PersonRef(TENANT, f"b-{i}"), None, f"B {i}", org.id, frozenset({Role.BACKUP}))
        )
    for n in range(staff):
        people.append(
            Person(PersonRef(TENANT, f"s-{n}"), None, f"S {n}", orgs[n % organisations].id)
        )
    return DirectoryFile(tuple(orgs), tuple(people))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=20)
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database
        if url == "sqlite":
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        database = Database(url.replace("postgresql://", "postgresql+psycopg://", 1))
        upgrade(database.engine)

        def fill(session: Any) -> None:
            store = DirectoryStore(session, NOW)
            store.apply_file(_directory_file(args.organisations, args.staff))
            for stored in store.people()[::10]:
                store.add_absence(stored.id, date(2026, 12, 1), date(2026, 12, 5), stored.id + 1)

        database.run_sync(fill)
        someone = PersonRef(TENANT, f"s-{args.staff // 2}")
        find = _median_ms(
            lambda: database.run_sync(lambda s: DirectoryStore(s, NOW).find(someone)), args.repeat
        )
        snapshot_ms = _median_ms(
            lambda: database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot(today=DAY)),
            args.repeat,
        )
        directory = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot(today=DAY))
        coordinator = PersonRef(TENANT, "c-0-0")
        thread = SparringSubject("t", someone, "org-1")
        route_ms = _median_ms(lambda: route(coordinator, DAY, directory), args.repeat)
        authorise_ms = _median_ms(
            lambda: authorise(coordinator, Action.CLAIM_SPARRING, thread, directory, on=DAY),
            args.repeat,
        )
        database.dispose()
    people = len(directory.people)
    print(
        f"directory: {args.organisations} organisations, {people} people, "
        f"{len(directory.absences)} absences ({database.engine.dialect.name})"
    )
    print(f"find one person     {find:8.2f} ms")
    print(f"snapshot            {snapshot_ms:8.2f} ms   ({snapshot_ms / find:.0f}× find)")
    print(f"route (on snapshot) {route_ms:8.3f} ms")
    print(f"authorise           {authorise_ms:8.3f} ms")


if __name__ == "__main__":
    main()
