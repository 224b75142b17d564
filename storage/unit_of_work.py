"""One transaction for everything a change needs: the capability's own rows, the audit entry and
the outbox messages it causes commit together or not at all (cosmicpython, chapter 6)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from sqlmodel import Session

from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.messaging import ToPerson

from .db import Database
from .outbox import Outbox, OutgoingMessage
from .reach import Reach

T = TypeVar("T")


class UnitOfWork:
    """The repositories of one transaction. Handed to the work; never commits by itself."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.outbox = Outbox(session)
        self.reach = Reach(session)
        self.queued = 0

    def send(self, message: OutgoingMessage) -> bool:
        """Queue ``message`` in this transaction; False if its dedupe key was queued before.

        For what a person asked for themselves (their own reminder): sent at its time, whatever
        the hour."""
        queued = self.outbox.enqueue(message, now=self.now)
        self.queued += int(queued)
        return queued

    def send_automatic(self, message: OutgoingMessage, calendar: WorkingCalendar) -> bool:
        """Queue a message the bot sends on its own (a nudge, a reminder to coordinators):
        outside working hours it waits for the next working morning, and what is due for one
        person at the same moment arrives as one digest."""
        due_at = calendar.hold_for_working_hours(max(message.due_at, self.now))
        group = message.digest_group
        if group is None and isinstance(message.address, ToPerson):
            person = message.address.person
            group = f"person:{person.tenant_id}:{person.aad_object_id}"
        return self.send(replace(message, due_at=due_at, digest_group=group))


class UnitsOfWork:
    """Runs work in one transaction (in a worker thread) and wakes the outbox after a commit
    that queued messages, so they leave within moments instead of at the next poll."""

    def __init__(
        self, database: Database, clock: Clock, on_queued: Callable[[], None] = lambda: None
    ) -> None:
        self._db = database
        self._clock = clock
        self._on_queued = on_queued

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        queued = 0
        now = self._clock.now()

        def in_transaction(session: Session) -> T:
            nonlocal queued
            unit = UnitOfWork(session, now)
            result = work(unit)
            queued = unit.queued
            return result

        result = await self._db.run(in_transaction)
        if queued:
            self._on_queued()
        return result
