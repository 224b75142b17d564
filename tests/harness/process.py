"""A bot instance as its own operating-system process (``ki-bot serve``), for tests where an
instance must die the way a real one does (SIGKILL: no clean-up, leases left behind)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import ClientSession

from tests.cli_process import VENV_BIN, free_port, ki_bot_env


class _WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class BotProcess:
    """``ki-bot serve`` on loopback with the given database; its background dispatcher runs on
    real time (or on the test clock, given ``TEST_CLOCK="1"``). ``send`` posts an activity like
    ``BotUnderTest.send``; ``kill`` is SIGKILL."""

    def __init__(self, database_url: str, workdir: Path, name: str = "process", **env: str) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.name = name
        self.env = env
        self.port = 0
        self.clock = _WallClock()
        self.process: subprocess.Popen[str] | None = None

    async def start(self, timeout: float = 30) -> None:
        self._spawn()
        if not await asyncio.to_thread(self._ready, timeout):
            self.kill()
            raise RuntimeError(f"{self.name} did not start: {self.output()}")

    def _spawn(self) -> None:
        self.port = free_port()
        log = (self.workdir / f"{self.name}.log").open("w")
        self.process = subprocess.Popen(
            [str(VENV_BIN / "ki-bot"), "serve"],
            cwd=self.workdir,
            env=ki_bot_env(DATABASE_URL=self.database_url, PORT=str(self.port), **self.env),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        log.close()

    def _ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            try:
                url = f"http://127.0.0.1:{self.port}/readyz"
                with urllib.request.urlopen(url, timeout=1) as response:
                    return bool(response.status == 200)
            except OSError:
                time.sleep(0.1)
        return False

    def output(self) -> str:
        path = self.workdir / f"{self.name}.log"
        return path.read_text("utf-8") if path.exists() else ""

    async def send(self, activity: dict[str, Any]) -> tuple[int, Any]:
        async with (
            ClientSession() as http,
            http.post(
                f"http://127.0.0.1:{self.port}/api/messages",
                data=json.dumps(activity),
                headers={"Content-Type": "application/json"},
            ) as response,
        ):
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.text()

    def kill(self) -> None:
        """Die at once, as on a crash or an out-of-memory kill: nothing is cleaned up."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
