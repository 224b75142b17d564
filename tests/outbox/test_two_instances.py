"""Two bot processes share one outbox: 500 messages, a connector that refuses a fifth of the
calls with 429 or 500, and one process killed in the middle of a send. Everything is delivered,
nothing before its time, and duplicates happen only for sends in flight at the kill."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.app import _digest
from bot.connector import DeliveryFailure
from bot.messenger import Messenger
from bot.outbox_dispatcher import OutboxDispatcher
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from domain.pacing import Limit, Pacer
from storage.db import Database
from storage.outbox import Outbox, OutgoingMessage
from storage.unit_of_work import UnitsOfWork
from tests.outbox.fakes import MemoryConnector

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PEOPLE = [PersonRef("tenant-a" if n % 2 else "tenant-b", f"aad-{n}") for n in range(50)]
UNLIMITED = Pacer(
    per_conversation=(Limit(10**6, 1.0),), per_tenant=(Limit(10**6, 1.0),), tenant_burst=None
)


class Killed(BaseException):
    """The process died (not an Exception: nothing in the dispatcher may catch it)."""


class FlakyConnector(MemoryConnector):
    """Refuses about a fifth of the calls; can kill its process right after accepting a call."""

    def __init__(self, clock: FixedClock, rng: random.Random) -> None:
        super().__init__()
        self.clock = clock
        self.rng = rng
        self.kill_after_accepting: int | None = None
        self.dead = False
        self.sent_at: list[tuple[str, datetime]] = []

    async def send(self, service_url: str, conversation_id: str, activity: dict) -> str:  # type: ignore[type-arg]
        if self.dead:
            raise Killed  # every send still running in the dead process dies with it
        roll = self.rng.random()
        if roll < 0.1:
            raise DeliveryFailure("rate_limited", "http_429", status=429, retry_after=1)
        if roll < 0.2:
            raise DeliveryFailure("transient", "http_500", status=500)
        activity_id = await super().send(service_url, conversation_id, activity)
        self.sent_at.append((str(activity.get("text")), self.clock.now()))
        if self.kill_after_accepting is not None:
            self.kill_after_accepting -= 1
            if self.kill_after_accepting == 0:
                self.dead = True
                raise Killed
        return activity_id


async def test_two_processes_deliver_everything_once_except_the_send_in_flight_at_a_kill(
    database: Database,
):
    clock = FixedClock(NOW)
    units = UnitsOfWork(database, clock)
    due = {f"m{n:03}": NOW + timedelta(seconds=n % 120) for n in range(500)}

    def setup(unit) -> None:  # type: ignore[no-untyped-def]
        for n, person in enumerate(PEOPLE):
            unit.reach.remember_personal_chat(
                person,
                teams_user_id=f"29:{n}",
                conversation_id=f"chat-{n}",
                service_url="http://127.0.0.1:9/",
                bot_id="28:bot",
                now=NOW,
            )
        for n, (key, at) in enumerate(due.items()):
            unit.send(OutgoingMessage(key, ToPerson(PEOPLE[n % 50]), Content(text=key), due_at=at))

    await units.run(setup)
    rng = random.Random(2026)
    doomed_connector, survivor_connector = FlakyConnector(clock, rng), FlakyConnector(clock, rng)
    doomed_connector.kill_after_accepting = 40

    def process(name: str, connector: FlakyConnector) -> OutboxDispatcher:
        messenger = Messenger(database, connector, clock, pacer=UNLIMITED)
        return OutboxDispatcher(
            database,
            messenger,
            clock,
            digest=_digest,
            owner=name,
            rng=random.Random(1),
            lease_clock=clock,  # one second of the loop is one second of wall time
        )

    doomed, survivor = process("doomed", doomed_connector), process("survivor", survivor_connector)
    killed = False
    for _ in range(400):
        # The doomed process asks first: on SQLite a process's writes queue first come, first
        # served, so the one asking second could find nothing due left to claim.
        runs = [survivor.run_due()] if killed else [doomed.run_due(), survivor.run_due()]
        results = await asyncio.gather(*runs, return_exceptions=True)
        if any(isinstance(r, Killed) for r in results):
            killed = True
        elif any(isinstance(r, BaseException) for r in results):
            raise next(r for r in results if isinstance(r, BaseException))
        counts = await database.run(lambda s: Outbox(s).counts())
        if counts == {"sent": 500}:
            break
        clock.advance(timedelta(seconds=1))

    assert killed
    assert await database.run(lambda s: Outbox(s).counts()) == {"sent": 500}
    sends = doomed_connector.sent_at + survivor_connector.sent_at
    assert all(at >= due[key] for key, at in sends)  # none early
    deliveries = Counter(key for key, _ in sends)
    assert set(deliveries) == set(due)
    duplicates = {key for key, count in deliveries.items() if count > 1}
    # A duplicate only for a send the dead process had handed to the connector.
    assert duplicates <= {key for key, _ in doomed_connector.sent_at}
    assert doomed_connector.sent_at[-1][0] in duplicates  # the one accepted at the kill


async def test_messages_waiting_in_the_outbox_survive_a_restart(database: Database):
    clock = FixedClock(NOW)
    person = PEOPLE[0]

    def setup(unit) -> None:  # type: ignore[no-untyped-def]
        unit.reach.remember_personal_chat(
            person,
            teams_user_id="29:0",
            conversation_id="chat-0",
            service_url="http://127.0.0.1:9/",
            bot_id="28:bot",
            now=NOW,
        )
        unit.send(
            OutgoingMessage(
                "later", ToPerson(person), Content(text="hej"), due_at=NOW + timedelta(hours=1)
            )
        )

    await UnitsOfWork(database, clock).run(setup)
    database.dispose()  # the process stops; a new one opens the same database
    restarted = Database(database.url)
    connector = MemoryConnector()
    dispatcher = OutboxDispatcher(
        restarted, Messenger(restarted, connector, clock), clock, digest=_digest
    )
    clock.advance(timedelta(hours=1))

    report = await dispatcher.run_due()

    assert report.sent == 1 and [c.conversation_id for c in connector.sent()] == ["chat-0"]
    restarted.dispose()
