"""A hand-written in-memory Bot Connector for the messenger and outbox tests."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.connector import CreatedConversation, DeliveryFailure


@dataclass
class Call:
    method: str
    service_url: str
    conversation_id: str
    activity: dict[str, Any] | None = None
    activity_id: str | None = None


@dataclass
class MemoryConnector:
    """Accepts every call unless ``fail`` says otherwise; keeps what it accepted."""

    calls: list[Call] = field(default_factory=list)
    fail: Callable[[Call], DeliveryFailure | None] = lambda _call: None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def _accept(self, call: Call) -> None:
        failure = self.fail(call)
        if failure is not None:
            raise failure
        self.calls.append(call)
        self.changed.set()

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        async def watch() -> None:
            while not condition():
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(watch(), timeout)

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        activity_id = f"activity-{next(self._ids)}"
        self._accept(Call("send", service_url, conversation_id, activity, activity_id))
        return activity_id

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None:
        self._accept(Call("update", service_url, conversation_id, activity, activity_id))

    async def create_conversation(
        self, service_url: str, parameters: dict[str, Any]
    ) -> CreatedConversation:
        conversation_id = f"created-{next(self._ids)}"
        activity = parameters.get("activity")
        activity_id = f"activity-{next(self._ids)}" if activity else None
        self._accept(Call("create", service_url, conversation_id, parameters, activity_id))
        return CreatedConversation(conversation_id, activity_id)

    async def members(self, service_url: str, conversation_id: str) -> list[dict[str, Any]]:
        return []

    async def channels(self, service_url: str, team_id: str) -> list[dict[str, Any]]:
        return []

    def sent(self) -> list[Call]:
        return [c for c in self.calls if c.method == "send"]
