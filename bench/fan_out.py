"""Fan-out: one message each to many people, through the outbox, over HTTP, with Teams' rate
limits enforced by a fake Bot Connector on loopback, in a process of its own (as Teams is).

The connector answers 429 to any request that would break a published limit (per conversation
7/1 s, 8/2 s, 60/30 s, 1800/h; per tenant 50/1 s), judged from the times it received requests,
independently of the bot's own pacer. Prints messages per second and the number of 429s (0 means
the bot stayed inside the limits on its own), and the CPU the bot's process used per message.

    .venv/bin/python -m bench.fan_out [--people 1000] [--tenants 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import tempfile
import time
from collections import defaultdict, deque
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.app import _digest
from bot.connector import HttpConnector, no_token
from bot.heap import freeze_startup_objects
from bot.messenger import Messenger
from bot.outbox_dispatcher import OutboxDispatcher
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from domain.pacing import Limit
from storage.db import Database
from storage.migrate import upgrade
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitsOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# Teams' published limits, as the service enforces them (not the bot's own, stricter pacing).
PER_CONVERSATION = (Limit(7, 1.0), Limit(8, 2.0), Limit(60, 30.0), Limit(1800, 3600.0))
PER_TENANT = (Limit(50, 1.0),)


class LimitedConnector:
    """Accepts a send only if it keeps every window within its limit; else 429."""

    def __init__(self, tenant_of: dict[str, str]) -> None:
        self.tenant_of = tenant_of
        self.accepted = 0
        self.refused = 0
        self._seen: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _allowed(self, key: tuple[str, str], limits: tuple[Limit, ...], now: float) -> bool:
        times = self._seen[key]
        while times and times[0] <= now - 3600:
            times.popleft()
        return all(
            sum(1 for t in times if t > now - limit.seconds) < limit.count for limit in limits
        )

    async def stats(self, _request: web.Request) -> web.Response:
        return web.json_response({"accepted": self.accepted, "refused": self.refused})

    async def send(self, request: web.Request) -> web.Response:
        conversation = request.match_info["conversation"]
        tenant = self.tenant_of.get(conversation, "?")
        now = time.monotonic()
        keys = [(("c", conversation), PER_CONVERSATION), (("t", tenant), PER_TENANT)]
        if not all(self._allowed(key, limits, now) for key, limits in keys):
            self.refused += 1
            return web.json_response(
                {"error": {"code": "TooManyRequests"}}, status=429, headers={"Retry-After": "1"}
            )
        for key, _ in keys:
            self._seen[key].append(now)
        self.accepted += 1
        await request.read()
        return web.json_response({"id": f"a-{self.accepted}"})


def _serve_connector(people: int, tenants: int, port: Connection) -> None:
    """The fake Bot Connector's process: serves until killed; sends its port through ``port``."""

    async def serve() -> None:
        fake = LimitedConnector(
            {f"chat-{p.aad_object_id}": p.tenant_id for p in _people(people, tenants)}
        )
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", fake.send)
        app.router.add_get("/stats", fake.stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port.send(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(serve())


def _people(people: int, tenants: int) -> list[PersonRef]:
    tenant_ids = [f"tenant-{n}" for n in range(tenants)]
    return [PersonRef(tenant_ids[n % tenants], f"aad-{n}") for n in range(people)]


async def run(people: int, tenants: int) -> None:
    persons = _people(people, tenants)
    receiving, sending = multiprocessing.get_context("spawn").Pipe(duplex=False)
    connector_process = multiprocessing.get_context("spawn").Process(
        target=_serve_connector, args=(people, tenants, sending), daemon=True
    )
    connector_process.start()
    service_url = f"http://127.0.0.1:{await asyncio.to_thread(receiving.recv)}/"

    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'fan-out.sqlite3'}")
        upgrade(database.engine)
        clock = FixedClock(NOW)
        units = UnitsOfWork(database, clock)

        def setup(unit: Any) -> None:
            for person in persons:
                unit.reach.remember_personal_chat(
                    person,
                    teams_user_id=f"29:{person.aad_object_id}",
                    conversation_id=f"chat-{person.aad_object_id}",
                    service_url=service_url,
                    bot_id="28:bot",
                    now=NOW,
                )
                unit.send(
                    OutgoingMessage(
                        dedupe_key=f"fan-out:{person.aad_object_id}",
                        address=ToPerson(person),
                        content=Content(text="Mødet er flyttet til torsdag kl. 10."),
                        due_at=NOW,
                    )
                )

        await units.run(setup)
        connector = HttpConnector(no_token())
        dispatcher = OutboxDispatcher(
            database, Messenger(database, connector, clock), clock, digest=_digest
        )
        freeze_startup_objects()  # as ki-bot serve does once it has started
        started, cpu_started = time.perf_counter(), time.process_time()
        report = await dispatcher.run_due()
        while report.retried and (await dispatcher.next_due_at()) is not None:
            clock.advance((await dispatcher.next_due_at() or NOW) - clock.now())
            report.add(await dispatcher.run_due())
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        await connector.close()
        database.dispose()
    async with aiohttp.ClientSession() as http, http.get(f"{service_url}stats") as answer:
        refused = (await answer.json())["refused"]
    connector_process.kill()

    print(f"{people} messages to {people} people in {tenants} tenant(s): {elapsed:.1f} s")
    print(f"  {report.sent / elapsed:.1f} messages/s (limit {50 * tenants}/s: 50 per tenant)")
    print(f"  429 answers from the limit-enforcing connector: {refused}")
    print(f"  delivered {report.sent}, failed {report.failed}, unreachable {report.unreachable}")
    print(
        f"  CPU of the bot's process: {1000 * cpu / max(report.sent, 1):.2f} ms"
        f" per message, {cpu:.1f} s in all; machine load {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--tenants", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(run(args.people, args.tenants))


if __name__ == "__main__":
    main()
