"""Snoozing a reminder that has fired: one hour, tomorrow morning or next week."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final, Literal

from domain.timeparse import later, local_moment, to_local

SnoozeKind = Literal["1h", "tomorrow_morning", "next_week"]
SNOOZE_KINDS: Final[tuple[SnoozeKind, ...]] = ("1h", "tomorrow_morning", "next_week")
MORNING: Final = time(8, 0)


def snooze_until(kind: SnoozeKind, now: datetime) -> datetime:
    """When a reminder snoozed at ``now`` fires again.

    "1h" is exactly an hour later; "tomorrow_morning" is 08.00 on the next day and "next_week"
    08.00 on next week's Monday, both on the Copenhagen wall clock.
    """
    local = to_local(now)
    if kind == "1h":
        return later(local, timedelta(hours=1))
    if kind == "tomorrow_morning":
        return local_moment(local.date() + timedelta(days=1), MORNING)
    if kind == "next_week":
        monday = local.date() + timedelta(days=7 - local.weekday())
        return local_moment(monday, MORNING)
    raise ValueError(f"unknown snooze kind {kind!r}")
