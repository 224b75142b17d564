"""The outbox dispatcher with an in-memory connector and clocks that move only when told."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import _digest, _not_delivered
from bot.messenger import Messenger
from bot.outbox_dispatcher import OutboxDispatcher
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from domain.pacing import Pacer
from storage.db import Database
from storage.outbox import OutgoingMessage
from storage.reach import Installation, Member
from storage.unit_of_work import UnitsOfWork
from tests.harness.ratelimit import ManualTime
from tests.outbox.fakes import MemoryConnector

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TENANT = "tenant-region"
ANNA = PersonRef(TENANT, "aad-anna")
BO = PersonRef(TENANT, "aad-bo")
TEAM = "19:team-region@thread.tacv2"
SERVICE = "http://127.0.0.1:9/"


class Setup:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.clock = FixedClock(NOW)
        self.wall = FixedClock(NOW)  # the process's real time, on which leases run
        self.connector = MemoryConnector()
        self.slept: list[float] = []
        self.monotonic = ManualTime()  # the pacer's seconds: they pass only by sleeping

        async def no_sleep(seconds: float) -> None:
            self.slept.append(seconds)
            self.monotonic.advance(seconds)

        self.messenger = Messenger(
            database,
            self.connector,
            self.clock,
            pacer=Pacer(),
            monotonic=self.monotonic,
            sleep=no_sleep,
        )
        self.dispatcher = self.new_dispatcher()
        self.units = UnitsOfWork(database, self.clock)

    def new_dispatcher(self, owner: str = "one", **options: Any) -> OutboxDispatcher:
        return OutboxDispatcher(
            self.database,
            self.messenger,
            self.clock,
            digest=_digest,
            owner=owner,
            rng=random.Random(7),
            lease_clock=self.wall,
            notice=_not_delivered,
            **options,
        )

    async def queue(self, *messages: OutgoingMessage) -> list[bool]:
        return await self.units.run(lambda unit: [unit.send(m) for m in messages])

    async def team_with(self, *people: PersonRef) -> None:
        def install(unit) -> None:  # type: ignore[no-untyped-def]
            installation_id = unit.reach.install(
                Installation(TEAM, "team", TENANT, "Region", SERVICE, "28:bot"), NOW
            )
            unit.reach.upsert_members(
                installation_id,
                TENANT,
                [
                    Member(p.aad_object_id, f"29:{p.aad_object_id}", p.aad_object_id, None)
                    for p in people
                ],
            )

        await self.units.run(install)


@pytest.fixture
def setup(database: Database) -> Iterator[Setup]:
    yield Setup(database)


def note(key: str, to: PersonRef = ANNA, at: datetime = NOW, **changes: object) -> OutgoingMessage:
    values: dict[str, object] = {
        "dedupe_key": key,
        "address": ToPerson(to),
        "content": Content(text=f"note {key}"),
        "due_at": at,
    }
    values.update(changes)
    return OutgoingMessage(**values)  # type: ignore[arg-type]
