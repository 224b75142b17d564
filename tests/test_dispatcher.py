from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.dispatcher import Dispatcher, Job
from domain.clock import FixedClock


async def _never(_after: datetime) -> datetime | None:
    return None


async def test_due_jobs_run_with_the_injected_time_and_a_failing_job_does_not_stop_the_others():
    clock = FixedClock()
    seen: list[datetime] = []

    async def record(now: datetime) -> int:
        seen.append(now)
        return len(seen)

    async def explode(_now: datetime) -> None:
        raise RuntimeError("boom")

    dispatcher = Dispatcher(clock, [Job("explode", explode, _never), Job("record", record, _never)])
    first = await dispatcher.run_due()
    clock.advance(timedelta(hours=1))
    second = await dispatcher.run_due()

    assert isinstance(first["explode"], RuntimeError)
    assert (first["record"], second["record"]) == (1, 2)
    assert seen[1] - seen[0] == timedelta(hours=1)


async def test_the_dispatcher_loop_runs_the_jobs_at_once_and_stops():
    ran: list[datetime] = []
    first_run = asyncio.Event()

    async def record(now: datetime) -> None:
        ran.append(now)
        first_run.set()

    dispatcher = Dispatcher(FixedClock(), [Job("record", record, _never)], interval_seconds=3600)
    dispatcher.start()
    await asyncio.wait_for(first_run.wait(), timeout=5)
    await dispatcher.stop()

    assert len(ran) == 1
