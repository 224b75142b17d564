"""The settings of a working calendar, and their parsers.

``WORKING_HOURS=mon-fri 08:00-16:00`` (groups joined by ``;``, e.g. ``mon-thu 08:00-16:00;
fri 08:00-15:30``; Danish day names ``man tir ons tor fre lør søn`` work too) and
``CLOSED_DAYS=06-05,12-24,12-31,2026-12-28`` (month-day pairs close every year, full dates once).
Every parse error is a ValueError whose message names the setting, the bad part and the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

_DAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "man", "monday", "mandag"),
            ("tue", "tir", "tuesday", "tirsdag"),
            ("wed", "ons", "wednesday", "onsdag"),
            ("thu", "tor", "thursday", "torsdag"),
            ("fri", "fre", "friday", "fredag"),
            ("sat", "lør", "saturday", "lørdag"),
            ("sun", "søn", "sunday", "søndag"),
        )
    )
    for name in names
}
_GROUP = re.compile(
    r"(?P<days>\S+)\s+(?P<opens>\d{1,2}[:.]\d{2})\s*-\s*(?P<closes>\d{1,2}[:.]\d{2})"
)
_HOURS_FORMAT = "expected e.g. 'mon-fri 08:00-16:00' or 'mon-thu 08:00-16:00; fri 08:00-15:30'"
_CLOSED_FORMAT = "expected month-day pairs and dates, e.g. '06-05,12-24,12-31,2026-12-28'"


@dataclass(frozen=True)
class WorkingHours:
    """Opening and closing time per weekday (Monday is 0); ``None`` where the day is closed."""

    days: tuple[tuple[time, time] | None, ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("working hours need one entry per weekday (7)")
        if all(span is None for span in self.days):
            raise ValueError("working hours must open on at least one weekday")
        for span in self.days:
            if span is not None and not span[0] < span[1]:
                raise ValueError(f"working hours must open before they close, got {span}")

    def on(self, weekday: int) -> tuple[time, time] | None:
        return self.days[weekday]


@dataclass(frozen=True)
class ClosedDays:
    """Days closed besides the public holidays: every year on these (month, day) pairs, and once
    on these dates."""

    month_days: frozenset[tuple[int, int]] = frozenset()
    dates: frozenset[date] = frozenset()

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return (day.month, day.day) in self.month_days or day in self.dates


DEFAULT_WORKING_HOURS = WorkingHours((*((time(8), time(16)),) * 5, None, None))
# Grundlovsdag, juleaftensdag and nytårsaftensdag: not public holidays, but most workplaces close.
DEFAULT_CLOSED_DAYS = ClosedDays(month_days=frozenset({(6, 5), (12, 24), (12, 31)}))


def _clock(raw: str, setting: str) -> time:
    hours, minutes = (int(part) for part in re.split(r"[:.]", raw))
    if hours == 24 and minutes == 0:
        return time.max
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(f"{setting}: {raw!r} is not a time of day (00:00-24:00)")
    return time(hours, minutes)


def _day(name: str, setting: str) -> int:
    try:
        return _DAYS[name]
    except KeyError:
        raise ValueError(
            f"{setting}: unknown weekday {name!r} (use mon tue wed thu fri sat sun)"
        ) from None


def _weekdays(raw: str, setting: str) -> list[int]:
    numbers: list[int] = []
    for part in raw.split(","):
        first, dash, last = part.partition("-")
        start = _day(first, setting)
        end = _day(last, setting) if dash else start
        if end < start:
            raise ValueError(f"{setting}: the range {part!r} runs backwards (write e.g. mon-fri)")
        numbers.extend(range(start, end + 1))
    return numbers


def parse_working_hours(raw: str, setting: str = "WORKING_HOURS") -> WorkingHours:
    days: list[tuple[time, time] | None] = [None] * 7
    groups = [group.strip() for group in raw.strip().lower().split(";") if group.strip()]
    if not groups:
        raise ValueError(f"{setting} is empty: {_HOURS_FORMAT}")
    for group in groups:
        match = _GROUP.fullmatch(group)
        if match is None:
            raise ValueError(f"{setting}: cannot read {group!r}: {_HOURS_FORMAT}")
        opens, closes = _clock(match["opens"], setting), _clock(match["closes"], setting)
        if not opens < closes:
            raise ValueError(f"{setting}: {group!r} closes before it opens")
        for weekday in _weekdays(match["days"], setting):
            if days[weekday] is not None:
                raise ValueError(f"{setting}: a weekday is given twice in {raw.strip()!r}")
            days[weekday] = (opens, closes)
    return WorkingHours(tuple(days))


def _closed_day(part: str, setting: str) -> tuple[int, int] | date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            return date.fromisoformat(part)
        if re.fullmatch(r"\d{2}-\d{2}", part):
            month, day = (int(number) for number in part.split("-"))
            date(2024, month, day)  # a leap year, so 02-29 is allowed
            return (month, day)
    except ValueError:
        raise ValueError(f"{setting}: {part!r} is not a real date") from None
    raise ValueError(f"{setting}: cannot read {part!r}: {_CLOSED_FORMAT}")


def parse_closed_days(raw: str, setting: str = "CLOSED_DAYS") -> ClosedDays:
    """An empty value means no closed days besides the public holidays."""
    month_days: set[tuple[int, int]] = set()
    dates: set[date] = set()
    for part in (part.strip() for part in raw.split(",")):
        if not part:
            continue
        day = _closed_day(part, setting)
        if isinstance(day, date):
            dates.add(day)
        else:
            month_days.add(day)
    return ClosedDays(frozenset(month_days), frozenset(dates))
