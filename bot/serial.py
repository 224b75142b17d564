"""One turn per conversation at a time, across every bot instance on the database.

Two turns of one conversation (a double click, fast typing) would otherwise read the same dialog
state and race to write it. Within a process an asyncio lock per conversation queues them; across
processes a database lease does, so a second instance waits until the first has saved its state.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from datetime import timedelta

from botbuilder.schema import Activity

from domain.clock import Clock
from storage.leases import Leases

log = logging.getLogger(__name__)


class ConversationBusy(RuntimeError):
    """Another turn of the conversation held it for longer than a turn may wait."""


def conversation_key(channel_id: str, conversation_id: str) -> str:
    """The lease key of one conversation (also for proactive turns: hold it while they run)."""
    raw = f"{channel_id}|{conversation_id}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def conversation_key_of(activity: Activity) -> str:
    conversation = activity.conversation.id if activity.conversation else ""
    return conversation_key(str(activity.channel_id or ""), str(conversation or ""))


@dataclass
class _Waiters:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    count: int = 0


async def _within(deadline: float, waiting: Awaitable[object], key: str) -> None:
    try:
        async with asyncio.timeout_at(deadline):
            await waiting
    except TimeoutError:
        raise ConversationBusy(f"conversation {key[:12]} stayed busy") from None


class TurnSerializer:
    def __init__(
        self,
        leases: Leases,
        clock: Clock,
        *,
        lease: timedelta = timedelta(seconds=30),
        max_wait_seconds: float = 60.0,
    ) -> None:
        self._leases = leases
        self._clock = clock
        self._lease = lease
        self._max_wait = max_wait_seconds
        self._local: dict[str, _Waiters] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Run the body while no other turn of ``key`` runs, here or in another instance."""
        waiters = self._local.setdefault(key, _Waiters())
        waiters.count += 1
        deadline = asyncio.get_running_loop().time() + self._max_wait
        try:
            await _within(deadline, waiters.lock.acquire(), key)
            try:
                holder = uuid.uuid4().hex
                await _within(deadline, self._claim(key, holder), key)
                keeper = asyncio.create_task(self._keep(key, holder))
                try:
                    yield
                finally:
                    keeper.cancel()
                    await self._leases.release(key, holder)
            finally:
                waiters.lock.release()
        finally:
            waiters.count -= 1
            if waiters.count == 0:
                del self._local[key]

    async def _claim(self, key: str, holder: str) -> None:
        delay = 0.01
        while not await self._leases.claim(key, holder, self._clock.now(), self._lease):
            await asyncio.sleep(delay * random.uniform(0.5, 1.5))  # noqa: S311 - jitter only
            delay = min(delay * 2, 0.1)

    async def _keep(self, key: str, holder: str) -> None:
        """Renew the lease while the turn runs, so a long turn is not overtaken."""
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            if not await self._leases.renew(key, holder, self._clock.now() + self._lease):
                log.warning("lost the lease of conversation %s during a turn", key[:12])
                return
