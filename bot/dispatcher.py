"""The background dispatcher: runs due jobs (reminders, clean-up) on a timer.

Jobs take "now" from the injected clock, so tests call ``run_due`` directly instead of sleeping.
Each job also says when it is next due, so the test clock (``bot/clock_driver.py``) can jump from
one due moment to the next instead of stepping minute by minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.clock import Clock

log = logging.getLogger(__name__)


NextDue = Callable[[datetime], Awaitable[datetime | None]]


@dataclass(frozen=True)
class Job:
    """``run(now)`` does the work due at ``now``. ``next_due(after)`` is the first moment after
    ``after`` when running it would do something (None: nothing is scheduled); a moment at or
    before ``after`` means work is already waiting."""

    name: str
    run: Callable[[datetime], Awaitable[object]]
    next_due: NextDue


class Dispatcher:
    def __init__(self, clock: Clock, jobs: Sequence[Job], interval_seconds: float = 60.0) -> None:
        self._clock = clock
        self._jobs = list(jobs)
        self._interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    @property
    def jobs(self) -> Sequence[Job]:
        return tuple(self._jobs)

    async def run_due(self) -> dict[str, object]:
        """Run every job once; a failing job is logged and does not stop the others."""
        now = self._clock.now()
        return {job.name: await self.run(job, now) for job in self._jobs}

    @staticmethod
    async def run(job: Job, now: datetime) -> object:
        """Run one job; its outcome, or the error it raised (logged)."""
        try:
            return await job.run(now)
        except Exception as error:
            log.exception("background job %s failed", job.name)
            return error

    async def _loop(self) -> None:
        while True:
            await self.run_due()
            await asyncio.sleep(self._interval)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="ki-bot-dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
