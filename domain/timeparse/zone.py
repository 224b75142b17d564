"""Local time is Europe/Copenhagen: wall-clock moments with the right daylight-saving offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

COPENHAGEN: Final = ZoneInfo("Europe/Copenhagen")


def to_local(moment: datetime) -> datetime:
    """The same instant on the Copenhagen wall clock; a naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment.astimezone(COPENHAGEN)


def is_after(moment: datetime, other: datetime) -> bool:
    """Whether ``moment`` is later in real time than ``other``.

    Python compares two datetimes with the same zone by wall clock, which is wrong inside the
    hour repeated in autumn; comparing in UTC is not.
    """
    return moment.astimezone(UTC) > other.astimezone(UTC)


def later(moment: datetime, delta: timedelta) -> datetime:
    """The Copenhagen moment ``delta`` of real time after ``moment``.

    Adding a timedelta to a zoned datetime moves its wall clock, which is an hour off across a
    daylight-saving change; this adds elapsed time.
    """
    return (to_local(moment).astimezone(UTC) + delta).astimezone(COPENHAGEN)


def local_moment(day: date, at: time) -> datetime:
    """The Copenhagen moment showing ``at`` on ``day``.

    A wall time that does not exist (the hour skipped in spring) moves forward by the gap, so
    02.30 on the last Sunday of March becomes 03.30 summer time; a wall time that happens twice
    (the hour repeated in autumn) is its first occurrence, in summer time.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    return naive.replace(tzinfo=COPENHAGEN).astimezone(UTC).astimezone(COPENHAGEN)


def with_local_time(moment: datetime, at: time) -> datetime:
    """``moment``'s Copenhagen day at the wall time ``at``."""
    return local_moment(to_local(moment).date(), at)
