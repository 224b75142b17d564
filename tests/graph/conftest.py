"""A fake Graph on loopback and a GraphCalendar pointed at it, with waiting and time injected."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import pytest

from bot.graph import GraphCalendar, GraphConfig, RetryPolicy
from tests.harness.fake_graph import FakeGraph

CLIENT_ID = "1c1c1c1c-2222-4333-8444-555555555555"
SECRET = "fake-graph-secret"
REGION = "aaaaaaaa-1111-4111-8111-111111111111"
MUNICIPALITY = "bbbbbbbb-2222-4222-8222-222222222222"
OUTSIDER = "cccccccc-3333-4333-8333-333333333333"


@dataclass
class Sleeps:
    """Records every wait instead of waiting."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Ticks:
    """A monotonic clock that moves only when told."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = FakeGraph(CLIENT_ID, SECRET)
    fake.consent(REGION, MUNICIPALITY)
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


MakeCalendar = Callable[..., GraphCalendar]


@pytest.fixture
async def make_calendar(
    graph: FakeGraph, sleeps: Sleeps, ticks: Ticks
) -> AsyncIterator[MakeCalendar]:
    made: list[GraphCalendar] = []

    def make(
        *,
        tenants: frozenset[str] = frozenset({REGION, MUNICIPALITY}),
        timeout_seconds: float = 5.0,
        policy: RetryPolicy | None = None,
    ) -> GraphCalendar:
        calendar = GraphCalendar(
            GraphConfig(CLIENT_ID, SECRET, tenants, graph.base_url, graph.authority_url),
            timeout_seconds=timeout_seconds,
            policy=policy,
            sleep=sleeps,
            clock=ticks,
        )
        made.append(calendar)
        return calendar

    yield make
    for calendar in made:
        await calendar.close()


@pytest.fixture
async def calendar(make_calendar: MakeCalendar) -> GraphCalendar:
    return make_calendar()
