"""Working days and hours: Danish public holidays (the ``holidays`` package), days most public
workplaces close, and opening hours, in one time zone with its daylight-saving offsets.

Store Bededag is a holiday up to 2023 only (abolished from 2024); ``holidays`` knows this.
Every datetime returned is timezone-aware in the calendar's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from .calendar_settings import (
    DEFAULT_CLOSED_DAYS,
    DEFAULT_WORKING_HOURS,
    ClosedDays,
    WorkingHours,
    parse_closed_days,
    parse_working_hours,
)

__all__ = [
    "DEFAULT_CLOSED_DAYS",
    "DEFAULT_TIME_ZONE",
    "DEFAULT_WORKING_HOURS",
    "ClosedDays",
    "WorkingCalendar",
    "WorkingHours",
    "parse_closed_days",
    "parse_working_hours",
]

DEFAULT_TIME_ZONE = "Europe/Copenhagen"
# No calendar closes for ten years on end; a longer search means a broken configuration.
_SEARCH_LIMIT = 3660


@lru_cache(maxsize=256)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the calendar needs a timezone-aware datetime")
    return moment


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIME_ZONE))
    hours: WorkingHours = DEFAULT_WORKING_HOURS
    closed: ClosedDays = DEFAULT_CLOSED_DAYS
    country: str = "DK"

    @classmethod
    def from_settings(
        cls,
        *,
        time_zone: str = DEFAULT_TIME_ZONE,
        working_hours: str | None = None,
        closed_days: str | None = None,
    ) -> WorkingCalendar:
        """From the settings strings; ``None`` keeps a default, ``""`` closes no extra days."""
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"TIMEZONE: {time_zone!r} is not a known time zone") from None
        return cls(
            zone=zone,
            hours=DEFAULT_WORKING_HOURS
            if working_hours is None
            else parse_working_hours(working_hours),
            closed=DEFAULT_CLOSED_DAYS if closed_days is None else parse_closed_days(closed_days),
        )

    # Days

    def is_working_day(self, d: date) -> bool:
        return (
            self.hours.on(d.weekday()) is not None
            and d not in self.closed
            and d not in _public_holidays(self.country, d.year)
        )

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (before d when n < 0); d itself when n is 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            d = self._next(d, step)
            remaining -= 1
        return d

    def preceding_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the last working day before it."""
        return d if self.is_working_day(d) else self._next(d, timedelta(days=-1))

    def following_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the first working day after it."""
        return d if self.is_working_day(d) else self._next(d, timedelta(days=1))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (negative when b is before a), so that
        ``working_days_between(a, add_working_days(a, n)) == n``."""
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def _next(self, d: date, step: timedelta) -> date:
        for _ in range(_SEARCH_LIMIT):
            d += step
            if self.is_working_day(d):
                return d
        raise ValueError("no working day within ten years: check the calendar settings")

    # Moments

    def local(self, moment: datetime) -> datetime:
        return _aware(moment).astimezone(self.zone)

    def at(self, d: date, clock: time) -> datetime:
        """The wall-clock time on day d in the calendar's zone (a time inside the spring-forward
        gap becomes the equivalent later time)."""
        naive = datetime.combine(d, clock, tzinfo=self.zone)
        return naive.astimezone(UTC).astimezone(self.zone)

    def _span(self, d: date) -> tuple[datetime, datetime] | None:
        hours = self.hours.on(d.weekday())
        if hours is None or not self.is_working_day(d):
            return None
        return self.at(d, hours[0]), self.at(d, hours[1])

    def is_working_time(self, moment: datetime) -> bool:
        local = self.local(moment)
        span = self._span(local.date())
        return span is not None and span[0] <= local < span[1]

    def next_working_morning(self, moment: datetime) -> datetime:
        """Opening time today if moment is before it on a working day, else on the next one."""
        local = self.local(moment)
        span = self._span(local.date())
        if span is not None and local < span[0]:
            return span[0]
        return self._opening(self._next(local.date(), timedelta(days=1)))

    def hold_for_working_hours(self, moment: datetime) -> datetime:
        """moment itself (in local time) if it is working time, else the next working morning."""
        if self.is_working_time(moment):
            return self.local(moment)
        return self.next_working_morning(moment)

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        """moment plus this many hours counted inside working hours only. Work that ends exactly
        at closing time ends then, not the next morning."""
        if hours < 0:
            raise ValueError("add_working_hours counts forwards only")
        current = self.hold_for_working_hours(moment)
        remaining = timedelta(hours=hours)
        for _ in range(_SEARCH_LIMIT):
            span = self._open_span(current.date())
            left_today = span[1].astimezone(UTC) - current.astimezone(UTC)
            if remaining <= left_today:
                return (current.astimezone(UTC) + remaining).astimezone(self.zone)
            remaining -= left_today
            current = self.next_working_morning(span[1])
        raise ValueError("add_working_hours: too many hours for the search limit")

    def _opening(self, d: date) -> datetime:
        return self._open_span(d)[0]

    def _open_span(self, d: date) -> tuple[datetime, datetime]:
        span = self._span(d)
        if span is None:  # callers pass working days only
            raise RuntimeError(f"{d} is not a working day")
        return span
