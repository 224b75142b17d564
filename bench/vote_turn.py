"""A vote in a meeting poll versus a plain help turn, through the real HTTP path.

One bot on loopback with the fake Bot Connector and the standard cast; anne's poll has bo, erik
and the citizen. Measured in the same run: a help turn ("hjælp": one card back), a vote turn (the
click's invoke: lock the poll, upsert the votes, cancel nudges, queue the shared-card update,
answer with the vote card), and a vote turn followed by the outbox sending the shared-card update
to its copy in the channel (PUT). Prints p50 / p99 and the ratios to the help turn.

    .venv/bin/python -m bench.vote_turn [--turns 200] [--database sqlite|URL]
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

from bot.config import Settings
from domain.clock import FixedClock
from tests.harness import BotUnderTest, FakeConnector, World
from tests.harness.cast import standard_directory

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ANSWERS = ("yes", "if_need_be", "no")


async def _poll(world: World) -> Any:
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    team = world.team("PC Amager")
    await world.install_in_team(team)
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    people = ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in (bo, erik))
    inputs = {
        "title": "Bench",
        "people": people,
        "citizen": "Borgeren",
        "slots": "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14\ntorsdag d. 8/1 kl 9-10",
    }
    await world.click(anne, created, "meetings.preview", inputs=inputs)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return world.chat(bo).latest_card("Hvornår kan du?")


async def _timed(turn: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await turn()
    return time.perf_counter() - started


def _figures(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def run(turns: int, database: str) -> None:
    connector = FakeConnector(standard_directory())
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}" if database == "sqlite" else database
        bot = BotUnderTest(Settings(database_url=url), FixedClock(MONDAY_10), connector)
        await bot.start()
        world = World(connector, [bot])
        anne, bo = world.user("anne"), world.user("bo")
        card = await _poll(world)
        results: dict[str, list[float]] = {"help": [], "vote": [], "vote + shared card": []}
        for n in range(turns + 10):
            inputs = {f"a_s{k}": ANSWERS[(n + k) % 3] for k in (1, 2, 3)}
            help_turn = await _timed(lambda: world.say(anne, "hjælp"))
            vote_turn = await _timed(
                lambda answers=inputs: world.click(bo, card, "meetings.vote", inputs=answers)
            )
            update = await _timed(bot.services.outbox.run_due)
            if n >= 10:  # warm-up
                results["help"].append(help_turn)
                results["vote"].append(vote_turn)
                results["vote + shared card"].append(vote_turn + update)
        updates = sum(1 for sent in connector.sent if sent.method == "PUT")
        await bot.stop()
    await connector.close()

    print(f"{turns} turns each (after 10 warm-up), database: {database}")
    help_p50, help_p99 = _figures(results["help"])
    for name, latencies in results.items():
        p50, p99 = _figures(latencies)
        print(
            f"{name:>20}: p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
            f"(x{p50 / help_p50:4.2f} / x{p99 / help_p99:4.2f} of help)"
        )
    print(f"shared-card updates sent (PUT): {updates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    asyncio.run(run(args.turns, args.database))


if __name__ == "__main__":
    main()
