"""Sends what the outbox holds when it is due, from any number of bot processes.

Each process claims due rows with a lease, sends them through the messenger and records the
outcome in one transaction per message. It wakes for the next due row (or when told a row was
queued) and polls every few seconds for rows other processes queued. Delivery is at least once: a
duplicate happens only if a process dies after the connector accepted a message and before the
commit that marks it sent (its lease then runs out and another process sends it again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.clock import Clock
from domain.messaging import MAX_KEY_LENGTH, Content, ToPerson
from storage.db import Database
from storage.outbox import ClaimedMessage, Outbox
from storage.reach import MESSAGE_KEY_PREFIX, Reach

from .connector import DeliveryFailure
from .messenger import Delivered, Messenger

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 10.0
DigestBuilder = Callable[[str, Sequence[Content]], Content]


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: timedelta = timedelta(seconds=5)
    longest_delay: timedelta = timedelta(minutes=15)
    max_attempts: int = 8
    default_retry_after: timedelta = timedelta(seconds=2)

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        """Exponential backoff with random jitter (±50 %), as Microsoft asks for."""
        base: timedelta = min(self.first_delay * 2 ** max(attempts - 1, 0), self.longest_delay)
        return base * rng.uniform(0.5, 1.5)


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.unreachable += other.unreachable
        self.errors += other.errors


def _target_of(message: ClaimedMessage) -> str:
    """Messages to one target are sent in order; different targets go in parallel. A person is
    one target whatever the message (their chat may have to be created first, once)."""
    if isinstance(message.address, ToPerson):
        person = message.address.person
        return f"person:{person.tenant_id}:{person.aad_object_id}"
    return repr(message.address)


def copy_keys(parts: Sequence[ClaimedMessage]) -> list[str]:
    """The keys a sent message is listed under: its card key (updates reach it), else
    ``msg:<dedupe key>``; a digest under each part's dedupe key (an update of one part must not
    replace the whole digest). Retention finds every copy that names a deleted case by them."""
    if len(parts) == 1 and parts[0].card_key is not None:
        return [parts[0].card_key]
    return [f"{MESSAGE_KEY_PREFIX}{part.dedupe_key}"[:MAX_KEY_LENGTH] for part in parts]


class OutboxDispatcher:
    def __init__(
        self,
        database: Database,
        messenger: Messenger,
        clock: Clock,
        *,
        digest: DigestBuilder,
        owner: str | None = None,
        batch_size: int = 50,
        parallel_targets: int = 16,
        lease: timedelta = timedelta(minutes=2),
        poll_seconds: float = 5.0,
        retry: RetryPolicy | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._db = database
        self._messenger = messenger
        self._clock = clock
        self._digest = digest
        self.owner = owner or uuid.uuid4().hex[:16]
        self._batch_size = batch_size
        self._parallel = asyncio.Semaphore(parallel_targets)
        self._lease = lease
        self._poll_seconds = poll_seconds
        self._retry = retry or RetryPolicy()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """A row was queued in this process: look now instead of at the next poll."""
        self._wake.set()

    async def run_due(self) -> DeliveryReport:
        """Send everything due at the clock's "now" (the tests' entry point: no sleeping)."""
        report = DeliveryReport()
        while not self._stopping:
            claimed = await self._claim(self._clock.now())
            if not claimed:
                break
            report.add(await self._send_batch(claimed))
        return report

    async def _claim(self, now: datetime) -> list[ClaimedMessage]:
        return await self._db.run(
            lambda s: Outbox(s).claim_due(
                now=now, owner=self.owner, lease=self._lease, limit=self._batch_size
            )
        )

    async def _send_batch(self, claimed: list[ClaimedMessage]) -> DeliveryReport:
        by_target: dict[str, list[ClaimedMessage]] = defaultdict(list)
        for message in claimed:
            by_target[_target_of(message)].append(message)
        reports = await asyncio.gather(
            *(self._send_in_order(messages) for messages in by_target.values())
        )
        total = DeliveryReport()
        for report in reports:
            total.add(report)
        return total

    async def _send_in_order(self, messages: list[ClaimedMessage]) -> DeliveryReport:
        report = DeliveryReport()
        digests: dict[str, list[ClaimedMessage]] = defaultdict(list)
        for message in messages:
            if message.digest_group is not None:
                digests[message.digest_group].append(message)
        async with self._parallel:
            for message in messages:
                group = digests.get(message.digest_group or "")
                if group is None or len(group) == 1:
                    await self._send_one(message, [message], report)
                elif group[0] is message:  # the digest goes out where its first message would
                    await self._send_one(self._as_digest(group), group, report)
        return report

    def _as_digest(self, messages: list[ClaimedMessage]) -> ClaimedMessage:
        first = messages[0]
        content = self._digest(first.language, [m.content for m in messages])
        return ClaimedMessage(
            id=first.id,
            dedupe_key=first.dedupe_key,
            address=first.address,
            content=content,
            card_key=None,
            digest_group=first.digest_group,
            language=first.language,
            due_at=first.due_at,
            attempts=max(m.attempts for m in messages),
        )

    async def _send_one(
        self, message: ClaimedMessage, parts: list[ClaimedMessage], report: DeliveryReport
    ) -> None:
        """Send ``message`` (itself, or the digest of ``parts``) and record the outcome."""
        ids = [part.id for part in parts]
        try:
            delivered = await self._messenger.deliver(message)
        except DeliveryFailure as failure:
            await self._record_failure(message, ids, failure, report)
            return
        except Exception as error:  # a bug in one message must not stop the others
            log.exception("outbox message %d could not be sent", message.id)
            crash = DeliveryFailure("transient", type(error).__name__)
            await self._record_failure(message, ids, crash, report)
            return
        await self._record_sent(parts, delivered)
        report.sent += len(ids)

    async def _record_sent(self, parts: list[ClaimedMessage], delivered: Delivered) -> None:
        now = self._clock.now()
        keys = copy_keys(parts)

        def record(session: Any) -> None:
            Outbox(session).mark_sent([part.id for part in parts], now=now)
            reach = Reach(session)
            for copy in delivered.copies:
                if copy.activity_id:
                    for key in keys:
                        reach.record_copy(key, copy, now)

        await self._db.run(record)

    async def _record_failure(
        self,
        message: ClaimedMessage,
        ids: list[int],
        failure: DeliveryFailure,
        report: DeliveryReport,
    ) -> None:
        now = self._clock.now()
        report.errors.append(failure.reason)
        if failure.kind == "rate_limited":
            wait = (
                timedelta(seconds=failure.retry_after)
                if failure.retry_after is not None
                else self._retry.default_retry_after
            )
            await self._db.run(
                lambda s: Outbox(s).retry_later(
                    ids, due_at=now + wait, error=failure.reason, count_attempt=False
                )
            )
            report.retried += len(ids)
        elif failure.kind == "transient" and message.attempts < self._retry.max_attempts:
            due = now + self._retry.delay(message.attempts, self._rng)
            await self._db.run(
                lambda s: Outbox(s).retry_later(ids, due_at=due, error=failure.reason)
            )
            report.retried += len(ids)
        elif failure.kind in ("unreachable", "gone"):
            await self._db.run(lambda s: self._unreachable(s, message, ids, failure.reason, now))
            report.unreachable += len(ids)
            log.info("outbox message %d: recipient unreachable (%s)", message.id, failure.reason)
        else:
            await self._db.run(lambda s: Outbox(s).mark_failed(ids, failure.reason))
            report.failed += len(ids)
            log.warning("outbox message %d failed for good (%s)", message.id, failure.reason)

    @staticmethod
    def _unreachable(
        session: Any, message: ClaimedMessage, ids: list[int], reason: str, now: datetime
    ) -> None:
        Outbox(session).mark_unreachable(ids, reason)
        if isinstance(message.address, ToPerson):
            Reach(session).mark_unreachable(message.address.person, reason, now)

    async def next_due_at(self) -> datetime | None:
        return await self._db.run(lambda s: Outbox(s).next_due_at())

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                await self.run_due()
                next_due = await self.next_due_at()
            except Exception:  # the database may be briefly away; keep going
                log.exception("outbox dispatch failed; trying again shortly")
                next_due = None
            timeout = self._poll_seconds
            if next_due is not None:
                until_due = (next_due - self._clock.now()).total_seconds()
                timeout = min(max(until_due, 0.05), self._poll_seconds)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="ki-bot-outbox")

    async def stop(self) -> None:
        """Finish the batch being sent (so no row is left leased), then stop; cancel after
        ``STOP_GRACE_SECONDS`` (a leased row is then taken again when its lease runs out)."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), STOP_GRACE_SECONDS)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        self._stopping = False
