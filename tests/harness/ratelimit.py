"""Teams' published bot limits, enforced like the service does: sliding windows per conversation
and per tenant; a send over a limit gets 429 with Retry-After and is counted as a violation.

https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit
"""

from __future__ import annotations

import bisect
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

Window = tuple[float, int]  # (seconds, most requests allowed in any window of that length)

PER_CONVERSATION: tuple[Window, ...] = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
PER_TENANT: tuple[Window, ...] = ((1.0, 50),)


class ManualTime:
    """An injectable monotonic clock in seconds that only moves when told."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RateLimiter:
    time: Callable[[], float] = time.monotonic
    per_conversation: tuple[Window, ...] = PER_CONVERSATION
    per_tenant: tuple[Window, ...] = PER_TENANT
    enforce: bool = True  # False: count violations but let every call through
    violations: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    _seen: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def violation_count(self) -> int:
        return sum(self.violations.values())

    def _wait(self, key: str, windows: tuple[Window, ...], now: float) -> float:
        """Seconds until one more call fits all windows of ``key`` (0: it fits now)."""
        stamps = self._seen[key]
        longest = max(seconds for seconds, _ in windows)
        del stamps[: bisect.bisect_right(stamps, now - longest)]
        wait = 0.0
        for seconds, limit in windows:
            inside = stamps[bisect.bisect_right(stamps, now - seconds) :]
            if len(inside) >= limit:
                wait = max(wait, inside[len(inside) - limit] + seconds - now)
        return wait

    def admit(self, conversation: str | None, tenant: str | None) -> float | None:
        """None if the call may go through (and is counted); else the seconds to wait."""
        now = self.time()
        keys = []
        if conversation is not None:
            keys.append((f"conversation:{conversation.split(';')[0]}", self.per_conversation))
        if tenant is not None:
            keys.append((f"tenant:{tenant}", self.per_tenant))
        waits = {key: self._wait(key, windows, now) for key, windows in keys}
        over = {key: wait for key, wait in waits.items() if wait > 0}
        for key in over:
            self.violations[key.split(":", 1)[0]] += 1
        if over and self.enforce:
            return max(over.values())
        for key, _ in keys:
            self._seen[key].append(now)
        self.accepted += 1
        return None

    @staticmethod
    def retry_after_header(wait: float) -> str:
        return str(max(1, math.ceil(wait)))
