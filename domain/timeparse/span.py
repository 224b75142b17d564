"""From day expressions to days: the day (or days) ``DayParts`` mean, seen from ``today``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .calendar import next_weekday, resolve_day_month, week_monday
from .days import DayParts
from .errors import TimeNotUnderstood


@dataclass(frozen=True)
class DaySpan:
    first: date
    last: date | None = None  # a whole week ("uge 50", "i næste uge") without a weekday
    from_weekday_only: bool = False  # "tirsdag": may move a week on when its time has passed
    from_time_only: bool = False  # "kl 10": may move a day on when its time has passed


def _check_weekday(day: date, parts: DayParts) -> date:
    if parts.weekdays and parts.weekdays[0] != day.weekday():
        raise TimeNotUnderstood("weekday_mismatch")
    return day


def day_span(
    parts: DayParts, today: date, *, not_before: date | None = None, latest: date | None = None
) -> DaySpan:
    """The days ``parts`` name. Without a year a date is the next one on or after ``not_before``
    (default today), or the last one on or before ``latest``; a weekday the next one."""
    not_before = not_before or today
    sources = [parts.offset_days is not None, parts.day_month is not None, parts.week is not None]
    if sum(sources) > 1 or len(parts.weekdays) > 1 or parts.duration is not None:
        raise TimeNotUnderstood("not_understood")
    if parts.offset_days is not None:
        return DaySpan(_check_weekday(today + timedelta(days=parts.offset_days), parts))
    if parts.day_month is not None:
        day, month = parts.day_month
        found = resolve_day_month(day, month, parts.year, not_before=not_before, latest=latest)
        return DaySpan(_check_weekday(found, parts))
    if parts.week is not None:
        monday = week_monday(parts.week, parts.week_year, today)
        if parts.weekdays:
            return DaySpan(monday + timedelta(days=parts.weekdays[0]))
        return DaySpan(monday, monday + timedelta(days=6))
    if parts.weekdays:
        return DaySpan(next_weekday(parts.weekdays[0], not_before), from_weekday_only=True)
    return DaySpan(today, from_time_only=True)
