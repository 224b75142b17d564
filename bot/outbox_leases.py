"""The leases of the outbox rows one process is sending: short, renewed while it sends.

A row claimed by a process that died is taken again when its lease runs out, so the lease is
short (``LEASE``) and the live process renews it every ``RENEW_EVERY``. Renewal runs on the
process's real wall clock, never on the app's clock, which a test may move by months. A row
another process took over meanwhile (this one stalled past its lease) is reported lost, and
sending it stops before the next call to the connector.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import timedelta

from domain.clock import Clock
from storage.outbox import Outbox

from .group_commit import Runner

log = logging.getLogger(__name__)

# A dead process's rows are taken again within LEASE plus one poll. A live holder renews every
# RENEW_EVERY, so its lease always has more than the connector's 10 s timeout left: a send
# started under a valid lease ends before anyone else may take the row.
LEASE = timedelta(seconds=16)
RENEW_EVERY = timedelta(seconds=5)


class LeaseKeeper:
    def __init__(
        self,
        run: Runner,
        owner: str,
        clock: Clock,
        *,
        lease: timedelta = LEASE,
        renew_every: timedelta = RENEW_EVERY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._run = run
        self._owner = owner
        self._clock = clock
        self.lease = lease
        self._renew_every = renew_every
        self._sleep = sleep
        self._held: set[int] = set()
        self._finishing: set[int] = set()  # sent or failed, the outcome being written
        self._lost: set[int] = set()
        self._users = 0
        self._task: asyncio.Task[None] | None = None

    def hold(self, ids: Sequence[int]) -> None:
        self._held.update(ids)

    def finishing(self, ids: Sequence[int]) -> None:
        """Their outcome is being written, which may end their leases: none is lost."""
        self._finishing.update(ids)

    def release(self, ids: Sequence[int]) -> None:
        self._held.difference_update(ids)
        self._finishing.difference_update(ids)
        self._lost.difference_update(ids)

    def still_held(self, message_id: int) -> Callable[[], bool]:
        return lambda: message_id not in self._lost

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[None]:
        """Renew the leases of every row held while the block runs."""
        self._users += 1
        if self._task is None:
            self._task = asyncio.create_task(self._keep(), name="ki-bot-outbox-leases")
        try:
            yield
        finally:
            self._users -= 1
            if self._users == 0 and self._task is not None:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
                self._task = None

    async def _keep(self) -> None:
        while True:
            await self._sleep(self._renew_every.total_seconds())
            try:
                await self.renew()
            except Exception:  # the database may be briefly away; try again next round
                log.exception("could not renew the outbox leases")

    async def renew(self) -> set[int]:
        """Extend the leases of the rows held; returns the ids another process took over."""
        held = sorted(self._held)
        if not held:
            return set()
        until = self._clock.now() + self.lease
        kept: set[int] = await self._run(
            lambda s: Outbox(s).renew(held, owner=self._owner, until=until)
        )
        lost = {i for i in held if i not in kept and i in self._held and i not in self._finishing}
        if lost:
            log.warning("lost the lease of %d outbox rows to another process", len(lost))
            self._lost |= lost
        return lost
