"""When a recurring background job is next due: pure arithmetic on aware datetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def next_multiple(after: datetime, period: timedelta) -> datetime:
    """The first moment strictly after ``after`` that is a whole number of ``period``s since
    1970-01-01 UTC (a daily job: the next UTC midnight)."""
    periods = (after - EPOCH) // period + 1
    return EPOCH + periods * period


def next_weekly(after: datetime, zone: ZoneInfo, weekday: int, at: time) -> datetime:
    """The first ``weekday`` (0 = Monday) at local wall-clock time ``at`` strictly after
    ``after``; the wall-clock time holds across daylight-saving changes."""
    day: date = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:
        moment = datetime.combine(day, at, tzinfo=zone)
        if moment > after:
            return moment
        day += timedelta(days=7)
