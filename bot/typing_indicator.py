"""Shows "typing" while a message turn runs.

Replaces the SDK's ShowTypingMiddleware, whose timer keeps sending "typing" for ever when the
turn raises (it is stopped only after a turn that returns). Here the sender is a task cancelled
when the turn ends, however it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


class TypingIndicator(Middleware):
    def __init__(self, delay: float = 1.0, period: float = 2.0, sleep: Sleep = asyncio.sleep):
        if delay < 0 or period <= 0:
            raise ValueError("typing delay must be >= 0 and period > 0")
        self._delay = delay
        self._period = period
        self._sleep = sleep
        self.running: set[asyncio.Task[None]] = set()

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        if context.activity.type != ActivityTypes.message:
            await logic()
            return
        sender = asyncio.create_task(self._show_typing(context))
        self.running.add(sender)
        sender.add_done_callback(self.running.discard)
        try:
            await logic()
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    async def _show_typing(self, context: TurnContext) -> None:
        await self._sleep(self._delay)
        reference = TurnContext.get_conversation_reference(context.activity)
        while True:
            typing = TurnContext.apply_conversation_reference(
                Activity(type=ActivityTypes.typing, relates_to=context.activity.relates_to),
                reference,
            )
            try:
                await context.adapter.send_activities(context, [typing])
            except Exception as error:  # noqa: BLE001 - "typing" is a courtesy; the turn goes on
                log.info("could not show typing: %s", type(error).__name__)
                return
            await self._sleep(self._period)
