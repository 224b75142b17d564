"""A gate between turns and a moving test clock: the clock moves only while no turn runs, so a
turn sees one "now" from start to end.

Any number of turns may hold the gate at once; moving the clock needs it alone. Turns already
waiting when a move finishes go before the next move, so a long advance lets them in between
its steps (each then runs at the clock's moment of that step)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class ClockGate:
    def __init__(self) -> None:
        self._changed = asyncio.Condition()
        self._turns = 0
        self._turns_waiting = 0
        self._moving = False
        self.turns_entered = 0  # grows with every turn let in: tells a mover that turns ran

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the clock still while the body runs (shared with other turns)."""
        async with self._changed:
            self._turns_waiting += 1
            try:
                await self._changed.wait_for(lambda: not self._moving)
            finally:
                self._turns_waiting -= 1
            self._turns += 1
            self.turns_entered += 1
        try:
            yield
        finally:
            async with self._changed:
                self._turns -= 1
                self._changed.notify_all()

    @contextlib.asynccontextmanager
    async def moving(self) -> AsyncIterator[None]:
        """Hold the gate alone while the body moves the clock (waits for running turns)."""
        async with self._changed:
            await self._changed.wait_for(
                lambda: not self._moving and self._turns == 0 and self._turns_waiting == 0
            )
            self._moving = True
        try:
            yield
        finally:
            async with self._changed:
                self._moving = False
                self._changed.notify_all()
