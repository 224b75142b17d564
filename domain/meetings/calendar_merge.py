"""Proposals that respect real calendars: Outlook free/busy merged into ``propose_slots``.

A required participant's busy and out-of-office times block a slot, on top of working hours,
holidays, closing days and registered absences. Optional participants' calendars are read and
reported but block nothing. A calendar that could not be read ("kalender ukendt") blocks nothing
either; the result names whose calendars were consulted and whose could not be.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .calendar_port import BusyTimes, CalendarUnknown, FreeBusy, UnknownReason
from .slots import COPENHAGEN, Interval, Slot, WorkingDays, propose_slots, working_days_after

OUTLOOK_PREFIX = "outlook:"


@dataclass(frozen=True)
class CalendarOverview:
    """Whose Outlook calendars were read (``consulted``) and whose not (``unknown``, with why);
    ``blocking`` holds the busy/out-of-office times of required participants only."""

    consulted: tuple[str, ...] = ()
    unknown: tuple[tuple[str, UnknownReason], ...] = ()
    blocking: Mapping[str, tuple[Interval, ...]] | None = None

    @property
    def unknown_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.unknown)

    def busy(self) -> dict[str, list[Interval]]:
        """The blocking times as ``propose_slots`` takes them (one entry per person)."""
        return {f"{OUTLOOK_PREFIX}{k}": list(v) for k, v in (self.blocking or {}).items() if v}


@dataclass(frozen=True)
class Proposal:
    slots: list[Slot]
    calendars: CalendarOverview


def calendar_overview(
    free_busy: Mapping[str, FreeBusy], required: Collection[str]
) -> CalendarOverview:
    """Sort what the calendars said into consulted and unknown, in the order given, and keep
    the required participants' blocking times."""
    consulted: list[str] = []
    unknown: list[tuple[str, UnknownReason]] = []
    blocking: dict[str, tuple[Interval, ...]] = {}
    for key, answer in free_busy.items():
        if isinstance(answer, CalendarUnknown):
            unknown.append((key, answer.reason))
            continue
        consulted.append(key)
        if key in required and answer.busy:
            blocking[key] = merge_intervals(answer.busy)
    return CalendarOverview(tuple(consulted), tuple(unknown), blocking)


def propose_with_calendars(
    now: datetime,
    *,
    calendar: WorkingDays,
    free_busy: Mapping[str, FreeBusy],
    required: Collection[str],
    busy: Mapping[str, Sequence[Interval]] | None = None,
    **options: Any,
) -> Proposal:
    """``propose_slots`` with the required participants' Outlook busy times added to ``busy``
    (registered absences, slots already tried); ``options`` go to ``propose_slots`` as they are.
    """
    overview = calendar_overview(free_busy, required)
    merged: dict[str, Sequence[Interval]] = dict(busy or {})
    merged.update(overview.busy())
    slots = propose_slots(now, calendar=calendar, busy=merged, **options)
    return Proposal(slots, overview)


def proposal_window(
    now: datetime,
    *,
    calendar: WorkingDays,
    horizon_working_days: int = 15,
    tz: ZoneInfo = COPENHAGEN,
) -> tuple[datetime, datetime]:
    """The period to read free/busy for before proposing: from ``now`` to the end of the last
    working day ``propose_slots`` looks at (with the same horizon)."""
    days = working_days_after(now.astimezone(tz).date(), calendar, horizon_working_days)
    last = days[-1] if days else now.astimezone(tz).date()
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    return now, max(end, now + timedelta(minutes=1))


def merge_intervals(intervals: Sequence[Interval]) -> tuple[Interval, ...]:
    """Overlapping or touching intervals as one, sorted."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def busy_times(busy: Sequence[Interval] = (), tentative: Sequence[Interval] = ()) -> BusyTimes:
    """A read calendar with its intervals merged."""
    return BusyTimes(merge_intervals(busy), merge_intervals(tentative))
