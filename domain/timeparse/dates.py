"""``parse_date``: days and ranges of days without a time of day ("3/12", "uge 50", "1/12-5/12").

For absences and deadlines. A range is two day expressions around "-", "–", "til" or "to"; a day
number alone on the left borrows the right side's month ("1.-5. december"). Without a year the
right side is the next such day and the left the last one before it ("28/12-3/1" crosses New
Year); more than half a year apart without a year written is taken for a slip.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Final

from .calendar import add_months
from .days import DayParts
from .errors import TimeNotUnderstood
from .fallback import MAX_YEARS_AHEAD
from .normalise import normalise
from .parse import read_time_and_day
from .results import ParsedDate
from .span import day_span
from .zone import to_local

_RANGE_SEPARATOR: Final = re.compile(r"\s*(?:-|\btil\b|\bto\b|\buntil\b)\s*")
_RANGE_PREFIX: Final = re.compile(r"^(?:fra|from|mellem|between)\s+")
_BARE_DAY: Final = re.compile(r"^(\d{1,2})\.?$")
MAX_YEARLESS_RANGE: Final = timedelta(days=183)


def _date_parts(text: str) -> DayParts:
    tod, parts = read_time_and_day(text)
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
