"""One turn per conversation at a time, across every bot instance on the database.

Two turns of one conversation (a double click, fast typing) would otherwise read the same open
card and race to answer it. Within a process an asyncio lock per conversation queues them; across
processes a database lease does, so a second instance waits until the first has committed.

The lease is short and renewed by its holder while the turn runs, so the conversation of an
instance that died (``kill -9``) is free again within seconds. Its times come from the process's
wall clock (``lease_clock``), never from the app's business clock, which tests move.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from botbuilder.schema import Activity

from domain.clock import Clock
from storage.leases import Leases
from storage.turns import ClaimedTurn, LeaseTerms, Replay, SeenTurn, TurnRecorder

log = logging.getLogger(__name__)

T = TypeVar("T")
LEASE = timedelta(seconds=6)
RENEWALS_PER_LEASE = 4  # a holder that misses three renewals in a row still holds it


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
        recorder: TurnRecorder,
        lease_clock: Clock,
        *,
        lease: timedelta = LEASE,
        max_wait_seconds: float = 60.0,
    ) -> None:
        self._leases = leases
        self._clock = lease_clock
        self._recorder = recorder
        self._lease = lease
        self._max_wait = max_wait_seconds
        self._local: dict[str, _Waiters] = {}

    def _terms(self, key: str, holder: str) -> LeaseTerms:
        return LeaseTerms(key, holder, self._clock.now(), self._lease)

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Run the body while no other turn of ``key`` runs, here or in another instance."""

        async def take(terms: LeaseTerms) -> bool | None:
            return await self._leases.claim(terms.key, terms.holder, terms.now, terms.ttl) or None

        async with self._serialized(key, take) as (holder, _taken):
            try:
                yield
            finally:
                await self._leases.release(key, holder)

    @contextlib.asynccontextmanager
    async def claim(self, key: str, seen: SeenTurn) -> AsyncIterator[ClaimedTurn | Replay]:
        """Claim the turn of an activity in conversation ``key`` once no other turn of it runs:
        the claimed turn, whose commit (``TurnRecorder.complete``) gives the lease back, or the
        replay of an activity handled before. A turn that did not commit gives it back here."""

        async def take(terms: LeaseTerms) -> ClaimedTurn | Replay | None:
            return await self._recorder.claim(seen, terms)

        serialized: contextlib.AbstractAsyncContextManager[tuple[str, ClaimedTurn | Replay]]
        serialized = self._serialized(key, take)
        async with serialized as (holder, claimed):
            try:
                yield claimed
            finally:
                if isinstance(claimed, ClaimedTurn) and not claimed.committed:
                    claimed.fail()
                    await self._leases.release(key, holder)

    @contextlib.asynccontextmanager
    async def _serialized(
        self, key: str, take: Callable[[LeaseTerms], Awaitable[T | None]]
    ) -> AsyncIterator[tuple[str, T]]:
        """Wait for this process's earlier turns of ``key``, then ``take`` the lease until it
        gives something (None: another instance holds it); renew it until the body is done."""
        waiters = self._local.setdefault(key, _Waiters())
        waiters.count += 1
        deadline = asyncio.get_running_loop().time() + self._max_wait
        try:
            await _within(deadline, waiters.lock.acquire(), key)
            try:
                holder = uuid.uuid4().hex
                taken = await self._take(key, holder, take, deadline)
                keeper = None if isinstance(taken, Replay) else _Keeper(self, key, holder)
                try:
                    yield holder, taken
                finally:
                    if keeper is not None:
                        await keeper.stop()
            finally:
                waiters.lock.release()
        finally:
            waiters.count -= 1
            if waiters.count == 0:
                del self._local[key]

    async def _take(
        self,
        key: str,
        holder: str,
        take: Callable[[LeaseTerms], Awaitable[T | None]],
        deadline: float,
    ) -> T:
        """Try until ``deadline``; an attempt is never cancelled half-way, so a lease it took is
        never left behind."""
        loop = asyncio.get_running_loop()
        delay = 0.01
        while (taken := await take(self._terms(key, holder))) is None:
            if loop.time() >= deadline:
                raise ConversationBusy(f"conversation {key[:12]} stayed busy")
            pause = delay * random.uniform(0.5, 1.5)  # noqa: S311 - jitter only
            await asyncio.sleep(min(pause, max(0.0, deadline - loop.time())))
            delay = min(delay * 2, 0.1)
        return taken

    async def renew(self, key: str, holder: str) -> bool:
        return await self._leases.renew(key, holder, self._clock.now(), self._lease)

    @property
    def renewal_interval(self) -> float:
        return self._lease.total_seconds() / RENEWALS_PER_LEASE


class _Keeper:
    """Renews a held lease while its turn runs, so a long turn is not overtaken. A timer, not a
    task: most turns end before the first renewal is due and then cost nothing."""

    def __init__(self, serializer: TurnSerializer, key: str, holder: str) -> None:
        self._serializer = serializer
        self._key = key
        self._holder = holder
        self._loop = asyncio.get_running_loop()
        self._renewing: asyncio.Task[None] | None = None
        self._stopped = False
        self._timer = self._loop.call_later(serializer.renewal_interval, self._due)

    def _due(self) -> None:
        self._renewing = self._loop.create_task(self._renew())

    async def _renew(self) -> None:
        if await self._serializer.renew(self._key, self._holder):
            if not self._stopped:
                self._timer = self._loop.call_later(self._serializer.renewal_interval, self._due)
        elif not self._stopped:
            log.warning("lost the lease of conversation %s during a turn", self._key[:12])

    async def stop(self) -> None:
        self._stopped = True
        self._timer.cancel()
        if self._renewing is not None and not self._renewing.done():
            await self._renewing  # a renewal under way ends before the lease is given back
