"""``parse_time`` and ``parse_date``: Danish and English time expressions to Copenhagen moments.

Our grammar reads the forms staff write (``clock_times`` for the time of day, ``days`` for the
day); a text it cannot read entirely goes to dateparser (``fallback``), whose answer is checked.

Decisions:
- "om 10 minutter" / "om 2 timer" are exact instants from now and take no time of day.
- "om 3 dage" / "om en uge" / "om en måned" keep the current wall-clock time unless a time is
  given ("om en uge kl 10"); across a DST change the clock time stays, not the hours.
- Every other day expression needs a time of day; ``parse_date`` is the date-only parse.
- A weekday is the next one whose moment is in the future ("tirsdag kl 10" on a Tuesday at 9
  is today); "næste tirsdag" means the same as "tirsdag" (the coming one).
- A date without a year is this year's unless that day has passed (then next year's); a date
  today whose time has passed is refused as past. A time alone ("kl 10") is its next occurrence.
- Numeric dates are day first in both languages ("3/12" is 3 December).
- A time range must end after it starts on the same day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Final

from .calendar import add_months
from .clock_times import TimeOfDay, take_bare_dot_time, take_time_of_day
from .days import DayParts, Duration, take_day_parts
from .errors import TimeNotUnderstood
from .fallback import MAX_YEARS_AHEAD, parse_with_dateparser
from .normalise import normalise
from .results import ParsedDate, ParsedTime
from .span import day_span
from .zone import is_after, later, local_moment, to_local

_RANGE_SEPARATOR: Final = re.compile(r"\s*(?:-|\btil\b|\bto\b|\buntil\b)\s*")
_RANGE_PREFIX: Final = re.compile(r"^(?:fra|from|mellem|between)\s+")
_BARE_DAY: Final = re.compile(r"^(\d{1,2})\.?$")
# "28/12-3/1" crosses New Year; "5/12-1/12" is a slip, not a range of almost a year.
MAX_YEARLESS_RANGE: Final = timedelta(days=183)


def _read(text: str) -> tuple[TimeOfDay | None, DayParts]:
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
    tod, parts = _read(normalised)
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


def _date_parts(text: str) -> DayParts:
    tod, parts = _read(text)
    if tod is not None:
        raise TimeNotUnderstood("time_of_day_not_expected")
    if parts.rest or parts.empty:
        raise TimeNotUnderstood("not_understood")
    if parts.duration is not None and parts.duration.unit == "minutes":
        raise TimeNotUnderstood("not_understood")
    return parts


def _single_date(parts: DayParts, today: date, not_before: date | None = None) -> ParsedDate:
    if parts.duration is not None:
        days = parts.duration.amount
        day = (
            today + timedelta(days=days)
            if parts.duration.unit == "days"
            else add_months(today, days)
        )
        return ParsedDate(day)
    span = day_span(parts, today, not_before=not_before)
    return ParsedDate(span.first, span.last)


def _date_range(left_text: str, right_text: str, today: date) -> ParsedDate:
    right = _date_parts(right_text)
    bare = _BARE_DAY.match(left_text)
    if bare and right.day_month is not None:  # "1.-5. december": the month is on the right
        left = DayParts(
            day_month=(int(bare.group(1)), right.day_month[1]), year=right.year, found=("",)
        )
    else:
        left = _date_parts(left_text)
    if left.day_month is not None and left.year is None:
        last = _single_date(right, today)
        end = last.end or last.start
        first = day_span(left, today, latest=end).first
        if end - first > MAX_YEARLESS_RANGE:
            raise TimeNotUnderstood("end_before_start")
    else:
        first_span = _single_date(left, today)
        first = first_span.start
        last = _single_date(right, today, not_before=first)
        end = last.end or last.start
    if end < first:
        raise TimeNotUnderstood("end_before_start")
    return ParsedDate(first, end)


def _as_range(text: str, today: date, error: TimeNotUnderstood) -> ParsedDate:
    """``text`` read as "<day> - <day>" at the first separator where both sides are days."""
    for separator in _RANGE_SEPARATOR.finditer(text):
        left, right = text[: separator.start()], text[separator.end() :]
        if not left or not right:
            continue
        try:
            return _date_range(left, right, today)
        except TimeNotUnderstood as range_error:
            if error.code == "not_understood":
                error = range_error
    raise error


def parse_date(text: str, now: datetime, language: str = "da") -> ParsedDate:
    """The day or days ``text`` names ("3/12", "tirsdag", "uge 50", "1/12-5/12"), from ``now``.

    A single day, or a first and last day for a range or a week. A day before today is refused
    (a range only when it has ended). ``language`` is accepted for symmetry with ``parse_time``;
    both languages are read.
    """
    del language
    today = to_local(now).date()
    normalised = normalise(text)
    if not normalised:
        raise TimeNotUnderstood("empty")
    try:
        result = _single_date(_date_parts(normalised), today)
    except TimeNotUnderstood as error:
        result = _as_range(_RANGE_PREFIX.sub("", normalised), today, error)
    if (result.end or result.start) < today:
        raise TimeNotUnderstood("past")
    if result.start.year > today.year + MAX_YEARS_AHEAD:
        raise TimeNotUnderstood("too_far_ahead")
    return result
