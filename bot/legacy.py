"""Bridges for the capabilities not yet moved onto the one action scaffold: they still take the
SDK's TurnContext. Goes away when the last of them is moved."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from botbuilder.core import TurnContext

from dialogs.reply import NOTHING, Reply
from dialogs.turn import Turn

CURRENT: ContextVar[TurnContext] = ContextVar("ki.turn_context")

LegacyStart = Callable[[TurnContext], Awaitable[None]]
Start = Callable[[Turn], Awaitable[Reply]]


def legacy_start(start: LegacyStart) -> Start:
    """A legacy capability's start, callable as a scaffold starter within the same turn."""

    async def run(_turn: Turn) -> Reply:
        await start(CURRENT.get())
        return NOTHING

    return run
