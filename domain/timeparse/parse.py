"""``parse_time``: Danish and English time expressions to Copenhagen moments.

Our grammar reads the forms staff write (``clock_times`` for the time of day, ``days`` for the
day); a text it cannot read entirely goes to dateparser (``fallback``), whose answer is checked.

Decisions:
- "om 10 minutter" / "om 2 timer" are exact instants from now and take no time of day.
- "om 3 dage" / "om en uge" / "om en måned" keep the current wall-clock time unless a time is
  given ("om en uge kl 10"); across a DST change the clock time stays, not the hours.
- Every other day expression needs a time of day; ``dates.parse_date`` is the date-only parse.
- A weekday is the next one whose moment is in the future ("tirsdag kl 10" on a Tuesday at 9
  is today); "næste tirsdag" means the same as "tirsdag" (the coming one).
- A date without a year is this year's unless that day has passed (then next year's); a date
  today whose time has passed is refused as past. A time alone ("kl 10") is its next occurrence.
- Numeric dates are day first in both languages ("3/12" is 3 December).
- A time range must end after it starts on the same day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .calendar import add_months
from .clock_times import TimeOfDay, take_bare_dot_time, take_time_of_day
from .days import DayParts, take_day_parts
from .durations import Duration
from .errors import TimeNotUnderstood
from .fallback import MAX_YEARS_AHEAD, parse_with_dateparser
from .normalise import normalise
from .results import ParsedTime
from .span import day_span
from .zone import is_after, later, local_moment, to_local


def read_time_and_day(text: str) -> tuple[TimeOfDay | None, DayParts]:
    """The time of day and the day parts of a normalised text."""
    tod, rest = take_time_of_day(text)
    if tod is None:
        bare, bare_rest = take_bare_dot_time(rest)
        if bare is not None:
            try:
                parts = take_day_parts(bare_rest)
            except TimeNotUnderstood:
                parts = DayParts(rest="?")
            if not parts.empty and not parts.rest:
                return bare, parts
    return tod, take_day_parts(rest)


def _afternoon(at: time, parts: DayParts, tod: TimeOfDay) -> time:
    if parts.half_day == "pm" and not tod.explicit_half_day and 1 <= at.hour <= 11:
        return at.replace(hour=at.hour + 12)
    return at


def _with_duration(
    duration: Duration, parts: DayParts, tod: TimeOfDay | None, now: datetime
) -> ParsedTime:
    others = (parts.offset_days, parts.day_month, parts.week)
    if any(v is not None for v in others) or parts.weekdays:
        raise TimeNotUnderstood("not_understood")
    if duration.unit == "minutes":
        if tod is not None:
            raise TimeNotUnderstood("not_understood")
        return ParsedTime(later(now, timedelta(minutes=duration.amount)))
    today = now.date()
    if duration.unit == "days":
        day = today + timedelta(days=duration.amount)
    else:
        day = add_months(today, duration.amount)
    if tod is None:
        return ParsedTime(local_moment(day, now.time()))
    return _moment(day, tod, parts)


def _moment(day: date, tod: TimeOfDay, parts: DayParts) -> ParsedTime:
    start = local_moment(day, _afternoon(tod.start, parts, tod))
    end = None if tod.end is None else local_moment(day, _afternoon(tod.end, parts, tod))
    return ParsedTime(start, end)


def parse_time(text: str, now: datetime, language: str = "da") -> ParsedTime:
    """The Copenhagen moment ``text`` names, seen from ``now``; ``TimeNotUnderstood`` if none.

    Raises with code ``past`` for a moment not after ``now``, ``no_time_of_day`` for a day
    without a time ("onsdag"), and the other codes in ``errors.ErrorCode``.
    """
    now = to_local(now)
    normalised = normalise(text)
    if not normalised:
        raise TimeNotUnderstood("empty")
    tod, parts = read_time_and_day(normalised)
    if parts.rest or (parts.empty and tod is None):
        return parse_with_dateparser(normalised, now, language)
    if parts.duration is not None:
        result = _with_duration(parts.duration, parts, tod, now)
    else:
        span = day_span(parts, now.date())
        if tod is None:
            raise TimeNotUnderstood("no_time_of_day")
        if span.last is not None:
            raise TimeNotUnderstood("week_without_weekday")
        result = _moment(span.first, tod, parts)
        if not is_after(result.start, now) and (span.from_weekday_only or span.from_time_only):
            result = _moment(
                span.first + timedelta(days=7 if span.from_weekday_only else 1), tod, parts
            )
    if not is_after(result.start, now):
        raise TimeNotUnderstood("past")
    if result.start.year > now.year + MAX_YEARS_AHEAD:
        raise TimeNotUnderstood("too_far_ahead")
    return result
