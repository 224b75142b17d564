"""Shared fixtures: databases (SQLite always, PostgreSQL when KI_TEST_POSTGRES_URL is set), and a
bot served over real HTTP on loopback, talking to a fake Bot Connector."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
from sqlalchemy import create_engine, text

from bot.access_log import SERVER_OPTIONS
from bot.app import SERVICES, Services, create_app
from bot.config import Settings
from domain.clock import FixedClock
from tests.card_check import check_cards, check_message_size
from tests.fake_connector import FakeConnector

POSTGRES_URL = os.environ.get("KI_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("KI_REQUIRE_POSTGRES") == "1"


def _fresh_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind; the PostgreSQL one fails instead of skipping in CI."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ki-bot.sqlite3'}"
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("KI_REQUIRE_POSTGRES=1 but KI_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL: set KI_TEST_POSTGRES_URL")
    url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    _fresh_postgres_schema(url)
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


class BotUnderTest:
    """The real aiohttp app on a free loopback port, and the fake connector it replies to."""

    def __init__(self, settings: Settings, clock: FixedClock, connector: FakeConnector) -> None:
        self.settings = settings
        self.clock = clock
        self.connector = connector
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
        app: web.Application = create_app(self.settings, clock=self.clock, run_dispatcher=False)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server(**SERVER_OPTIONS)
        self.http = ClientSession()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.server is not None:
            await self.server.close()

    async def restart(self, **changes: Any) -> None:
        await self.stop()
        self.settings = replace(self.settings, **changes)
        await self.start()

    async def post_raw(
        self, body: bytes | str, *, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        assert self.server is not None and self.http is not None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        async with self.http.post(
            self.server.make_url("/api/messages"), data=body, headers=all_headers
        ) as r:
            payload = await r.json() if r.content_type == "application/json" else await r.text()
            return r.status, payload

    async def send(self, activity: dict[str, Any], **kwargs: Any) -> tuple[int, Any]:
        import json

        return await self.post_raw(json.dumps(activity), **kwargs)

    async def get(self, path: str) -> tuple[int, Any]:
        assert self.server is not None and self.http is not None
        async with self.http.get(self.server.make_url(path)) as response:
            return response.status, await response.json()


@pytest.fixture
async def bot(settings: Settings, clock: FixedClock) -> AsyncIterator[BotUnderTest]:
    connector = FakeConnector()
    await connector.start()
    under_test = BotUnderTest(settings, clock, connector)
    await under_test.start()
    yield under_test
    await under_test.stop()
    await connector.close()
    # Every card and message the bot sent in the test is checked as Teams would check it.
    for sent in connector.sent:
        check_message_size(sent.activity)
    check_cards([card for sent in connector.sent for card in sent.cards])


@pytest.fixture
def conversation_id() -> Iterator[str]:
    yield f"a:conversation-{uuid.uuid4().hex[:8]}"
