"""Calendar arithmetic for day expressions: which year a "3/12" means, ISO weeks, weekdays."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from .errors import TimeNotUnderstood


def day_in_year(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_day_month(
    day: int,
    month: int,
    year: int | None,
    *,
    not_before: date,
    latest: date | None = None,
) -> date:
    """The date a day and month mean.

    With a year, that date. Without one: the first such date on or after ``not_before`` (next
    year once this year's has passed), or, given ``latest``, the last one on or before it (the
    start of a range such as "28/12–3/1"). A day that exists in no year (31/11) is refused.
    """
    if year is not None:
        found = day_in_year(year, month, day)
        if found is None:
            raise TimeNotUnderstood("impossible_date")
        return found
    anchor = latest or not_before
    step = -1 if latest is not None else 1
    for candidate_year in range(
        anchor.year, anchor.year + 9 * step, step
    ):  # 29/2 needs a leap year
        found = day_in_year(candidate_year, month, day)
        if found is not None and (found <= latest if latest is not None else found >= not_before):
            return found
    raise TimeNotUnderstood("impossible_date")


def week_monday(week: Literal["this", "next"] | int, year: int | None, today: date) -> date:
    """The Monday of this week, next week, or ISO week ``week`` (the coming one without a year)."""
    this_monday = today - timedelta(days=today.weekday())
    if week == "this":
        return this_monday
    if week == "next":
        return this_monday + timedelta(days=7)
    candidates = (
        [year] if year is not None else [today.isocalendar().year, today.isocalendar().year + 1]
    )
    for candidate in candidates:
        try:
            monday = date.fromisocalendar(candidate, week, 1)
        except ValueError:
            continue
        if year is not None or monday + timedelta(days=6) >= today:
            return monday
    raise TimeNotUnderstood("week_out_of_range", week=week)


def next_weekday(weekday: int, not_before: date) -> date:
    """The first ``weekday`` (0 = Monday) on or after ``not_before``."""
    return not_before + timedelta(days=(weekday - not_before.weekday()) % 7)


def add_months(day: date, count: int) -> date:
    """``count`` calendar months later, on the month's last day when the day does not exist."""
    month_index = day.month - 1 + count
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in range(day.day, 27, -1):
        found = day_in_year(year, month, last)
        if found is not None:
            return found
    return date(year, month, min(day.day, 28))
