"""Pacing sends inside Teams' published rate limits instead of waiting for 429s.

Limits are sliding windows ("at most N sends in any S seconds") per key: per conversation and
per tenant. Time is a monotonic number of seconds passed in, so tests need no clock.
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
# Teams allows 50 a second; sending them as 5 every tenth of a second (not 50 at once) keeps a
# burst from arriving spread out and crowding the next second's window.
PER_TENANT: tuple[Limit, ...] = (Limit(50, 1.0), Limit(5, 0.1))
# Requests reach Teams a little later than they leave, and not all equally late: windows are
# kept this much longer than published, so jitter never pushes one send over a limit.
MARGIN = 0.05


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

    def wait(self, key: Hashable, now: float) -> float:
        """Seconds from ``now`` until a send for ``key`` stays within every limit (0 if none)."""
        times = self._trimmed(key, now)
        if times is None:
            return 0.0
        wait = 0.0
        for limit in self._limits:
            if len(times) >= limit.count:
                # The send that must leave the window is the count-th most recent one.
                oldest_in_window = times[len(times) - limit.count]
                wait = max(wait, oldest_in_window + limit.seconds - now)
        return max(wait, 0.0)

    def record(self, key: Hashable, moment: float) -> None:
        """Count a send at ``moment`` (which may be a reserved moment in the near future)."""
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


class Pacer:
    """Per-conversation and per-tenant windows together, with a safety ``margin``."""

    def __init__(
        self,
        per_conversation: Sequence[Limit] = PER_CONVERSATION,
        per_tenant: Sequence[Limit] = PER_TENANT,
        margin: float = MARGIN,
    ) -> None:
        self._conversations = SlidingWindows(with_margin(per_conversation, margin))
        self._tenants = SlidingWindows(with_margin(per_tenant, margin))

    def wait(self, conversation_id: str, tenant_id: str, now: float) -> float:
        return max(
            self._conversations.wait(conversation_id, now), self._tenants.wait(tenant_id, now)
        )

    def record(self, conversation_id: str, tenant_id: str, moment: float) -> None:
        self._conversations.record(conversation_id, moment)
        self._tenants.record(tenant_id, moment)

    def take(self, conversation_id: str, tenant_id: str, now: float) -> float:
        """Count a send at ``now`` if it fits every window and return 0; else count nothing
        and return how long to wait before asking again. Counting the moment a request
        really leaves (not one reserved ahead, which a busy process may miss) keeps late
        requests from crowding the next window."""
        wait = self.wait(conversation_id, tenant_id, now)
        if wait <= 0:
            self.record(conversation_id, tenant_id, now)
        return wait

    def reserve(self, conversation_id: str, tenant_id: str, now: float) -> float:
        """Reserve the next allowed moment for a send; returns how long to wait for it."""
        wait = self.wait(conversation_id, tenant_id, now)
        self.record(conversation_id, tenant_id, now + wait)
        return wait


def unpaced() -> Pacer:
    """A pacer that never waits: for the test clock, which reaches no Teams (it refuses to run
    with credentials) and passes a month in about a minute, so Teams' real-time limits would
    only make the simulated days wait."""
    unlimited = (Limit(10**9, 1.0),)
    return Pacer(per_conversation=unlimited, per_tenant=unlimited, margin=0)
