"""Turn latency through the real HTTP path: KI-bot versus a bare botbuilder echo bot.

Both bots run as aiohttp apps on loopback and reply to the same fake Bot Connector; each turn is
one POST to /api/messages that returns once the reply has been delivered. Prints p50 / p99
latency, turns per second and the KI-bot / echo ratios measured in the same run.

With ``--users N`` the KI-bot alone is measured with N users typing at once (each its own
conversation, each sending its next message as soon as the last was answered), against one user
in the same run: the ratio shows how far latency strays from one turn's cost under load. Back to
back (the default) measures saturation, where latency is users / throughput; ``--think S`` lets
each user pause about S seconds between messages, as people do.

    .venv/bin/python -m bench.turn_latency [--turns 500] [--database sqlite|URL]
                                           [--users 50 [--think 2]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector, web
from aiohttp.test_utils import TestServer
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.app import create_app
from bot.config import Settings
from tests.harness import FakeConnector


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


class _AnonymousConfig:
    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


def echo_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(_AnonymousConfig()))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def _activity(number: int, service_url: str, user: str | None = None) -> dict[str, Any]:
    user = user or f"29:user-{number % 20}"
    return {
        "type": "message",
        "id": f"bench-{user}-{number}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "text": "hej med dig",
        "locale": "da-DK",
        "from": {"id": user, "name": "Bench"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": f"a:{user}", "conversationType": "personal"},
    }


async def measure(
    app: web.Application, connector: FakeConnector, turns: int, warmup: int
) -> list[float]:
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = server.make_url("/api/messages")
    latencies: list[float] = []
    async with ClientSession() as http:
        for number in range(warmup + turns):
            body = json.dumps(_activity(number, connector.service_url))
            started = time.perf_counter()
            async with http.post(
                url, data=body, headers={"Content-Type": "application/json"}
            ) as response:
                await response.read()
                if response.status >= 300:
                    raise RuntimeError(f"turn {number} failed with HTTP {response.status}")
            if number >= warmup:
                latencies.append(time.perf_counter() - started)
    await server.close()
    return latencies


async def _one_user(
    http: ClientSession, url: Any, service_url: str, user: str, turns: int, think: float = 0.0
) -> list[float]:
    latencies: list[float] = []
    for number in range(turns):
        if think:  # a person reads the answer and types the next message
            await asyncio.sleep(random.expovariate(1 / think))
        body = json.dumps(_activity(number, service_url, user))
        started = time.perf_counter()
        async with http.post(url, data=body, headers={"Content-Type": "application/json"}) as r:
            await r.read()
            if r.status >= 300:
                raise RuntimeError(f"{user} turn {number} failed with HTTP {r.status}")
        latencies.append(time.perf_counter() - started)
    return latencies


async def measure_users(
    app: web.Application,
    connector: FakeConnector,
    users: int,
    turns: int,
    warmup: int,
    think: float = 0.0,
) -> tuple[list[float], float]:
    """Latencies of ``turns`` turns spread over ``users`` concurrent users, and the wall time."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = server.make_url("/api/messages")
    per_user = max(1, turns // users)
    async with ClientSession(connector=TCPConnector(limit=0)) as http:
        await _one_user(http, url, connector.service_url, "29:warmup", warmup)
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                _one_user(http, url, connector.service_url, f"29:user-{u}", per_user, think)
                for u in range(users)
            )
        )
        wall = time.perf_counter() - started
    await server.close()
    return [latency for user in results for latency in user], wall


async def run_users(users: int, turns: int, warmup: int, database: str, think: float) -> None:
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}" if database == "sqlite" else database
        figures = {}
        for count in (1, users):
            app = create_app(Settings(database_url=url), run_dispatcher=False)
            latencies, wall = await measure_users(
                app, connector, count, turns, warmup, think if count > 1 else 0.0
            )
            figures[count] = {**summary(latencies), "throughput": len(latencies) / wall}
    await connector.close()

    pacing = f"each user pauses ~{think:g} s between messages" if think else "back to back"
    print(f"KI-bot, {turns} turns per run (after {warmup} warm-up), database: {database}")
    print(f"  {users} users: {pacing}")
    for count, f in figures.items():
        print(
            f"  {count:3d} user(s)  p50 {f['p50_ms']:7.2f} ms   p99 {f['p99_ms']:7.2f} ms   "
            f"{f['throughput']:7.1f} turns/s"
        )
    one, many = figures[1], figures[users]
    print(
        f"  ratio {users} users / 1 user: p50 {many['p50_ms'] / one['p50_ms']:.2f}x   "
        f"p99 {many['p99_ms'] / one['p99_ms']:.2f}x   "
        f"throughput {many['throughput'] / one['throughput']:.2f}x"
    )


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p99_index = min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[p99_index] * 1000,
        "turns_per_s": len(ordered) / sum(ordered),
    }


async def run(turns: int, warmup: int, database: str) -> None:
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}" if database == "sqlite" else database
        builders: dict[str, Callable[[], web.Application]] = {
            "echo": echo_app,
            "ki-bot": lambda: create_app(Settings(database_url=url), run_dispatcher=False),
        }
        results = {
            name: summary(await measure(build(), connector, turns, warmup))
            for name, build in builders.items()
        }
    await connector.close()

    print(f"{turns} turns each (after {warmup} warm-up), database: {database}")
    for name, figures in results.items():
        print(
            f"  {name:7s} p50 {figures['p50_ms']:7.2f} ms   p99 {figures['p99_ms']:7.2f} ms   "
            f"{figures['turns_per_s']:7.1f} turns/s"
        )
    ki, echo = results["ki-bot"], results["echo"]
    print(
        f"  ratio   p50 {ki['p50_ms'] / echo['p50_ms']:.2f}x   p99 {ki['p99_ms'] / echo['p99_ms']:.2f}x   "
        f"throughput {ki['turns_per_s'] / echo['turns_per_s']:.2f}x (KI-bot / echo; target p99 <= 1.5x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument(
        "--database", default="sqlite", help="sqlite (a temporary file) or a database URL"
    )
    parser.add_argument(
        "--users", type=int, default=0, help="N concurrent users (KI-bot only) instead of echo"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="with --users: mean seconds a user pauses between messages (0: back to back)",
    )
    args = parser.parse_args()
    if args.users:
        asyncio.run(run_users(args.users, args.turns, args.warmup, args.database, args.think))
    else:
        asyncio.run(run(args.turns, args.warmup, args.database))


if __name__ == "__main__":
    main()
