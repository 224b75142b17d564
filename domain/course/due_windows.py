"""The days a deadline may count from for its last day to fall within a span: the inverse of
``due_day``. With it storage reads only the courses whose deadlines fall in the weeks an overview
shows, instead of every course of an organisation, and the deadline rules stay here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..calendar import WorkingCalendar
from .deadlines import CountedFrom, CourseRules, DeadlineKind, due_day

Due = Callable[[date], date]


def counted_from_between(
    kind: DeadlineKind,
    first: date | None,
    last: date | None,
    rules: CourseRules,
    calendar: WorkingCalendar,
) -> tuple[date | None, date | None]:
    """``(earliest, latest)``: exactly the days ``d`` with ``first <= due_day(kind, d) <= last``
    lie between them (``None``: no bound). One span, because a last day never falls as the day it
    counts from grows; empty when ``earliest > latest``."""

    def due(day: date) -> date:
        return due_day(kind, day, rules, calendar)

    return (
        None if first is None else _first_reaching(due, first),
        None if last is None else _last_within(due, last),
    )


def _first_reaching(due: Due, first: date) -> date:
    """The earliest day whose deadline falls on ``first`` or later."""
    high = first  # every deadline falls after the day it counts from
    low = _before(due, first, lambda d: d < first)
    while (high - low).days > 1:
        middle = low + (high - low) // 2
        if due(middle) >= first:
            high = middle
        else:
            low = middle
    return high


def _last_within(due: Due, last: date) -> date:
    """The latest day whose deadline falls on ``last`` or before."""
    high = last  # due(last) is after last
    low = _before(due, last, lambda d: d <= last)
    while (high - low).days > 1:
        middle = low + (high - low) // 2
        if due(middle) <= last:
            low = middle
        else:
            high = middle
    return low


def _before(due: Due, day: date, holds: Callable[[date], bool]) -> date:
    """A day before ``day`` whose deadline ``holds``, stepping back twice as far each time."""
    step = 1
    while not holds(due(candidate := day - timedelta(days=step))):
        step *= 2
    return candidate


@dataclass(frozen=True)
class Span:
    """The courses whose open deadline ``source`` counts from a day between ``earliest`` and
    ``latest`` (``None``: no bound); the first ``limit`` of them by reference."""

    source: CountedFrom
    earliest: date | None
    latest: date | None
    limit: int | None = None
