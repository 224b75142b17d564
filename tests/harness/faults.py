"""Fault injection at the fake connector: the next N matching calls fail the way Teams fails."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

HANG = 0  # a "status" meaning: never answer (the caller's timeout fires)


def error_body(code: str, message: str, sub_code: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if sub_code is not None:
        error["subCode"] = sub_code
    return {"error": error}


@dataclass
class Fault:
    status: int
    times: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    path: str | None = None  # a substring of the request path
    conversation: str | None = None  # a conversation id (its threads included)
    method: str | None = None
    hits: int = 0

    def matches(self, method: str, path: str, conversation: str | None) -> bool:
        if self.hits >= self.times:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.path is not None and self.path not in path:
            return False
        if self.conversation is not None:
            return conversation is not None and conversation.split(";")[0] == self.conversation
        return True


class Faults:
    """``connector.faults.too_many_requests(times=2, retry_after=3)`` and friends. Rules are
    tried in the order added; each answers its next ``times`` matching calls, then retires."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []
        self._release: asyncio.Event | None = None  # made on the connector's loop
        self._released = False

    def add(self, fault: Fault) -> Fault:
        self.rules.append(fault)
        return fault

    def take(self, method: str, path: str, conversation: str | None) -> Fault | None:
        for rule in self.rules:
            if rule.matches(method, path, conversation):
                rule.hits += 1
                return rule
        return None

    async def hang(self) -> None:
        """Wait until the connector closes (the caller's own timeout ends the request first)."""
        if self._released:
            return
        if self._release is None:
            self._release = asyncio.Event()
        await self._release.wait()

    def release(self) -> None:
        """Let hung calls end (called on the connector's loop when it closes)."""
        self._released = True
        if self._release is not None:
            self._release.set()

    # The failures Teams answers with
    def too_many_requests(self, times: int = 1, retry_after: float = 1, **where: Any) -> Fault:
        seconds = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
        body = error_body("TooManyRequests", "Too many requests, retry later.")
        return self.add(Fault(429, times, body, {"Retry-After": seconds}, **where))

    def server_error(self, times: int = 1, status: int = 500, **where: Any) -> Fault:
        body = error_body("ServiceError", f"Upstream failure ({status}).")
        return self.add(Fault(status, times, body, **where))

    def bad_gateway(self, times: int = 1, **where: Any) -> Fault:
        return self.server_error(times, 502, **where)

    def forbidden(
        self,
        times: int = 1,
        code: str = "ConversationBlockedByUser",
        message: str = "User blocked the conversation with the bot.",
        sub_code: str | None = "MessageWritesBlocked",
        **where: Any,
    ) -> Fault:
        return self.add(Fault(403, times, error_body(code, message, sub_code), **where))

    def not_found(self, times: int = 1, **where: Any) -> Fault:
        body = error_body("ConversationNotFound", "Conversation not found.")
        return self.add(Fault(404, times, body, **where))

    def hang_up(self, times: int = 1, **where: Any) -> Fault:
        """The next calls never answer: the sender's timeout must fire."""
        return self.add(Fault(HANG, times, **where))
