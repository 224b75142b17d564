"""The absence periods people type ("fravær i dag", "fravær 1/12–5/12", "fravær uge 50"), read by
the Danish date parser (``domain.timeparse.parse_date``) as a first and last day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from domain.timeparse import TimeNotUnderstood, parse_date
from domain.timeparse.zone import COPENHAGEN

PeriodParser = Callable[[str, date], tuple[date, date]]


class InvalidPeriod(ValueError):
    """The text is not a date or a period; ``code`` is the time parser's reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_absence_period(text: str, today: date) -> tuple[date, date]:
    """First and last day (inclusive); no text means today."""
    if not text.strip():
        return today, today
    noon = datetime.combine(today, time(12, 0), tzinfo=COPENHAGEN)
    try:
        parsed = parse_date(text, noon)
    except TimeNotUnderstood as error:
        raise InvalidPeriod(error.code) from None
    return parsed.start, parsed.end or parsed.start
