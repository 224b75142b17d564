"""The fake unit of work: the same repositories as attributes, kept in memory across runs (one
fake database), "now" from the test's clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from domain.calendar import WorkingCalendar
from domain.clock import Clock, FixedClock
from storage.outbox import OutgoingMessage
from storage.unit_of_work import automatic

from .basics import FakeAudit, FakeOutbox, FakePreferences
from .courses import FakeCourses
from .directory import FakeDirectory
from .polls import FakeMeetingPeople, FakePolls
from .reach import FakeReach
from .reminders import FakeReminders
from .screenings import FakePromptCards, FakeScreenings
from .sparring import FakeThreads

T = TypeVar("T")


class NotFaked(AttributeError):
    """The repository has no fake yet: the test needs the database (tests/storage, tests/e2e)."""


class FakeUnitOfWork:
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or FixedClock()
        self.audit = FakeAudit()
        self.outbox = FakeOutbox()
        self.preferences = FakePreferences()
        self.directory = FakeDirectory()
        self.reminders = FakeReminders(self.clock)
        self.prompts = FakePromptCards()
        self.screenings = FakeScreenings()
        self.threads = FakeThreads(self.clock)
        self.reach = FakeReach()
        self.polls = FakePolls()
        self.meeting_people = FakeMeetingPeople()
        self.courses = FakeCourses(self.outbox)
        self.commits = 0

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def __getattr__(self, name: str) -> Any:
        raise NotFaked(f"the fake unit of work has no {name!r} repository yet")

    def send(self, message: OutgoingMessage) -> bool:
        return self.outbox.enqueue(message, now=self.now)

    def send_automatic(self, message: OutgoingMessage, calendar: WorkingCalendar) -> bool:
        return self.send(automatic(message, self.now, calendar))


class FakeUnitsOfWork:
    """Runs work on the one fake unit of work; counts the runs as commits."""

    def __init__(self, unit: FakeUnitOfWork | None = None) -> None:
        self.unit = unit or FakeUnitOfWork()

    async def run(self, work: Callable[[Any], T]) -> T:
        result = work(self.unit)
        self.unit.commits += 1
        return result
