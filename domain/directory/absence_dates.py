"""A tiny parser for the absence forms people type: "i dag", "1/12", "1/12–5/12", ISO dates.

A stand-in until the Danish date parser (domain.timeparse) lands: the dialogs receive the parser
as a function (``PeriodParser``), so swapping it is one line in the composition root.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

PeriodParser = Callable[[str, date], tuple[date, date]]


class InvalidPeriod(ValueError):
    """The text is not a date or a period this parser understands."""


_TODAY = {"", "i dag", "idag", "today"}
_TOMORROW = {"i morgen", "imorgen", "tomorrow"}
_SEPARATOR = re.compile(r"\s*(?:–|—|\.\.|\s-\s|\btil\b|\bto\b)\s*|(?<=\d)-(?=\d{1,2}/)")
_DAY_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\.?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _one(text: str, today: date) -> tuple[date, bool]:
    """The date, and whether the text named its year."""
    text = text.strip().lower()
    if text in _TODAY:
        return today, True
    if text in _TOMORROW:
        return today + timedelta(days=1), True
    try:
        if match := _ISO.fullmatch(text):
            return date(*(int(part) for part in match.groups())), True
        if match := _DAY_MONTH.fullmatch(text):
            day, month, year = match.groups()
            if year is None:
                return date(today.year, int(month), int(day)), False
            full_year = int(year) + (2000 if len(year) == 2 else 0)
            return date(full_year, int(month), int(day)), True
    except ValueError:
        raise InvalidPeriod(text) from None
    raise InvalidPeriod(text)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        raise InvalidPeriod(day.isoformat()) from None


def parse_absence_period(text: str, today: date) -> tuple[date, date]:
    """First and last day (inclusive). A date without a year is the next such date to come."""
    parts = _SEPARATOR.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and not parts[1].strip():
        raise InvalidPeriod(text)
    start, start_has_year = _one(parts[0], today)
    end, end_has_year = _one(parts[-1], today) if len(parts) == 2 else (start, start_has_year)
    if not end_has_year and end < today:
        end = _shift_year(end, 1)
    if not start_has_year:
        start = start.replace(year=end.year) if len(parts) == 2 else end
        if start > end:
            start = _shift_year(start, -1)
    if end < start:
        raise InvalidPeriod(text)
    return start, end
