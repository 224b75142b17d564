"""One transaction for everything a change needs: the capability's own rows, the audit entry and
the outbox messages it causes commit together or not at all (cosmicpython, chapter 6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlmodel import Session

from domain.clock import Clock

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
        """Queue ``message`` in this transaction; False if its dedupe key was queued before."""
        queued = self.outbox.enqueue(message, now=self.now)
        self.queued += int(queued)
        return queued


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
