"""The test clock's driver: jumps from due moment to due moment, runs each job and sends each
message at its own moment, and never moves while a turn runs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock_driver import ClockDriver, Doorbell
from bot.clock_gate import ClockGate
from bot.dispatcher import Dispatcher, Job
from bot.outbox_dispatcher import DeliveryReport
from domain.clock import ClockWentBackwards, ManualClock
from domain.schedule import next_multiple, next_weekly

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY_7 = datetime(2026, 3, 2, 7, 0, tzinfo=COPENHAGEN)
MONDAY_8 = datetime(2026, 3, 2, 8, 0, tzinfo=COPENHAGEN)


@dataclass
class FakeOutbox:
    clock: ManualClock
    doorbell: Doorbell
    pending: list[tuple[datetime, str]] = field(default_factory=list)
    log: list[tuple[str, datetime]] = field(default_factory=list)
    due_lookups: int = 0
    claims: int = 0

    def queue(self, due_at: datetime, what: str) -> None:
        self.pending.append((due_at, what))
        self.doorbell.ring()  # as UnitsOfWork does after a commit that queued messages

    async def run_due(self) -> DeliveryReport:
        self.claims += 1
        now = self.clock.now()
        due = sorted(p for p in self.pending if p[0] <= now)
        self.pending = [p for p in self.pending if p[0] > now]
        self.log += [(what, now) for _, what in due]
        return DeliveryReport(sent=len(due))

    async def next_due_at(self) -> datetime | None:
        self.due_lookups += 1
        return min((due for due, _ in self.pending), default=None)


@dataclass
class World:
    clock: ManualClock
    outbox: FakeOutbox
    gate: ClockGate
    driver: ClockDriver
    log: list[tuple[str, datetime]]


async def _daily(after: datetime) -> datetime:
    return next_multiple(after, timedelta(days=1))


async def _monday_morning(after: datetime) -> datetime:
    return next_weekly(after, COPENHAGEN, 0, time(8))


async def _world(*extra: Job, start: datetime = MONDAY_7) -> World:
    clock = ManualClock(start)
    doorbell = Doorbell()
    outbox = FakeOutbox(clock, doorbell)
    log: list[tuple[str, datetime]] = outbox.log

    async def clean_up(now: datetime) -> None:
        log.append(("clean-up", now))

    async def overview(now: datetime) -> None:
        log.append(("overview", now))
        outbox.queue(now, "overview card")  # queued for "now": sent before the clock moves on

    jobs = [Job("clean-up", clean_up, _daily), Job("overview", overview, _monday_morning), *extra]
    gate = ClockGate()
    driver = ClockDriver(clock, Dispatcher(clock, jobs), outbox, gate, doorbell)
    await driver.advance_to(start)  # as at start-up: every job runs once
    log.clear()
    outbox.due_lookups = outbox.claims = 0
    return World(clock, outbox, gate, driver, log)


async def test_an_advance_runs_every_job_and_message_at_its_own_moment_in_time_order():
    world = await _world()
    world.outbox.queue(datetime(2026, 3, 3, 10, 0, tzinfo=COPENHAGEN), "reminder")
    world.outbox.queue(datetime(2026, 3, 9, 9, 30, tzinfo=COPENHAGEN), "nudge")

    advanced = await world.driver.advance_to(datetime(2026, 3, 10, 12, 0, tzinfo=COPENHAGEN))

    at = lambda *args: datetime(2026, *args, tzinfo=COPENHAGEN)  # noqa: E731
    utc_midnight = lambda day: at(3, day, 1, 0)  # noqa: E731 - 00:00 UTC is 01:00 in March
    assert world.log == [
        ("overview", MONDAY_8),
        ("overview card", MONDAY_8),
        ("clean-up", utc_midnight(3)),
        ("reminder", at(3, 3, 10, 0)),
        *[("clean-up", utc_midnight(day)) for day in range(4, 10)],
        ("overview", at(3, 9, 8, 0)),
        ("overview card", at(3, 9, 8, 0)),
        ("nudge", at(3, 9, 9, 30)),
        ("clean-up", utc_midnight(10)),
    ]
    assert advanced.now == world.clock.now() == at(3, 10, 12, 0)
    assert (advanced.jobs_run, advanced.messages_sent) == (10, 4)


async def test_a_job_that_stays_due_runs_again_at_the_same_moment_but_not_forever():
    runs: list[datetime] = []

    async def stubborn(now: datetime) -> None:
        runs.append(now)

    async def always_due(after: datetime) -> datetime:
        return after  # "work is waiting" whatever it does

    world = await _world(Job("stubborn", stubborn, always_due))
    runs.clear()
    await world.driver.advance_to(MONDAY_7 + timedelta(minutes=30))

    assert 1 < len(runs) <= 10 and set(runs) == {MONDAY_7 + timedelta(minutes=30)}


async def test_six_months_jump_from_due_moment_to_due_moment_instead_of_minute_by_minute():
    world = await _world()

    advanced = await world.driver.advance_to(MONDAY_7 + timedelta(days=183))

    clean_ups = [when for what, when in world.log if what == "clean-up"]
    overviews = [when for what, when in world.log if what == "overview"]
    assert len(clean_ups) == 183 and len(overviews) == 27  # 2 March to 31 August
    assert advanced.jobs_run == 183 + 27 and advanced.messages_sent == 27
    assert world.outbox.due_lookups == 183 + 27 + 1  # one look per stop, and the last one
    assert world.outbox.claims == 27  # only when something may be due: the overview was queued


async def test_the_clock_never_goes_back_and_an_advance_to_now_runs_nothing_new():
    world = await _world()

    with pytest.raises(ClockWentBackwards):
        await world.driver.advance_to(MONDAY_7 - timedelta(seconds=1))
    standing = await world.driver.advance_to(MONDAY_7)

    assert world.clock.now() == MONDAY_7
    assert (standing.jobs_run, standing.messages_sent, world.log) == (0, 0, [])


async def test_the_clock_does_not_move_while_a_turn_runs():
    world = await _world()

    async with world.gate.turn():
        advancing = asyncio.create_task(world.driver.advance_to(MONDAY_8))
        for _ in range(20):
            await asyncio.sleep(0)
        still = world.clock.now()
    await advancing

    assert still == MONDAY_7 and world.clock.now() == MONDAY_8


async def test_a_turn_arriving_during_a_long_advance_runs_between_its_steps_at_that_moment():
    overview_running = asyncio.Event()
    let_go = asyncio.Event()

    async def slow(now: datetime) -> None:
        if now == MONDAY_8:
            overview_running.set()
            await let_go.wait()

    world = await _world(Job("slow", slow, _monday_morning))
    advancing = asyncio.create_task(world.driver.advance_to(MONDAY_8 + timedelta(days=14)))
    await overview_running.wait()  # the advance is inside its Monday 08:00 step

    seen: list[datetime] = []

    async def turn() -> None:
        async with world.gate.turn():
            seen.append(world.clock.now())
            await asyncio.sleep(0)
            seen.append(world.clock.now())

    arriving = asyncio.create_task(turn())
    await asyncio.sleep(0)
    let_go.set()
    await arriving
    done = await advancing

    assert seen == [MONDAY_8, MONDAY_8]
    assert done.now == MONDAY_8 + timedelta(days=14)
