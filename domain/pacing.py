"""Pacing sends inside Teams' published rate limits instead of waiting for 429s.

Limits are sliding windows ("at most N sends in any S seconds") per key: per conversation and
per tenant. A tenant's sends are also smoothed into small bursts (``Burst``). Time is a
monotonic number of seconds passed in, so tests need no clock.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


# https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
PER_CONVERSATION: tuple[Limit, ...] = (
    Limit(7, 1.0),
    Limit(8, 2.0),
    Limit(60, 30.0),
    Limit(1800, 3600.0),
)
PER_TENANT: tuple[Limit, ...] = (Limit(50, 1.0),)
# A request reaches Teams some time after it leaves and before it is answered, however long the
# process or the network stalls in between: a send is counted from when it leaves until its
# answer (``Pacer.answered``) and then for a whole window, so that time needs no margin. What
# is left is Teams' own clock and window edges: windows are kept this much longer than published.
MARGIN = 0.01


@dataclass(frozen=True)
class Burst:
    """At most ``count`` sends at once, then ``per_second`` (a token bucket)."""

    count: int
    per_second: float


# Teams allows a tenant 50 a second; sending them a few at a time (not 50 at once) keeps a burst
# from arriving spread out and crowding the next second's window. A bucket, not a short window:
# a send that leaves late restarts a tenth-of-a-second window late, and ten such delays a second
# cost the tenant's rate for good; the bucket's tokens wait for a late sender.
TENANT_BURST = Burst(5, 50.0)


def with_margin(limits: Sequence[Limit], margin: float) -> tuple[Limit, ...]:
    return tuple(Limit(limit.count, limit.seconds * (1 + margin)) for limit in limits)


class SlidingWindows:
    """Remembers recent sends per key and says how long the next one must wait."""

    def __init__(self, limits: Sequence[Limit]) -> None:
        if not limits:
            raise ValueError("at least one limit is needed")
        self._limits = tuple(sorted(limits, key=lambda limit: limit.seconds))
        self._horizon = self._limits[-1].seconds
        self._sent: dict[Hashable, deque[float]] = {}
        self._in_flight: dict[Hashable, int] = {}

    def wait(self, key: Hashable, now: float) -> float:
        """Seconds from ``now`` until a send for ``key`` stays within every limit (0 if none)."""
        times = self._trimmed(key, now) or ()
        flying = self._in_flight.get(key, 0)
        wait = 0.0
        for limit in self._limits:
            room = limit.count - flying  # sends in flight are in every window
            if room <= 0:  # only an answer makes room: look again soon
                wait = max(wait, limit.seconds / limit.count)
            elif len(times) >= room:
                # The send that must leave the window is the room-th most recent one.
                oldest_in_window = times[len(times) - room]
                wait = max(wait, oldest_in_window + limit.seconds - now)
        return max(wait, 0.0)

    def leave(self, key: Hashable) -> None:
        """A send for ``key`` left: it counts in every window until it is answered."""
        self._in_flight[key] = self._in_flight.get(key, 0) + 1

    def answered(self, key: Hashable, moment: float) -> None:
        """A send that left was answered at ``moment``: it counts from then on for a window."""
        flying = self._in_flight.pop(key, 0) - 1
        if flying > 0:
            self._in_flight[key] = flying
        self.record(key, moment)

    def record(self, key: Hashable, moment: float) -> None:
        """Count a send at ``moment``."""
        times = self._sent.setdefault(key, deque())
        if not times or times[-1] <= moment:
            times.append(moment)
        else:
            times.insert(bisect.bisect_right(times, moment), moment)

    def _trimmed(self, key: Hashable, now: float) -> deque[float] | None:
        times = self._sent.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self._horizon:
            times.popleft()
        if not times:
            del self._sent[key]
            return None
        return times


class Buckets:
    """A token bucket per key, kept as the moment its next token is due (GCRA)."""

    def __init__(self, burst: Burst) -> None:
        if burst.count < 1 or burst.per_second <= 0:
            raise ValueError("a burst needs at least one send and a positive rate")
        self._interval = 1.0 / burst.per_second
        self._tolerance = (burst.count - 1) * self._interval
        self._due: dict[Hashable, float] = {}

    def wait(self, key: Hashable, now: float) -> float:
        due = self._due.get(key)
        if due is None:
            return 0.0
        if due <= now:  # the bucket is full again: forget the key
            del self._due[key]
            return 0.0
        return max(due - self._tolerance - now, 0.0)

    def record(self, key: Hashable, moment: float) -> None:
        self._due[key] = max(self._due.get(key, moment), moment) + self._interval


class Pacer:
    """Per-conversation and per-tenant windows together, with a safety ``margin``, and a
    tenant's sends smoothed into bursts of ``tenant_burst``."""

    def __init__(
        self,
        per_conversation: Sequence[Limit] = PER_CONVERSATION,
        per_tenant: Sequence[Limit] = PER_TENANT,
        margin: float = MARGIN,
        tenant_burst: Burst | None = TENANT_BURST,
    ) -> None:
        self._conversations = SlidingWindows(with_margin(per_conversation, margin))
        self._tenants = SlidingWindows(with_margin(per_tenant, margin))
        self._bursts = Buckets(tenant_burst) if tenant_burst is not None else None

    def wait(self, conversation_id: str, tenant_id: str, now: float) -> float:
        burst = self._bursts.wait(tenant_id, now) if self._bursts is not None else 0.0
        return max(
            self._conversations.wait(conversation_id, now),
            self._tenants.wait(tenant_id, now),
            burst,
        )

    def take(self, conversation_id: str, tenant_id: str, now: float) -> float:
        """Let a send leave at ``now`` if it fits every window and return 0 (then call
        ``answered`` when its answer comes, whatever it is); else count nothing and return how
        long to wait before asking again."""
        wait = self.wait(conversation_id, tenant_id, now)
        if wait <= 0:
            self._conversations.leave(conversation_id)
            self._tenants.leave(tenant_id)
            if self._bursts is not None:
                self._bursts.record(tenant_id, now)
        return wait

    def answered(self, conversation_id: str, tenant_id: str, now: float) -> None:
        """The send ``take`` let leave was answered (or failed) at ``now``."""
        self._conversations.answered(conversation_id, now)
        self._tenants.answered(tenant_id, now)


def unpaced() -> Pacer:
    """A pacer that never waits: for the test clock, which reaches no Teams (it refuses to run
    with credentials) and passes a month in about a minute, so Teams' real-time limits would
    only make the simulated days wait."""
    unlimited = (Limit(10**9, 1.0),)
    return Pacer(per_conversation=unlimited, per_tenant=unlimited, margin=0, tenant_burst=None)
