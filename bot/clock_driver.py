"""The test clock (``TEST_CLOCK=1``): time moves only when told, and everything that falls due on
the way runs in time order, each at its own moment.

Advancing jumps from one due moment to the next (the jobs' ``next_due`` and the outbox's next
due row), never minute by minute: at each it sets the clock, runs the jobs due then, sends what
the outbox holds due then, and only then moves on. Turns hold the ``ClockGate``, so the clock
never moves under a running turn; turns that arrive during a long advance run between its steps,
at the moment the clock has reached.

Without an advance the clock stands still, but what a turn queues for "now" (a request to a
coordinator, a card update) is still sent at once, by this driver's own loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.clock import ClockWentBackwards, ManualClock

from .clock_gate import ClockGate
from .dispatcher import Dispatcher, Job
from .graceful_stop import stop_gracefully
from .outbox_dispatcher import DeliveryReport

log = logging.getLogger(__name__)

# A job still due after running this often at one moment waits for the next moment.
MAX_ROUNDS = 10


class DueMessages(Protocol):
    """What the driver needs of the outbox dispatcher."""

    async def run_due(self) -> DeliveryReport: ...

    async def next_due_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Advanced:
    now: datetime
    jobs_run: int
    messages_sent: int


@dataclass
class _Counts:
    jobs_run: int = 0
    messages_sent: int = 0


class Doorbell:
    """Rung after a unit of work in this process queued outbox rows (UnitsOfWork's
    ``on_queued``): wakes the sender, and tells an advance whether the outbox changed."""

    def __init__(self) -> None:
        self.rings = 0
        self._event = asyncio.Event()

    def ring(self) -> None:
        self.rings += 1
        self._event.set()

    async def wait(self, at_most_seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), at_most_seconds)
        self._event.clear()


class ClockDriver:
    def __init__(
        self,
        clock: ManualClock,
        dispatcher: Dispatcher,
        outbox: DueMessages,
        gate: ClockGate,
        queued: Doorbell,
        *,
        poll_seconds: float = 5.0,
    ) -> None:
        self._clock = clock
        self._dispatcher = dispatcher
        self._outbox = outbox
        self._gate = gate
        self._queued = queued
        self._poll_seconds = poll_seconds
        self._advancing = asyncio.Lock()
        self._settled: datetime | None = None  # when all that was due last ran; None: never
        self._upcoming: dict[str, datetime | None] = {}  # each job's next due after _settled
        self._turns_settled = -1  # the gate's turn count when the clock was last settled
        # The outbox's next due row, looked up when the doorbell had rung ``_rings_seen`` times.
        self._outbox_due: datetime | None = None
        self._rings_seen = -1
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def now(self) -> datetime:
        return self._clock.now()

    async def advance_to(self, target: datetime) -> Advanced:
        """Move the clock to ``target``, stopping at every due moment on the way; answers once
        nothing more is due at ``target``. Raises ClockWentBackwards for a past ``target``."""
        async with self._advancing:
            if target < self._clock.now():
                raise ClockWentBackwards(
                    f"{target.isoformat()} is before {self._clock.now().isoformat()}"
                )
            counts = _Counts()
            while True:
                async with self._gate.moving():
                    now = self._clock.now()
                    if self._settled is None or self._gate.turns_entered != self._turns_settled:
                        await self._settle(now, counts, ask_jobs=True)  # what turns did now
                    stop = await self._next_stop(now, target)
                    if stop != self._settled:
                        self._clock.move_to(stop)
                        await self._settle(stop, counts, ask_jobs=False)
                if stop >= target:
                    return Advanced(stop, counts.jobs_run, counts.messages_sent)

    async def _next_stop(self, now: datetime, target: datetime) -> datetime:
        self._rings_seen = self._queued.rings
        self._outbox_due = await self._outbox.next_due_at()
        moments = [*self._upcoming.values(), self._outbox_due]
        later = [moment for moment in moments if moment is not None and moment > now]
        return min([*later, target])

    async def _settle(self, now: datetime, counts: _Counts, *, ask_jobs: bool) -> None:
        """Run the jobs due at ``now`` and send what is due; again while a job stays due.
        ``ask_jobs``: turns may have changed when jobs are due, so the cache will not do."""
        due = await self._due_jobs(now, ask_jobs)
        for _ in range(MAX_ROUNDS):
            for job in due:
                await self._dispatcher.run(job, now)
                counts.jobs_run += 1
            self._settled = now
            if self._outbox_may_hold_due(now):
                counts.messages_sent += (await self._outbox.run_due()).sent
                self._rings_seen, self._outbox_due = self._queued.rings, None
            upcoming = {job.name: await job.next_due(now) for job in self._dispatcher.jobs}
            self._upcoming = upcoming
            due = [job for job in self._dispatcher.jobs if _by(upcoming[job.name], now)]
            if not due:
                break
        self._turns_settled = self._gate.turns_entered

    async def _due_jobs(self, now: datetime, ask: bool) -> list[Job]:
        jobs = self._dispatcher.jobs
        if self._settled is None:  # a process that just started runs every job once
            return list(jobs)
        if ask:
            settled = self._settled
            self._upcoming = {job.name: await job.next_due(settled) for job in jobs}
        return [job for job in jobs if _by(self._upcoming.get(job.name), now)]

    def _outbox_may_hold_due(self, now: datetime) -> bool:
        """False only when the outbox's next due row is known to be later than ``now``."""
        return self._queued.rings != self._rings_seen or _by(self._outbox_due, now)

    async def _send_queued(self) -> None:
        """Between advances: send at once what turns queued for the clock's "now"."""
        while not self._stopping:
            try:
                async with self._gate.moving():  # the clock stands still meanwhile
                    await self._outbox.run_due()
            except Exception:  # the database may be briefly away; keep going
                log.exception("outbox dispatch failed; trying again shortly")
            await self._queued.wait(self._poll_seconds)

    async def _run(self) -> None:
        try:
            await self.advance_to(self._clock.now())  # every job once, and what is due now
        except Exception:  # the next advance runs them
            log.exception("the background jobs failed at start-up")
        await self._send_queued()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="ki-bot-test-clock")

    async def stop(self) -> None:
        """Finish the step being taken, then stop; cancel after the grace
        (``graceful_stop.STOP_GRACE_SECONDS``)."""
        self._stopping = True
        await stop_gracefully(self._task, self._queued.ring)
        self._task, self._stopping = None, False


def _by(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment <= now
