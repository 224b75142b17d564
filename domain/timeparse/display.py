"""Moments shown back in the user's language with Babel's CLDR data.

Danish: "tirsdag d. 24. november kl. 10.00"; English: "Tuesday 24 November at 10:00". The year
is shown only when it is not the year of ``now`` (when ``now`` is given).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from .zone import to_local

_DAY_PATTERNS: Final = {"da": "EEEE 'd.' d. MMMM", "en": "EEEE d MMMM"}
_TYPED_DAY_PATTERNS: Final = {"da": "EEEE 'd.' d/M", "en": "EEEE d/M"}
_TIME_PATTERNS: Final = {"da": "HH.mm", "en": "HH:mm"}
_AT: Final = {"da": "kl.", "en": "at"}


def _language(language: str) -> str:
    return language if language in _DAY_PATTERNS else "da"


def format_date(day: date, language: str, *, now: datetime | None = None) -> str:
    """'tirsdag d. 24. november' / 'Tuesday 24 November' (plus the year if not ``now``'s)."""
    language = _language(language)
    pattern = _DAY_PATTERNS[language]
    if now is not None and day.year != to_local(now).year:
        pattern += " y"
    return str(babel_date(day, pattern, locale=language))


def _clock(moment: datetime, language: str) -> str:
    return str(babel_time(moment.timetz(), _TIME_PATTERNS[language], locale=language))


def format_moment(moment: datetime, language: str, *, now: datetime | None = None) -> str:
    """'tirsdag d. 24. november kl. 10.00' / 'Tuesday 24 November at 10:00', Copenhagen time."""
    language = _language(language)
    local = to_local(moment)
    day = format_date(local.date(), language, now=now)
    return f"{day} {_AT[language]} {_clock(local, language)}"


def format_range(
    start: datetime, end: datetime | None, language: str, *, now: datetime | None = None
) -> str:
    """'tirsdag d. 24. november kl. 10.00–11.00'; across days both moments in full."""
    if end is None:
        return format_moment(start, language, now=now)
    language = _language(language)
    first, last = to_local(start), to_local(end)
    if first.date() != last.date():
        return (
            f"{format_moment(first, language, now=now)} – {format_moment(last, language, now=now)}"
        )
    return f"{format_moment(first, language, now=now)}–{_clock(last, language)}"


def format_date_range(
    start: date, end: date | None, language: str, *, now: datetime | None = None
) -> str:
    """'tirsdag d. 1. december – lørdag d. 5. december'."""
    if end is None or end == start:
        return format_date(start, language, now=now)
    return f"{format_date(start, language, now=now)} – {format_date(end, language, now=now)}"


def format_typed_day(day: date, language: str) -> str:
    """A day as people type it (and the parser reads it): 'tirsdag d. 15/12' / 'Tuesday 15/12'."""
    language = _language(language)
    return str(babel_date(day, _TYPED_DAY_PATTERNS[language], locale=language))
