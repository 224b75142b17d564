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
                                           [--users 50 [--think 2]] [--interleaved]

``--interleaved`` serves both bots at once and alternates their turns, so machine noise hits
both alike: the hint reply and a whole screening (tjek, answers, follow-up, result) against the
same number of echo turns, for 1 user and for 20 concurrent users.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
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


def _invoke(
    number: int, service_url: str, user: str, verb: str, data: dict[str, Any]
) -> dict[str, Any]:
    activity = _activity(number, service_url, user)
    activity.update(
        type="invoke",
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
    )
    activity.pop("text")
    return activity


SCREENING_ANSWERS = {
    "age": "44",
    "psychiatric_disorder": "diagnosed",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions",
    "consent": "given",
}
FOLLOW_UP_ANSWERS = {
    "coordination_already_adequate": "false",
    "unclear_medical_responsibility": "false",
}


def _answers_action(card: dict[str, Any]) -> dict[str, Any]:
    [action] = [a for a in card.get("actions", []) if a.get("verb") == "screening.answers"]
    return dict(action["data"])


class Pair:
    """KI-bot and the echo bot served side by side, turns interleaved so noise hits both."""

    def __init__(self, connector: FakeConnector, database: str) -> None:
        self.connector = connector
        self.database = database
        self.servers: dict[str, TestServer] = {}
        self.http: ClientSession | None = None
        self.numbers = itertools.count()

    async def __aenter__(self) -> Pair:
        apps = {
            "echo": echo_app(),
            "ki-bot": create_app(Settings(database_url=self.database), run_dispatcher=False),
        }
        for name, app in apps.items():
            self.servers[name] = TestServer(app, host="127.0.0.1")
            await self.servers[name].start_server()
        self.http = ClientSession(connector=TCPConnector(limit=0))
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.http is not None:
            await self.http.close()
        for server in self.servers.values():
            await server.close()

    async def post(self, bot: str, activity: dict[str, Any]) -> float:
        assert self.http is not None
        started = time.perf_counter()
        url = self.servers[bot].make_url("/api/messages")
        async with self.http.post(
            url, data=json.dumps(activity), headers={"Content-Type": "application/json"}
        ) as response:
            await response.read()
            if response.status >= 300:
                raise RuntimeError(f"{bot} answered HTTP {response.status}")
        return time.perf_counter() - started

    def _message(self, user: str, text: str) -> dict[str, Any]:
        activity = _activity(next(self.numbers), self.connector.service_url, user)
        activity["text"] = text
        return activity

    async def hint(self, user: str) -> tuple[float, float]:
        """One KI-bot turn it answers with a hint, then one echo turn."""
        ki = await self.post("ki-bot", self._message(user, "hej med dig"))
        echo = await self.post("echo", self._message(user, "hej med dig"))
        return ki, echo

    async def screening(self, user: str) -> tuple[float, float]:
        """A whole screening (tjek, answers, follow-up, result: 3 turns), then 3 echo turns."""
        conversation = f"a:{user}"
        ki = await self.post("ki-bot", self._message(user, "tjek"))
        card = self.connector.transcript(conversation).latest_card().card
        data = {**_answers_action(card), **SCREENING_ANSWERS}
        number = next(self.numbers)
        ki += await self.post(
            "ki-bot", _invoke(number, self.connector.service_url, user, "screening.answers", data)
        )
        card = self.connector.transcript(conversation).latest_card().card
        data = {**_answers_action(card), **FOLLOW_UP_ANSWERS}
        number = next(self.numbers)
        ki += await self.post(
            "ki-bot", _invoke(number, self.connector.service_url, user, "screening.answers", data)
        )
        if not self.connector.transcript(conversation).latest_card().shows("niveau"):
            raise RuntimeError("the screening did not reach its result")
        echo = 0.0
        for _ in range(3):
            echo += await self.post("echo", self._message(user, "hej med dig"))
        return ki, echo


async def _user_runs(
    pair: Pair, flow: str, user: str, rounds: int
) -> tuple[list[float], list[float]]:
    ki: list[float] = []
    echo: list[float] = []
    for _ in range(rounds):
        k, e = await (pair.hint(user) if flow == "hint" else pair.screening(user))
        ki.append(k)
        echo.append(e)
    return ki, echo


async def run_interleaved(rounds: int, database: str, users: tuple[int, ...]) -> None:
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}" if database == "sqlite" else database
        print(f"KI-bot against the echo bot, turns interleaved, database: {database}")
        async with Pair(connector, url) as pair:
            await _user_runs(pair, "screening", "29:warmup", 3)
            for flow in ("hint", "screening"):
                for count in users:
                    per_user = max(1, rounds // count)
                    results = await asyncio.gather(
                        *(
                            _user_runs(pair, flow, f"29:{flow}-{count}-{u}", per_user)
                            for u in range(count)
                        )
                    )
                    ki = summary([x for k, _ in results for x in k])
                    echo = summary([x for _, e in results for x in e])
                    what = "hint reply" if flow == "hint" else "whole screening (3 turns)"
                    print(
                        f"  {what:26s} {count:2d} user(s): KI-bot p50 {ki['p50_ms']:7.1f} ms "
                        f"p99 {ki['p99_ms']:7.1f} ms | echo p50 {echo['p50_ms']:7.1f} ms "
                        f"p99 {echo['p99_ms']:7.1f} ms | p99 ratio "
                        f"{ki['p99_ms'] / echo['p99_ms']:.2f}x (target <= 1.3x)"
                    )
    await connector.close()


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
        "--interleaved",
        action="store_true",
        help="KI-bot and echo turns interleaved: the hint reply and a whole screening, 1 and 20 users",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="with --users: mean seconds a user pauses between messages (0: back to back)",
    )
    args = parser.parse_args()
    if args.interleaved:
        asyncio.run(run_interleaved(args.turns, args.database, (1, 20)))
    elif args.users:
        asyncio.run(run_users(args.users, args.turns, args.warmup, args.database, args.think))
    else:
        asyncio.run(run(args.turns, args.warmup, args.database))


if __name__ == "__main__":
    main()
