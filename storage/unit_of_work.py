"""One transaction for everything a change needs: the capability's own rows, the audit entry and
the outbox messages it causes commit together or not at all (cosmicpython, chapter 6).

Dialogs see a ``UnitOfWork``: "now", the repositories as attributes (each typed by a small
Protocol, so a dialog's rules run on in-memory fakes in unit tests, ``tests/fakes``), and the two
ways of queueing a message. ``SqlUnitOfWork`` is the real one on a SQLModel session; nothing
outside ``storage/`` ever sees the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import cached_property
from typing import Protocol, TypeVar

from sqlmodel import Session

from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.messaging import ToPerson

from .audit import AuditLog, AuditTrail
from .courses import CourseRepository, CourseStore
from .db import Database
from .directory import DirectoryRepository, DirectoryStore
from .directory_cache import DirectorySnapshots
from .meeting_people import MeetingPeople, MeetingPeopleLookup
from .meetings import PollRepository, Polls
from .outbox import Outbox, OutboxQueue, OutgoingMessage
from .outlook_events import OutlookEventRepository, OutlookEvents
from .preferences import LanguagePreferences, Preferences
from .prompt_cards import PromptCardRepository, PromptCards
from .reach import Reach
from .reminders import ReminderRepository, Reminders
from .screenings import ScreeningRepository, ScreeningStore
from .sparring import SparringThreadRepository, SparringThreads

T = TypeVar("T")


class UnitOfWork(Protocol):
    """The repositories of one transaction. Handed to the work; never commits by itself."""

    @property
    def now(self) -> datetime: ...

    @property
    def audit(self) -> AuditTrail: ...

    @property
    def outbox(self) -> OutboxQueue: ...

    @property
    def preferences(self) -> LanguagePreferences: ...

    @property
    def reminders(self) -> ReminderRepository: ...

    @property
    def prompts(self) -> PromptCardRepository: ...

    @property
    def screenings(self) -> ScreeningRepository: ...

    @property
    def reach(self) -> Reach: ...

    @property
    def directory(self) -> DirectoryRepository: ...

    @property
    def polls(self) -> PollRepository: ...

    @property
    def meeting_people(self) -> MeetingPeopleLookup: ...

    @property
    def outlook(self) -> OutlookEventRepository: ...

    @property
    def courses(self) -> CourseRepository: ...

    @property
    def threads(self) -> SparringThreadRepository: ...

    def send(self, message: OutgoingMessage) -> bool:
        """Queue ``message`` in this transaction; False if its dedupe key was queued before.

        For what a person asked for themselves (their own reminder): sent at its time, whatever
        the hour."""
        ...

    def send_automatic(self, message: OutgoingMessage, calendar: WorkingCalendar) -> bool:
        """Queue a message the bot sends on its own (a nudge, a reminder to coordinators):
        outside working hours it waits for the next working morning, and what is due for one
        person at the same moment arrives as one digest."""
        ...


def automatic(
    message: OutgoingMessage, now: datetime, calendar: WorkingCalendar
) -> OutgoingMessage:
    """``message`` held for working hours and grouped into its reader's digest."""
    due_at = calendar.hold_for_working_hours(max(message.due_at, now))
    group = message.digest_group
    if group is None and isinstance(message.address, ToPerson):
        person = message.address.person
        group = f"person:{person.tenant_id}:{person.aad_object_id}"
    return replace(message, due_at=due_at, digest_group=group)


class SqlUnitOfWork:
    """The unit of work on one SQLModel session; repositories are made when first used.
    ``directory_snapshots``: the directory kept between units of work by this process."""

    def __init__(
        self,
        session: Session,
        now: datetime,
        directory_snapshots: DirectorySnapshots | None = None,
    ) -> None:
        self.session = session
        self._now = now
        self._directory_snapshots = directory_snapshots
        self.queued = 0

    @property
    def now(self) -> datetime:
        return self._now

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.session)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.session)

    @cached_property
    def preferences(self) -> Preferences:
        return Preferences(self.session)

    @cached_property
    def reminders(self) -> Reminders:
        return Reminders(self.session, self._now)

    @cached_property
    def prompts(self) -> PromptCards:
        return PromptCards(self.session, self._now)

    @cached_property
    def screenings(self) -> ScreeningStore:
        return ScreeningStore(self.session, self._now)

    @cached_property
    def reach(self) -> Reach:
        return Reach(self.session)

    @cached_property
    def directory(self) -> DirectoryStore:
        return DirectoryStore(self.session, self._now, self._directory_snapshots)

    @cached_property
    def polls(self) -> Polls:
        return Polls(self.session)

    @cached_property
    def meeting_people(self) -> MeetingPeople:
        return MeetingPeople(self.session)

    @cached_property
    def outlook(self) -> OutlookEvents:
        return OutlookEvents(self.session, self._now)

    @cached_property
    def courses(self) -> CourseStore:
        return CourseStore(self.session)

    @cached_property
    def threads(self) -> SparringThreads:
        return SparringThreads(self.session, self._now)

    def send(self, message: OutgoingMessage) -> bool:
        queued = self.outbox.enqueue(message, now=self._now)
        self.queued += int(queued)
        return queued

    def send_automatic(self, message: OutgoingMessage, calendar: WorkingCalendar) -> bool:
        return self.send(automatic(message, self._now, calendar))


class Units(Protocol):
    """What a capability runs its work with: one transaction per call."""

    async def run(self, work: Callable[[UnitOfWork], T]) -> T: ...


class UnitsOfWork:
    """Runs work in one transaction (in a worker thread) and wakes the outbox after a commit
    that queued messages, so they leave within moments instead of at the next poll. Keeps the
    directory between units of work, as long as the database says it did not change."""

    def __init__(
        self, database: Database, clock: Clock, on_queued: Callable[[], None] = lambda: None
    ) -> None:
        self._db = database
        self._clock = clock
        self._on_queued = on_queued
        self._directory = DirectorySnapshots()

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        return await self.run_sql(work)

    async def run_sql(self, work: Callable[[SqlUnitOfWork], T]) -> T:
        """``run`` for storage's own jobs that need the SQL unit of work (retention, forgetting)."""
        queued = 0
        now = self._clock.now()

        def in_transaction(session: Session) -> T:
            nonlocal queued
            unit = SqlUnitOfWork(session, now, self._directory)
            result = work(unit)
            queued = unit.queued
            return result

        result = await self._db.run(in_transaction)
        if queued:
            self._on_queued()
        return result
