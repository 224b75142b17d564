"""Turn latency through the real HTTP path: KI-bot versus a bare botbuilder echo bot.

Both bots reply to the same fake Bot Connector; each turn is one POST to /api/messages that
returns once the reply has been delivered. Prints p50 / p99 latency, turns per second and the
KI-bot / echo ratios measured in the same run.

By default both bots are aiohttp apps in this process. With ``--processes`` each runs in a
process of its own, as in production: KI-bot as ``ki-bot serve`` (its background dispatcher and
outbox running, logging to a file), the echo bot as ``python -m bench.echo_bot``; the serve
process's resident memory is reported idle and after the run.

With ``--users N`` N users type at once (each its own conversation, each sending its next message
as soon as the last was answered), on KI-bot and on the echo bot, and KI-bot with one user in the
same run; the runs alternate between the two bots so machine noise hits both alike. Back to back
(the default) measures saturation, where latency is users / throughput; ``--think S`` lets each
user pause about S seconds between messages, as people do.

    .venv/bin/python -m bench.turn_latency [--turns 500] [--database sqlite|URL] [--processes]
                                           [--users 20 [--think 2]] [--interleaved]

``--interleaved`` serves both bots at once and alternates their turns: the hint reply and a whole
screening (tjek, answers, follow-up, result) against the same number of echo turns, for 1 user
and for 20 concurrent users.

A PostgreSQL database given by URL is migrated and written to; activity ids are unique per run,
so a database kept between runs does not take them for re-deliveries.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, TCPConnector
from aiohttp.test_utils import TestServer

from bot.app import create_app
from bot.config import Settings
from tests.harness import FakeConnector

from .echo_bot import echo_app

REPO = Path(__file__).resolve().parent.parent
RUN = uuid.uuid4().hex[:8]


def _activity(number: int, service_url: str, user: str | None = None) -> dict[str, Any]:
    user = user or f"29:user-{number % 20}"
    return {
        "type": "message",
        "id": f"bench-{RUN}-{user}-{number}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "text": "hej med dig",
        "locale": "da-DK",
        "from": {"id": user, "name": "Bench"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": f"a:{user}", "conversationType": "personal"},
    }


@dataclass
class Bots:
    """Where the two bots listen, and the KI-bot process id when it runs in its own process."""

    urls: dict[str, str]
    ki_bot_pid: int | None = None
    closers: list[Any] = field(default_factory=list)

    def resident_mb(self) -> float | None:
        if self.ki_bot_pid is None:
            return None
        for line in Path(f"/proc/{self.ki_bot_pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None


def _database_url(database: str, folder: Path) -> str:
    return f"sqlite:///{folder / 'bench.sqlite3'}" if database == "sqlite" else database


@contextlib.asynccontextmanager
async def in_process(database: str, folder: Path) -> AsyncIterator[Bots]:
    apps = {
        "echo": echo_app(),
        "ki-bot": create_app(
            Settings(database_url=_database_url(database, folder)), run_dispatcher=False
        ),
    }
    servers = {name: TestServer(app, host="127.0.0.1") for name, app in apps.items()}
    for server in servers.values():
        await server.start_server()
    try:
        yield Bots({name: str(s.make_url("/api/messages")) for name, s in servers.items()})
    finally:
        for server in servers.values():
            await server.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _wait_ready(http: ClientSession, url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        with contextlib.suppress(OSError):
            async with http.get(url) as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not become ready")


@contextlib.asynccontextmanager
async def own_processes(database: str, folder: Path) -> AsyncIterator[Bots]:
    """``ki-bot serve`` and the echo bot, each a process of its own (this checkout's code)."""
    ports = {"echo": _free_port(), "ki-bot": _free_port()}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bin_dir = Path(sys.executable).parent
    commands = {
        "echo": ([sys.executable, "-m", "bench.echo_bot", str(ports["echo"])], {}),
        "ki-bot": (
            [str(bin_dir / "ki-bot"), "serve"],
            {
                "DATABASE_URL": _database_url(database, folder),
                "PORT": str(ports["ki-bot"]),
                "HOST": "127.0.0.1",
            },
        ),
    }
    processes: dict[str, asyncio.subprocess.Process] = {}
    try:
        for name, (command, extra) in commands.items():
            with (folder / f"{name}.log").open("wb") as log:
                processes[name] = await asyncio.create_subprocess_exec(
                    *command, cwd=folder, env={**env, **extra}, stdout=log, stderr=log
                )
        async with ClientSession() as http:
            for name, port in ports.items():
                await _wait_ready(http, f"http://127.0.0.1:{port}/healthz", processes[name])
        yield Bots(
            {name: f"http://127.0.0.1:{port}/api/messages" for name, port in ports.items()},
            ki_bot_pid=processes["ki-bot"].pid,
        )
    except Exception:
        for name in processes:  # what the bots said about a failed turn
            lines = (folder / f"{name}.log").read_text(errors="replace").splitlines()
            errors = [line for line in lines if " ERROR " in line or "Error" in line]
            print(f"{name}: {len(errors)} error line(s); the last:", *errors[-5:], sep="\n  ")
        raise
    finally:
        for process in processes.values():
            if process.returncode is None:
                process.terminate()
        for process in processes.values():
            try:
                await asyncio.wait_for(process.wait(), timeout=30)
            except TimeoutError:
                process.kill()


def bots(
    processes: bool, database: str, folder: Path
) -> contextlib.AbstractAsyncContextManager[Bots]:
    return own_processes(database, folder) if processes else in_process(database, folder)


async def _post(
    http: ClientSession, url: str, activity: dict[str, Any], connector: FakeConnector
) -> float:
    """One turn's latency: until the HTTP answer, or for a turn acknowledged early (202, past
    KI-bot's ack time under heavy load) until its reply reached the connector."""
    transcript = connector.transcript(activity["conversation"]["id"])
    before = len(transcript.messages)
    started = time.perf_counter()
    async with http.post(
        url, data=json.dumps(activity), headers={"Content-Type": "application/json"}
    ) as response:
        await response.read()
        if response.status >= 300:
            raise RuntimeError(f"{url} answered HTTP {response.status}")
    if response.status == 202:
        await connector.wait_until(lambda _sent: len(transcript.messages) > before, timeout=300)
    return time.perf_counter() - started


async def measure(url: str, connector: FakeConnector, turns: int, warmup: int) -> list[float]:
    latencies: list[float] = []
    async with ClientSession() as http:
        for number in range(warmup + turns):
            activity = _activity(number, connector.service_url)
            latency = await _post(http, url, activity, connector)
            if number >= warmup:
                latencies.append(latency)
    return latencies


async def _one_user(
    http: ClientSession,
    url: str,
    connector: FakeConnector,
    user: str,
    turns: int,
    think: float = 0.0,
) -> list[float]:
    latencies: list[float] = []
    for number in range(turns):
        if think:  # a person reads the answer and types the next message
            await asyncio.sleep(random.expovariate(1 / think))
        activity = _activity(number, connector.service_url, user)
        latencies.append(await _post(http, url, activity, connector))
    return latencies


async def measure_users(
    url: str, connector: FakeConnector, users: int, turns: int, think: float = 0.0, tag: str = ""
) -> tuple[list[float], float]:
    """Latencies of ``turns`` turns spread over ``users`` concurrent users, and the wall time."""
    per_user = max(1, turns // users)
    async with ClientSession(connector=TCPConnector(limit=0)) as http:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(
                _one_user(http, url, connector, f"29:user{tag}-{u}", per_user, think)
                for u in range(users)
            )
        )
        wall = time.perf_counter() - started
    return [latency for user in results for latency in user], wall


def _line(label: str, f: dict[str, float]) -> str:
    return (
        f"  {label:22s} p50 {f['p50_ms']:7.1f} ms   p99 {f['p99_ms']:7.1f} ms   "
        f"{f['throughput']:7.1f} turns/s"
    )


async def run_users(
    users: int,
    turns: int,
    warmup: int,
    database: str,
    think: float,
    processes: bool,
    rounds: int,
) -> None:
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        async with bots(processes, database, Path(folder)) as served:
            idle_mb = served.resident_mb()
            for name in ("echo", "ki-bot"):
                await measure(served.urls[name], connector, warmup, 0)
            one, wall = await measure_users(served.urls["ki-bot"], connector, 1, turns)
            figures = {"ki-bot 1 user": {**summary(one), "throughput": len(one) / wall}}
            pooled: dict[str, list[float]] = {"echo": [], "ki-bot": []}
            walls = {"echo": 0.0, "ki-bot": 0.0}
            for number in range(rounds):  # alternating, so drift in machine load hits both
                for name in ("echo", "ki-bot"):
                    latencies, wall = await measure_users(
                        served.urls[name], connector, users, turns // rounds, think, f"{number}"
                    )
                    pooled[name] += latencies
                    walls[name] += wall
            busy_mb = served.resident_mb()
    await connector.close()
    for name in ("echo", "ki-bot"):
        figures[f"{name} {users} users"] = {
            **summary(pooled[name]),
            "throughput": len(pooled[name]) / walls[name],
        }

    pacing = f"each user pauses ~{think:g} s between messages" if think else "back to back"
    where = "each bot in a process of its own" if processes else "both bots in this process"
    print(f"{turns} turns per run (after {warmup} warm-up), database: {database}, {where}")
    print(f"  {users} users: {pacing}, {rounds} alternating rounds per bot")
    for label, f in figures.items():
        print(_line(label, f))
    ki, echo = figures[f"ki-bot {users} users"], figures[f"echo {users} users"]
    single = figures["ki-bot 1 user"]
    print(
        f"  KI-bot / echo, {users} users: p50 {ki['p50_ms'] / echo['p50_ms']:.2f}x   "
        f"p99 {ki['p99_ms'] / echo['p99_ms']:.2f}x (target <= 1.3x)   "
        f"throughput {ki['throughput'] / echo['throughput']:.2f}x"
    )
    print(
        f"  KI-bot {users} users / 1 user: p50 {ki['p50_ms'] / single['p50_ms']:.2f}x   "
        f"p99 {ki['p99_ms'] / single['p99_ms']:.2f}x"
    )
    if idle_mb is not None and busy_mb is not None:
        print(
            f"  ki-bot serve resident memory: idle {idle_mb:.0f} MB, after "
            f"{users} users x {turns // rounds // users * rounds} turns {busy_mb:.0f} MB"
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

    def __init__(self, connector: FakeConnector, served: Bots) -> None:
        self.connector = connector
        self.urls = served.urls
        self.http: ClientSession | None = None
        self.numbers = itertools.count()

    async def __aenter__(self) -> Pair:
        self.http = ClientSession(connector=TCPConnector(limit=0))
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.http is not None:
            await self.http.close()

    async def post(self, bot: str, activity: dict[str, Any]) -> float:
        assert self.http is not None
        return await _post(self.http, self.urls[bot], activity, self.connector)

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


async def run_interleaved(
    rounds: int, database: str, users: tuple[int, ...], processes: bool
) -> None:
    connector = FakeConnector()
    await connector.start()
    where = "each bot in a process of its own" if processes else "both bots in this process"
    with tempfile.TemporaryDirectory() as folder:
        print(f"KI-bot against the echo bot, turns interleaved, database: {database}, {where}")
        async with (
            bots(processes, database, Path(folder)) as served,
            Pair(connector, served) as pair,
        ):
            await _user_runs(pair, "screening", f"29:warmup-{RUN}", 3)
            for flow in ("hint", "screening"):
                for count in users:
                    per_user = max(1, rounds // count)
                    results = await asyncio.gather(
                        *(
                            _user_runs(pair, flow, f"29:{flow}-{count}-{u}-{RUN}", per_user)
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


async def run(turns: int, warmup: int, database: str, processes: bool) -> None:
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory() as folder:
        async with bots(processes, database, Path(folder)) as served:
            results = {
                name: summary(await measure(url, connector, turns, warmup))
                for name, url in served.urls.items()
            }
    await connector.close()

    where = "each bot in a process of its own" if processes else "both bots in this process"
    print(f"{turns} turns each (after {warmup} warm-up), database: {database}, {where}")
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
        "--processes",
        action="store_true",
        help="run KI-bot (ki-bot serve) and the echo bot each in a process of its own",
    )
    parser.add_argument(
        "--users", type=int, default=0, help="N concurrent users, on KI-bot and on the echo bot"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="with --users: alternating runs per bot"
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
        asyncio.run(run_interleaved(args.turns, args.database, (1, 20), args.processes))
    elif args.users:
        asyncio.run(
            run_users(
                args.users,
                args.turns,
                args.warmup,
                args.database,
                args.think,
                args.processes,
                args.rounds,
            )
        )
    else:
        asyncio.run(run(args.turns, args.warmup, args.database, args.processes))


if __name__ == "__main__":
    main()
