"""What a click costs as the directory grows: 100, 1,000 and 10,000 people.

For each size a fresh bot on loopback with the fake Bot Connector and the standard cast (anne
tovholder and erik in Psykiatrisk Center Amager with bo as coordinator, carla coordinating the
municipality), and the rest of the directory filled up to the size: organisations with three
coordinators and a backup each, staff spread over them, an absence with a substitute for every
tenth person. Then, round after round, three clicks through the real HTTP path:

- a vote: bo answers a poll in PC Amager's channel (authorise on the directory, save, the shared
  card's update queued);
- a course step: anne presses "Samtykke givet" on the card of a case she just opened (the case's
  authorisation, the step, the case card queued for everyone on it);
- an absence: anne registers a one-day absence with erik as substitute from the absence card
  (registered, what was queued for her that day rerouted, audited).

Printed per size: p50 and p99 of each click, and each size's ratio to the smallest one.

    .venv/bin/python -m bench.click_scaling [--rounds 60] [--sizes 100:20,1000:20,10000:200]
                                            [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlmodel import Session, col

from bot.config import Settings
from domain.clock import FixedClock
from storage.db import table_of
from storage.directory_tables import (
    AbsenceRecord,
    OrganisationRecord,
    PersonRecord,
    RoleRecord,
)
from tests.e2e.course_world import case_card, load_directory, open_case
from tests.e2e.sparring_world import forged
from tests.harness import BotUnderTest, FakeConnector, Posted, Turn, User, World
from tests.harness.cast import standard_directory

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TODAY = MONDAY_10.date()
ANSWERS = ("yes", "if_need_be", "no")
SLOTS = "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14\ntorsdag d. 8/1 kl 9-10"
CAST = 5  # anne, bo, erik, carla and dina (course_world's directory file)
CAST_ORGANISATIONS = 2
WARM_UP = 5
CLICKS = ("vote", "course step", "absence")


def _fill(session: Session, people: int, organisations: int, tenants: tuple[str, str]) -> None:
    """Organisations and people up to the size, in bulk (the directory file's path is timed by
    ``bench.directory_snapshot``)."""
    orgs = [f"filler-{i}" for i in range(organisations - CAST_ORGANISATIONS)]
    session.execute(
        insert(table_of(OrganisationRecord)),
        [
            {
                "id": org,
                "kind": "region" if i % 2 else "kommune",
                "name": f"Organisation {i}",
                "tenant_id": tenants[i % 2],
                "language": "da",
                "updated_at": MONDAY_10,
            }
            for i, org in enumerate(orgs)
        ],
    )
    rows, roles = [], {}
    for i, org in enumerate(orgs):
        for n in range(4):
            key = f"p-{i}-{n}"
            rows.append((key, tenants[i % 2], org))
            roles[key] = "coordinator" if n < 3 else "backup"
    staff = people - CAST - len(rows)
    rows += [(f"s-{n}", tenants[n % 2], orgs[n % len(orgs)]) for n in range(staff)]
    session.execute(
        insert(table_of(PersonRecord)),
        [
            {
                "tenant_id": tenant,
                "aad_object_id": key,
                "name": f"Person {key}",
                "organisation_id": org,
                "updated_at": MONDAY_10,
            }
            for key, tenant, org in rows
        ],
    )
    ids = dict(
        session.execute(
            select(col(PersonRecord.aad_object_id), col(PersonRecord.id)).where(
                col(PersonRecord.aad_object_id).in_([key for key, _, _ in rows])
            )
        ).all()
    )
    session.execute(
        insert(table_of(RoleRecord)),
        [{"person_id": ids[key], "role": role} for key, role in roles.items()],
    )
    filler = sorted(ids.values())
    session.execute(
        insert(table_of(AbsenceRecord)),
        [
            {
                "person_id": person,
                "starts_on": TODAY - timedelta(days=n % 5),
                "ends_on": TODAY + timedelta(days=n % 30),
                "substitute_id": filler[(n + 1) % len(filler)],
                "created_at": MONDAY_10,
            }
            for n, person in enumerate(filler[::10])
        ],
    )


def _pick(users: list[User]) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


async def _poll(world: World) -> tuple[Posted, Posted]:
    """anne opens a poll with bo and erik in the channel; returns bo's card."""
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    team = world.team("PC Amager")
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    inputs = {"title": "Bench", "people": _pick([bo, erik]), "citizen": "Borgeren", "slots": SLOTS}
    await world.click(anne, created, "meetings.preview", inputs=inputs)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return created, world.chat(bo).latest_card("Hvornår kan du? Bench")


async def _timed(turn: Awaitable[Turn], expected: str) -> float:
    """The seconds ``turn`` took; it must answer with ``expected`` (not a refusal)."""
    started = time.perf_counter()
    answered = await turn
    elapsed = time.perf_counter() - started
    shown = str(answered.card or answered.message or answered.body)
    if expected not in shown:
        raise AssertionError(f"expected {expected!r}, got {shown[:300]}")
    return elapsed


def _figures(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def _measure(
    url: str, people: int, organisations: int, rounds: int
) -> tuple[dict[str, list[float]], int]:
    connector = FakeConnector(standard_directory())
    await connector.start()
    bot = BotUnderTest(Settings(database_url=url), FixedClock(MONDAY_10), connector)
    await bot.start()
    world = World(connector, [bot])
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    tenants = (anne.tenant.id, world.user("carla").tenant.id)
    await load_directory(world)
    await bot.services.database.run(lambda s: _fill(s, people, organisations, tenants))
    await world.install_in_team(world.team("PC Amager"))
    for user in (anne, bo, erik):
        await world.say(user, "hjælp")  # each has a chat with the bot
    _, ballot = await _poll(world)
    substitute = await bot.services.database.run(
        lambda s: s.scalars(
            select(col(PersonRecord.id)).where(
                col(PersonRecord.aad_object_id) == erik.aad_object_id
            )
        ).one()
    )
    results: dict[str, list[float]] = {name: [] for name in CLICKS}
    for n in range(rounds + WARM_UP):
        inputs = {f"a_s{k}": ANSWERS[(n + k) % 3] for k in (1, 2, 3)}
        vote = await _timed(world.click(bo, ballot, "meetings.vote", inputs=inputs), "Tak")
        await open_case(world)
        await world.run_background(at=MONDAY_10)  # the case card goes out through the outbox
        case = case_card(world, "anne")
        step = await _timed(world.click(anne, case, "Samtykke givet"), "Samtykke givet")
        day = (TODAY + timedelta(days=n + 1)).isoformat()
        absence = await _timed(
            forged(
                world,
                anne,
                anne,
                "directory.absence.register",
                owner=anne.teams_id,
                first=day,
                last=day,
                substitute=str(substitute),
            ),
            "Erik Eriksen",
        )
        if n >= WARM_UP:
            for name, seconds in zip(CLICKS, (vote, step, absence), strict=True):
                results[name].append(seconds)
    counted = await bot.services.database.run(
        lambda s: len(s.scalars(select(col(PersonRecord.id))).all())
    )
    await bot.stop()
    await connector.close()
    return results, counted


def _empty_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _sizes(given: str) -> list[tuple[int, int]]:
    return [(int(p), int(o)) for p, o in (size.split(":") for size in given.split(","))]


async def run(rounds: int, database: str, sizes: list[tuple[int, int]]) -> None:
    figures: list[tuple[int, int, dict[str, tuple[float, float]]]] = []
    for people, organisations in sizes:
        with tempfile.TemporaryDirectory() as folder:
            url = database
            if database == "sqlite":
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            else:
                _empty_schema(url)
            results, counted = await _measure(url, people, organisations, rounds)
        figures.append((counted, organisations, {k: _figures(v) for k, v in results.items()}))
    print(f"{rounds} rounds of each click (after {WARM_UP} warm-up), database: {database}")
    _, _, smallest = figures[0]
    for counted, organisations, measured in figures:
        line = [f"{counted:>6} people, {organisations:>3} organisations:"]
        for name in CLICKS:
            p50, p99 = measured[name]
            base50, base99 = smallest[name]
            line.append(
                f"{name} p50 {p50:6.1f} ms p99 {p99:6.1f} ms (x{p50 / base50:4.2f}/x{p99 / base99:4.2f})"
            )
        print("  ".join(line))
    print("(xA/xB: p50 / p99 of the click against the same click at the smallest size)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--sizes", type=_sizes, default=_sizes("100:20,1000:20,10000:200"))
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    url = args.database.replace("postgresql://", "postgresql+psycopg://", 1)
    asyncio.run(run(args.rounds, url, args.sizes))


if __name__ == "__main__":
    main()
