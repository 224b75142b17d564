"""Turn latency through the real HTTP path: KI-bot versus a bare botbuilder echo bot.

Both bots run as aiohttp apps on loopback and reply to the same fake Bot Connector; each turn is
one POST to /api/messages that returns once the reply has been delivered. Prints p50 / p99
latency, turns per second and the KI-bot / echo ratios measured in the same run.

    .venv/bin/python -m bench.turn_latency [--turns 500] [--database sqlite|URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web
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


def _activity(number: int, service_url: str) -> dict[str, Any]:
    user = f"29:user-{number % 20}"
    return {
        "type": "message",
        "id": f"bench-{number}",
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
    args = parser.parse_args()
    asyncio.run(run(args.turns, args.warmup, args.database))


if __name__ == "__main__":
    main()
