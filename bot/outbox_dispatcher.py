"""Sends what the outbox holds when it is due, from any number of bot processes.

Each process claims due rows, and reads where they go, in one transaction per batch; holds
them with short leases it renews while it sends (``outbox_leases``); sends them through the
messenger; and writes the outcomes of many sends in one transaction (``GroupCommit``). While
one batch is being sent the next is claimed, so pacing, not the database, sets the pace. It
wakes for the next due row (or when told a row was queued) and polls every few seconds for rows
other processes queued.

Delivery is at least once: a duplicate happens only if a process dies after the connector
accepted a message and before the commit that marks it sent (its lease then runs out, within
seconds, and another process sends it again). A message that finally fails, or is dropped
because its recipient cannot be reached, tells its sender if it asked to (``failure_notices``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import Session

from domain.clock import Clock, SystemClock
from domain.messaging import MAX_KEY_LENGTH, Content, ToPerson, UpdateCopies
from storage.db import Database
from storage.outbox import ClaimedMessage, Outbox
from storage.reach import MESSAGE_KEY_PREFIX, Reach, SentCopy

from .connector import DeliveryFailure
from .failure_notices import NoticeBuilder, Why, tell_senders, why_of
from .graceful_stop import stop_gracefully
from .group_commit import Bulk, GroupCommit
from .messenger import Delivered, LeaseLost, Messenger, Route, routes_of
from .outbox_leases import LEASE, RENEW_EVERY, LeaseKeeper

log = logging.getLogger(__name__)
T = TypeVar("T")

BATCHES_IN_FLIGHT = 3  # being sent: while two wait for their pacing, the next is claimed
WRITES_IN_FLIGHT = 200  # outcomes sent but not yet written, before claiming waits for them
BLOCKED_RETRY_SECONDS = 0.2
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


@dataclass
class _Turns:
    """Sends to one target, one after another, in the order they were claimed."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0


def copy_keys(parts: Sequence[ClaimedMessage]) -> list[str]:
    """The keys a sent message is listed under: its card key (updates reach it), else
    ``msg:<dedupe key>``; a digest under each part's dedupe key (an update of one part must not
    replace the whole digest). Retention finds every copy that names a deleted case by them."""
    if len(parts) == 1 and parts[0].card_key is not None:
        return [parts[0].card_key]
    return [f"{MESSAGE_KEY_PREFIX}{part.dedupe_key}"[:MAX_KEY_LENGTH] for part in parts]


def _copies(parts: Sequence[ClaimedMessage], delivered: Delivered) -> list[tuple[str, SentCopy]]:
    """What to record of a sent message: each copy under each of its keys."""
    keys = copy_keys(parts)
    return [(key, copy) for copy in delivered.copies if copy.activity_id for key in keys]


@dataclass(frozen=True)
class _PlainSent:
    """One item of the bulk "marked sent": the rows, and the copies to list under their keys."""

    ids: list[int]
    copies: list[tuple[str, SentCopy]]


def _plain(message: ClaimedMessage, delivered: Delivered) -> bool:
    """Sent, and nothing else to record than its copies: no card copy (a card's copies need
    its version checked), no card update, no mark to clear."""
    return (
        message.card_key is None
        and not isinstance(message.address, UpdateCopies)
        and delivered.reached_again is None
    )


async def _nothing() -> None:
    return None


@dataclass
class _Run:
    """One ``run_due``: its report, the batches being sent and the outcomes being written."""

    report: DeliveryReport = field(default_factory=DeliveryReport)
    sending: set[asyncio.Task[None]] = field(default_factory=set)
    writes: set[asyncio.Task[None]] = field(default_factory=set)

    async def first_done(self) -> None:
        tasks = self.sending | self.writes
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            self.sending.discard(task)
            self.writes.discard(task)
            task.result()  # a failure to write outcomes ends this run (the loop logs it)


class OutboxDispatcher:
    def __init__(
        self,
        database: Database,
        messenger: Messenger,
        clock: Clock,
        *,
        digest: DigestBuilder,
        notice: NoticeBuilder | None = None,
        owner: str | None = None,
        batch_size: int = 50,
        parallel_targets: int = 16,
        lease: timedelta = LEASE,
        renew_every: timedelta = RENEW_EVERY,
        lease_clock: Clock | None = None,
        poll_seconds: float = 5.0,
        retry: RetryPolicy | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._db = database
        self._messenger = messenger
        self._clock = clock
        self._lease_clock = lease_clock or SystemClock()
        self._digest = digest
        self._notice = notice
        self.owner = owner or uuid.uuid4().hex[:16]
        self._batch_size = batch_size
        self._parallel = asyncio.Semaphore(parallel_targets)
        self._poll_seconds = poll_seconds
        self._retry = retry or RetryPolicy()
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not security
        # SQLite has one writer: this process's own transactions queue here, in order, instead
        # of in SQLite's busy handler, which sleeps in steps of up to 100 ms.
        self._one_at_a_time = asyncio.Lock() if database.is_sqlite else None
        self._outcomes = GroupCommit(self._run_db)
        self._plain_sent = Bulk(self._mark_plain_sent)
        self._targets: dict[str, _Turns] = {}
        self._leases = LeaseKeeper(
            self._run_db, self.owner, self._lease_clock, lease=lease, renew_every=renew_every
        )
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """A row was queued in this process: look now instead of at the next poll."""
        self._wake.set()

    async def run_due(self) -> DeliveryReport:
        """Send everything due at the clock's "now" (the tests' entry point: no sleeping)."""
        run = _Run()
        async with self._leases.kept():
            try:
                while not self._stopping:
                    while (
                        len(run.sending) >= BATCHES_IN_FLIGHT or len(run.writes) > WRITES_IN_FLIGHT
                    ):
                        await run.first_done()
                    claimed, routes = await self._claim()
                    if claimed:
                        batch = self._send_batch(claimed, routes, run)
                        run.sending.add(asyncio.create_task(batch))
                    elif run.sending or run.writes:  # what is in flight may leave rows due again
                        await run.first_done()
                    else:
                        break
                while run.sending or run.writes:
                    await run.first_done()
            finally:  # after a failure, what is still in flight ends before the leases go
                await asyncio.gather(*run.sending, *run.writes, return_exceptions=True)
        return run.report

    async def _run_db(self, work: Callable[[Session], T]) -> T:
        if self._one_at_a_time is None:
            return await self._db.run(work)
        async with self._one_at_a_time:
            return await self._db.run(work)

    async def _claim(self) -> tuple[list[ClaimedMessage], dict[int, Route]]:
        """Claim due rows and read where they go, in one transaction."""
        now, lease_now = self._clock.now(), self._lease_clock.now()

        def claim(session: Session) -> tuple[list[ClaimedMessage], dict[int, Route]]:
            claimed = Outbox(session).claim_due(
                now=now,
                lease_now=lease_now,
                owner=self.owner,
                lease=self._leases.lease,
                limit=self._batch_size,
            )
            return claimed, routes_of(session, claimed)

        claimed, routes = await self._run_db(claim)
        self._leases.hold([m.id for m in claimed])
        return claimed, routes

    async def renew_leases(self) -> set[int]:
        """One round of lease renewal (it runs every few seconds while sending); returns the
        ids another process took over."""
        return await self._leases.renew()

    # Sending ----------------------------------------------------------------------------------

    async def send(self, claimed: list[ClaimedMessage]) -> DeliveryReport:
        """Send rows this process claimed already (as ``run_due`` does with what it claims)."""
        run = _Run()
        async with self._leases.kept():
            routes = await self._messenger.routes(claimed)
            await self._send_batch(claimed, routes, run)
            while run.writes:
                await run.first_done()
        return run.report

    async def _send_batch(
        self, claimed: list[ClaimedMessage], routes: dict[int, Route], run: _Run
    ) -> None:
        """Send a claimed batch; the outcomes are written meanwhile (``run.writes``)."""
        by_target: dict[str, list[ClaimedMessage]] = defaultdict(list)
        for message in claimed:
            by_target[_target_of(message)].append(message)
        await asyncio.gather(
            *(
                self._send_in_order(key, messages, routes, run)
                for key, messages in by_target.items()
            )
        )

    async def _send_in_order(
        self,
        target: str,
        messages: list[ClaimedMessage],
        routes: dict[int, Route],
        run: _Run,
    ) -> None:
        digests: dict[str, list[ClaimedMessage]] = defaultdict(list)
        for message in messages:
            if message.digest_group is not None:
                digests[message.digest_group].append(message)
        # One target's sends in order; a sending slot is held only while the connector is
        # called, and outcomes are written while the next ones go (the database must not set
        # the pace: many outcomes share one transaction).
        async with self._in_turn(target):
            for message in messages:
                group = digests.get(message.digest_group or "")
                if group is not None and len(group) > 1 and group[0] is not message:
                    continue  # sent with the digest, where its first message would go
                parts = group if group is not None and len(group) > 1 else [message]
                sent_as = self._as_digest(parts) if len(parts) > 1 else message
                async with self._parallel:
                    settle, created_chat = await self._attempt(
                        sent_as, parts, routes.get(message.id), run.report
                    )
                run.writes.add(asyncio.create_task(settle()))
                if created_chat:  # the routes read before miss the new chat
                    routes = {}

    @contextlib.asynccontextmanager
    async def _in_turn(self, target: str) -> AsyncIterator[None]:
        turns = self._targets.setdefault(target, _Turns())
        turns.waiting += 1
        try:
            async with turns.lock:
                yield
        finally:
            turns.waiting -= 1
            if turns.waiting == 0:
                del self._targets[target]

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

    async def _attempt(
        self,
        message: ClaimedMessage,
        parts: list[ClaimedMessage],
        route: Route | None,
        report: DeliveryReport,
    ) -> tuple[Callable[[], Coroutine[Any, Any, None]], bool]:
        """Send ``message`` (standing for ``parts``); returns how to write the outcome, and
        whether a personal chat was created."""
        ids = [m.id for m in parts]
        try:
            delivered = await self._messenger.deliver(
                message, route, still_held=self._leases.still_held(message.id)
            )
        except LeaseLost:
            log.warning("outbox message %d was taken over by another process", message.id)
            self._leases.release(ids)
            return _nothing, False
        except DeliveryFailure as failure:
            return functools.partial(self._record_failure, message, parts, failure, report), False
        except Exception as error:  # a bug in one message must not stop the others
            log.exception("outbox message %d could not be sent", message.id)
            crash = DeliveryFailure("transient", type(error).__name__)
            return functools.partial(self._record_failure, message, parts, crash, report), False

        async def settle() -> None:
            if _plain(message, delivered):  # most of a fan-out: one statement for many
                await self._record(ids, item=_PlainSent(ids, _copies(parts, delivered)))
            else:
                await self._record(ids, lambda s: self._sent(s, message, parts, delivered))
            report.sent += len(ids)

        return settle, delivered.created_chat

    async def _record(
        self,
        ids: list[int],
        write: Callable[[Session], None] | None = None,
        *,
        item: _PlainSent | None = None,
    ) -> None:
        """Write an outcome (``write``, or ``item`` of the bulk "marked sent")."""
        self._leases.finishing(ids)
        try:
            if write is not None:
                await self._outcomes.write(write)
            else:
                await self._outcomes.write_item(self._plain_sent, item)
        finally:
            self._leases.release(ids)

    def _mark_plain_sent(self, session: Session, items: list[_PlainSent]) -> None:
        now = self._clock.now()
        Outbox(session).mark_sent([i for item in items for i in item.ids], now=now)
        Reach(session).record_copies([copy for item in items for copy in item.copies], now)

    def _sent(
        self,
        session: Session,
        message: ClaimedMessage,
        parts: list[ClaimedMessage],
        delivered: Delivered,
    ) -> None:
        now = self._clock.now()
        outbox = Outbox(session)
        outbox.mark_sent([part.id for part in parts], now=now)
        if isinstance(message.address, UpdateCopies) and message.card_version is not None:
            outbox.mark_update_sent(message.address.card_key, message.card_version)
        copies = _copies(parts, delivered)
        reach = Reach(session)
        for key, copy in copies:
            reach.record_copy(key, copy, now)
        if copies and message.card_key is not None and message.card_version is not None:
            outbox.catch_up_copy(
                message.card_key, message.card_version, now=now, shows=message.content
            )
        if delivered.reached_again is not None:
            Reach(session).seen(delivered.reached_again, now)

    async def _record_failure(
        self,
        message: ClaimedMessage,
        parts: list[ClaimedMessage],
        failure: DeliveryFailure,
        report: DeliveryReport,
    ) -> None:
        now = self._clock.now()
        ids = [m.id for m in parts]
        report.errors.append(failure.reason)
        if failure.kind == "rate_limited":
            wait = (
                timedelta(seconds=failure.retry_after)
                if failure.retry_after is not None
                else self._retry.default_retry_after
            )
            await self._record(
                ids,
                lambda s: Outbox(s).retry_later(
                    ids, due_at=now + wait, error=failure.reason, count_attempt=False
                ),
            )
            report.retried += len(ids)
        elif failure.kind == "transient" and message.attempts < self._retry.max_attempts:
            due = now + self._retry.delay(message.attempts, self._rng)
            await self._record(
                ids, lambda s: Outbox(s).retry_later(ids, due_at=due, error=failure.reason)
            )
            report.retried += len(ids)
        elif failure.kind in ("unreachable", "gone"):
            await self._record(ids, lambda s: self._unreachable(s, message, parts, failure, now))
            report.unreachable += len(ids)
            log.info("outbox message %d: recipient unreachable (%s)", message.id, failure.reason)
        else:

            def failed(session: Session) -> None:
                Outbox(session).mark_failed(ids, failure.reason)
                self._tell_senders(session, parts, why_of(failure), now)

            await self._record(ids, failed)
            report.failed += len(ids)
            log.warning("outbox message %d failed for good (%s)", message.id, failure.reason)

    def _unreachable(
        self,
        session: Session,
        message: ClaimedMessage,
        parts: list[ClaimedMessage],
        failure: DeliveryFailure,
        now: datetime,
    ) -> None:
        Outbox(session).mark_unreachable([m.id for m in parts], failure.reason)
        if isinstance(message.address, ToPerson):
            Reach(session).mark_unreachable(message.address.person, failure.reason, now)
        self._tell_senders(session, parts, why_of(failure), now)

    def _tell_senders(
        self, session: Session, parts: list[ClaimedMessage], why: Why, now: datetime
    ) -> None:
        if self._notice is not None:
            tell_senders(session, parts, why, now, self._notice)

    # Running ----------------------------------------------------------------------------------

    async def next_due_at(self) -> datetime | None:
        return await self._run_db(lambda s: Outbox(s).next_due_at())

    async def _loop(self) -> None:
        while not self._stopping:
            # Cleared before looking, so a wake-up for a row queued while sending is kept.
            self._wake.clear()
            try:
                await self.run_due()
                next_due = await self.next_due_at()
            except Exception:  # the database may be briefly away; keep going
                log.exception("outbox dispatch failed; trying again shortly")
                next_due = None
            if self._stopping:
                break
            timeout = self._poll_seconds
            if next_due is not None:
                until_due = (next_due - self._clock.now()).total_seconds()
                # A row still due after run_due waits for another process's update of the same
                # card: look again soon, not in a tight loop.
                soonest = BLOCKED_RETRY_SECONDS if until_due <= 0 else 0.05
                timeout = min(max(until_due, soonest), self._poll_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name="ki-bot-outbox")

    async def stop(self) -> None:
        """Finish the batch being sent (so no row is left leased), then stop; cancel after the
        grace (``graceful_stop.STOP_GRACE_SECONDS``; a leased row is then taken again when its
        lease runs out)."""
        self._stopping = True
        await stop_gracefully(self._task, self._wake.set)
        self._task, self._stopping = None, False
