"""Calendar-month arithmetic: a day that does not exist in the target month becomes its last."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)``."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
