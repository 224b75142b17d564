"""A vote in a meeting poll versus a plain help turn, through the real HTTP path.

One bot on loopback with the fake Bot Connector and the standard cast; anne runs ``--polls``
polls in her team's channel (each its own thread, each with bo, erik and a citizen). Measured in
the same run, round after round:

- a help turn ("hjælp": one card back);
- a vote turn of bo's on the next poll in turn (the click's invoke: lock the poll, upsert the
  votes, cancel nudges, queue the shared-card update, answer with the vote card);
- a vote until the shared card's update reached the channel: from the click until the fake
  connector received the PUT of that poll's card, with the outbox dispatcher running in the
  background as in production (woken by the vote's commit, paced inside Teams' limits).

Teams allows a bot 7 sends a second, 8 per 2 s and 60 per 30 s in one thread: a single poll voted
on ten times a second (``--polls 1``) measures those limits, not the bot. With the default ten
polls each thread gets about one update a second, as a busy region's polls would.

Then a burst: ``--voters`` people answer one poll at the same moment; printed are the time until
the channel's card shows them all and how many updates it took (coalesced: fewer than votes).

    .venv/bin/python -m bench.vote_turn [--turns 200] [--polls 10] [--voters 20]
                                        [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from domain.clock import FixedClock
from tests.harness import BotUnderTest, FakeConnector, Posted, User, World
from tests.harness.cast import standard_directory

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ANSWERS = ("yes", "if_need_be", "no")
SLOTS = "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14\ntorsdag d. 8/1 kl 9-10"
COUNT = re.compile(r"(\d+) af (\d+) har svaret")


def _pick(users: list[User]) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


async def _poll(world: World, title: str, people: list[User]) -> Posted:
    """anne opens a poll in the channel; returns its shared card."""
    anne = world.user("anne")
    team = world.team("PC Amager")
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    thread = world.channel(team, "KI-koordinering")
    created = thread.latest_card("Planlæg et møde")
    inputs = {"title": title, "people": _pick(people), "citizen": "Borgeren", "slots": SLOTS}
    await world.click(anne, created, "meetings.preview", inputs=inputs)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return next(
        p for p in reversed(thread.messages) if p.shows("Mødeafstemning") and p.shows(title)
    )


async def _timed(turn: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await turn()
    return time.perf_counter() - started


def _figures(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def _puts_of(connector: FakeConnector, card: Posted, since: int) -> int:
    return sum(1 for s in connector.sent[since:] if s.method == "PUT" and s.activity_id == card.id)


async def _vote_until_shown(
    world: World, card: Posted, shared: Posted, inputs: dict[str, str]
) -> tuple[float, float]:
    """bo votes; returns the vote turn's time and the time until the channel got the update."""
    connector = world.connector
    before = len(connector.sent)
    started = time.perf_counter()
    await world.click(world.user("bo"), card, "meetings.vote", inputs=inputs)
    voted = time.perf_counter() - started
    await connector.wait_until(lambda sent: _puts_of(connector, shared, before) > 0, 30)
    return voted, time.perf_counter() - started


async def _burst(world: World, voters: int) -> tuple[float, int, int]:
    """``voters`` people answer one poll at once: seconds until the card shows them all, the
    number of updates it took, and the count the card shows in the end."""
    region = world.user("anne").tenant
    team = world.team("PC Amager")
    people = [world.directory.add_user(f"burst{n}", f"Deltager {n}", region) for n in range(voters)]
    team.members.extend(people)
    await world.install_in_team(team)  # the roster is read again: they can be reached
    shared = await _poll(world, "Travl uge", people)
    cards = [world.chat(user).latest_card("Hvornår kan du? Travl uge") for user in people]
    before = len(world.connector.sent)
    inputs = {"a_s1": "yes", "a_s2": "no", "a_s3": "yes"}

    def shows_all(_sent: list[Any]) -> bool:
        found = COUNT.search(str(shared.versions[-1]))
        return found is not None and int(found.group(1)) >= voters

    outbox = world.bot.services.outbox
    outbox.start()
    started = time.perf_counter()
    await asyncio.gather(
        *(
            world.click(u, c, "meetings.vote", inputs=inputs)
            for u, c in zip(people, cards, strict=True)
        )
    )
    await world.connector.wait_until(shows_all, 60)
    elapsed = time.perf_counter() - started
    await outbox.stop()
    found = COUNT.search(str(shared.versions[-1]))
    return elapsed, _puts_of(world.connector, shared, before), int(found.group(1)) if found else -1


async def run(turns: int, database: str, polls: int, voters: int) -> None:
    connector = FakeConnector(standard_directory())
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}" if database == "sqlite" else database
        bot = BotUnderTest(Settings(database_url=url), FixedClock(MONDAY_10), connector)
        await bot.start()
        world = World(connector, [bot])
        anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
        await world.install_in_team(world.team("PC Amager"))
        made = []
        for n in range(polls):
            shared = await _poll(world, f"Bench {n}", [bo, erik])
            made.append((shared, world.chat(bo).latest_card(f"Hvornår kan du? Bench {n}")))
        bot.services.outbox.start()  # as in production: woken by each commit that queues
        results: dict[str, list[float]] = {"help": [], "vote": [], "vote + shared card": []}
        puts_before = sum(1 for sent in connector.sent if sent.method == "PUT")
        for n in range(turns + 10):
            inputs = {f"a_s{k}": ANSWERS[(n + k) % 3] for k in (1, 2, 3)}
            help_turn = await _timed(lambda: world.say(anne, "hjælp"))
            shared, card = made[n % polls]
            vote_turn, until_shown = await _vote_until_shown(world, card, shared, inputs)
            if n >= 10:  # warm-up
                results["help"].append(help_turn)
                results["vote"].append(vote_turn)
                results["vote + shared card"].append(until_shown)
        updates = sum(1 for sent in connector.sent if sent.method == "PUT") - puts_before
        await bot.services.outbox.stop()
        burst = await _burst(world, voters)
        await bot.stop()
    await connector.close()

    print(f"{turns} turns each (after 10 warm-up), {polls} poll(s), database: {database}")
    help_p50, help_p99 = _figures(results["help"])
    for name, latencies in results.items():
        p50, p99 = _figures(latencies)
        print(
            f"{name:>20}: p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
            f"(x{p50 / help_p50:4.2f} / x{p99 / help_p99:4.2f} of help)"
        )
    print(f"shared-card updates sent (PUT): {updates}")
    elapsed, puts, shown = burst
    print(
        f"burst: {voters} votes at once on one poll: the channel's card showed {shown} of them"
        f" {elapsed * 1000:.0f} ms after the first click, in {puts} update(s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--polls", type=int, default=10)
    parser.add_argument("--voters", type=int, default=20)
    parser.add_argument("--database", default="sqlite")
    args = parser.parse_args()
    asyncio.run(run(args.turns, args.database, args.polls, args.voters))


if __name__ == "__main__":
    main()
