"""The real aiohttp app on a free loopback port, replying to the fake connector."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer

from bot.access_log import SERVER_OPTIONS
from bot.app import SERVICES, Services, create_app
from bot.config import Settings
from domain.clock import FixedClock

from .connector import FakeConnector


class BotUnderTest:
    """One bot instance. Several may share one database and one connector (``name`` tells them
    apart in failures). ``migrate=False`` skips the app's own migration at start, for a database
    the test's fixture migrated already (it costs three quarters of an app start)."""

    def __init__(
        self,
        settings: Settings,
        clock: FixedClock,
        connector: FakeConnector,
        name: str = "bot",
        *,
        migrate: bool = True,
    ) -> None:
        self.settings = settings
        self.migrate = migrate
        self.clock = clock
        self.connector = connector
        self.name = name
        self.server: TestServer | None = None
        self.http: ClientSession | None = None

    @property
    def services(self) -> Services:
        assert self.server is not None
        return self.server.app[SERVICES]

    @property
    def service_url(self) -> str:
        return self.connector.service_url

    async def start(self) -> None:
        app: web.Application = create_app(
            self.settings, clock=self.clock, migrate=self.migrate, run_dispatcher=False
        )
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server(**SERVER_OPTIONS)
        self.http = ClientSession()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
            self.http = None
        if self.server is not None:
            await self.server.close()
            self.server = None

    async def restart(self, **changes: Any) -> None:
        await self.stop()
        self.settings = replace(self.settings, **changes)
        await self.start()

    async def post_raw(
        self, body: bytes | str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        assert self.server is not None and self.http is not None, f"{self.name} is not running"
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        async with self.http.post(
            self.server.make_url("/api/messages"), data=body, headers=all_headers
        ) as r:
            payload = await r.json() if r.content_type == "application/json" else await r.text()
            return r.status, payload

    async def send(self, activity: dict[str, Any], **kwargs: Any) -> tuple[int, Any]:
        return await self.post_raw(json.dumps(activity), **kwargs)

    async def get(self, path: str) -> tuple[int, Any]:
        assert self.server is not None and self.http is not None
        async with self.http.get(self.server.make_url(path)) as response:
            return response.status, await response.json()

    async def settle(self) -> None:
        """Wait for turns acknowledged early (202) to finish, so 'nothing more' can be asserted."""
        if self.server is not None:
            await self.services.messages.drain()
