"""A fake Bot Connector service on loopback: answers the v3 endpoints the SDK calls and keeps
what the bot sent, the way Teams' connector would receive it."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Sent:
    method: str
    path: str
    conversation_id: str
    activity: dict[str, Any]
    authorization: str | None

    @property
    def type(self) -> str:
        return str(self.activity.get("type"))

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass
class FakeConnector:
    sent: list[Sent] = field(default_factory=list)
    refuse_next: list[int] = field(default_factory=list)  # statuses to answer before accepting
    refused: int = 0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    server: TestServer | None = None

    @property
    def service_url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/")).rstrip("/") + "/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post(
            "/v3/conversations/{conversation}/activities/{reply_to}", self._activity
        )
        app.router.add_put("/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        self._changed = asyncio.Condition()
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    async def _activity(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.refuse_next:
            self.refused += 1
            return web.json_response(
                {"error": {"code": "Throttled"}}, status=self.refuse_next.pop(0)
            )
        sent = Sent(
            request.method,
            request.path,
            request.match_info["conversation"],
            body,
            request.headers.get("Authorization"),
        )
        assert self._changed is not None
        async with self._changed:
            self.sent.append(sent)
            self._changed.notify_all()
        return web.json_response({"id": f"sent-{next(self._ids)}"})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"id": f"created-{next(self._ids)}", "serviceUrl": self.service_url}
        )

    async def _member(self, request: web.Request) -> web.Response:
        member = request.match_info["member"]
        return web.json_response({"id": member, "name": member, "aadObjectId": f"aad-{member}"})

    def messages(self) -> list[Sent]:
        """What the bot sent, typing indicators left out."""
        return [s for s in self.sent if s.type != "typing"]

    async def wait_until(self, done: Callable[[list[Sent]], bool], timeout: float = 5.0) -> None:
        """Wait until what the bot sent (typing included) satisfies ``done``."""
        assert self._changed is not None

        async def satisfied() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: done(self.sent))

        await asyncio.wait_for(satisfied(), timeout)

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Sent]:
        """Wait until the bot has sent at least ``count`` messages (not typing)."""
        assert self._changed is not None

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.messages()) >= count)

        await asyncio.wait_for(enough(), timeout)
        return self.messages()
