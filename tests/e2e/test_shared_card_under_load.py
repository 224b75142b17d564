"""Twenty people vote at once on one poll through two bot instances sharing one database, each
with its outbox dispatcher running, and Teams answers the first card updates with 502: the
shared card in the channel ends on the true count, and no update (first try or retry) ever took
it back to an older count on the way."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from storage.reach_models import OutboxRecord
from tests.conftest import StartInstance
from tests.harness import User, World

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
VOTERS = 20
COUNT = re.compile(r"(\d+) af (\d+) har svaret")


def pick(users: list[User]) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


def _count(version: dict[str, Any]) -> int | None:
    found = COUNT.search(str(version))
    return int(found.group(1)) if found else None


async def _outbox_idle(world: World, timeout: float = 60.0) -> None:
    """Until nothing due is left to send (nudges for later may wait)."""
    now = world.bot.clock.now()

    def busy(session: Session) -> int:
        due = or_(
            col(OutboxRecord.status) == "sending",
            and_(col(OutboxRecord.status) == "pending", col(OutboxRecord.due_at) <= now),
        )
        return int(session.scalar(select(func.count()).select_from(OutboxRecord).where(due)) or 0)

    for _ in range(int(timeout / 0.05)):
        if not await world.bot.services.database.run(busy):
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"the outbox still had work after {timeout} s")


async def test_twenty_votes_at_once_through_two_instances_end_on_the_true_count_in_order(
    world: World, start_instance: StartInstance
):
    world.bot.clock.current = MONDAY_10
    second = await start_instance()
    team = world.team("PC Amager")
    region = world.user("anne").tenant
    extra = [world.directory.add_user(f"p{n}", f"Deltager {n}", region) for n in range(VOTERS - 3)]
    team.members.extend(extra)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    voters = [anne, bo, erik, *extra]
    await world.install_in_team(team)
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    thread = world.channel(team, "KI-koordinering")
    created = thread.latest_card("Planlæg et møde")
    inputs = {
        "title": "Travl uge",
        "people": pick(voters[1:]),
        "citizen": "",
        "slots": "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14",
    }
    await world.click(anne, created, "meetings.preview", inputs=inputs)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    shared = thread.latest_card("Mødeafstemning")
    assert shared.shows(f"0 af {VOTERS} har svaret")
    cards = {u.key: world.chat(u).latest_card("Hvornår kan du?") for u in voters}

    world.connector.faults.bad_gateway(times=3, method="PUT")
    for instance in world.bots:
        instance.services.outbox.start()
    try:
        turns = await asyncio.gather(
            *(
                world.click(
                    user,
                    cards[user.key],
                    "meetings.vote",
                    inputs={"a_s1": "yes", "a_s2": "no"},
                    bot=world.bots[n % 2],
                )
                for n, user in enumerate(voters)
            )
        )
        assert all("gemt" in str(turn.card) for turn in turns), [t.body for t in turns]
        for _ in range(5):  # time for the retries (with backoff) of the refused updates
            for instance in world.bots:
                instance.clock.advance(timedelta(minutes=2))
                instance.services.outbox.wake()
            await _outbox_idle(world)
            if _count(shared.versions[-1]) == VOTERS:
                break
    finally:
        for instance in world.bots:
            await instance.services.outbox.stop()

    counts = [c for c in (_count(v) for v in shared.versions) if c is not None]
    assert counts[-1] == VOTERS, counts  # the channel shows the true count
    assert counts == sorted(counts), counts  # and never went back on the way
    assert len(shared.versions) - 1 <= VOTERS  # at most one update per vote, often fewer
    assert second.name == "bot-2"
