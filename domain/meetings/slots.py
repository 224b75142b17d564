"""Candidate meeting times ("foreslå tider") over the next working days.

The proposals are spread so that a poll has a real chance: over at least three different days,
over mornings and afternoons, at on-the-hour times where possible, and never during a
participant's registered absence. The same input always gives the same slots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
NOON = time(12, 0)
_MAX_SCAN_DAYS = 400  # guards against a calendar that never has a working day

Interval = tuple[datetime, datetime]


class WorkingDays(Protocol):
    """The working-day calendar (``domain.calendar.WorkingCalendar`` satisfies it)."""

    def is_working_day(self, d: date, /) -> bool: ...


@dataclass(frozen=True)
class MeetingHours:
    """When meetings may take place, in local wall time; Monday is weekday 0."""

    start: time = time(8, 30)
    end: time = time(15, 30)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValueError("meeting hours must start before they end")
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError("meeting weekdays must be numbers 0 (Monday) to 6 (Sunday)")


@dataclass(frozen=True, order=True)
class Slot:
    """One candidate time; both ends are timezone-aware."""

    start: datetime
    end: datetime

    def to_mapping(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def whole_days(first: date, last: date, tz: ZoneInfo = COPENHAGEN) -> Interval:
    """An absence registered as dates ("fravær 1/12–5/12") as a busy interval."""
    if last < first:
        raise ValueError("an absence cannot end before it starts")
    return (
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
    )


def propose_slots(
    now: datetime,
    *,
    calendar: WorkingDays,
    count: int = 6,
    minutes: int = 60,
    meeting_hours: MeetingHours | None = None,
    horizon_working_days: int = 15,
    busy: Mapping[str, Sequence[Interval]] | None = None,
    tz: ZoneInfo = COPENHAGEN,
    step_minutes: int = 30,
) -> list[Slot]:
    """Up to ``count`` free slots of ``minutes`` on the working days after ``now``'s date.

    ``busy`` maps each participant to their absences; a slot touching any of them is skipped.
    For new proposals after a failed poll, pass the slots already tried as one more entry.
    Fewer than ``count`` slots come back only when the horizon has no more free times.
    """
    hours = meeting_hours or MeetingHours()
    _check(now, count, minutes, hours, horizon_working_days, step_minutes)
    blocked = sorted(_intervals(busy or {}))
    grid = _grid(hours, minutes, step_minutes)
    free: dict[date, list[Slot]] = {}
    for day in _days(now.astimezone(tz).date(), calendar, hours, horizon_working_days):
        slots = [_slot(day, start, minutes, tz) for start in grid]
        free_today = [s for s in slots if s.start > now and not _clashes(s, blocked)]
        if free_today:
            free[day] = free_today
    return sorted(_choose(free, grid, count))


def _check(
    now: datetime, count: int, minutes: int, hours: MeetingHours, horizon: int, step: int
) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if count < 1:
        raise ValueError("count must be at least 1")
    if horizon < 1:
        raise ValueError("the horizon must be at least one working day")
    if step < 5 or 60 % step:
        raise ValueError("step_minutes must divide an hour (e.g. 15 or 30)")
    span = _minutes_of(hours.end) - _minutes_of(hours.start)
    if not 1 <= minutes <= span:
        raise ValueError(f"a meeting must last 1 to {span} minutes within the meeting hours")


def _intervals(busy: Mapping[str, Sequence[Interval]]) -> list[Interval]:
    intervals = [interval for person in sorted(busy) for interval in busy[person]]
    for start, end in intervals:
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("busy intervals must be timezone-aware")
        if end <= start:
            raise ValueError("a busy interval must end after it starts")
    return intervals


def _minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def _grid(hours: MeetingHours, minutes: int, step: int) -> list[time]:
    """Start times on the step grid (:00/:30) that let the meeting end within the hours."""
    first = -(-_minutes_of(hours.start) // step) * step
    last = _minutes_of(hours.end) - minutes
    return [time(m // 60, m % 60) for m in range(first, last + 1, step)]


def working_days_after(today: date, calendar: WorkingDays, horizon: int) -> list[date]:
    """The next ``horizon`` working days after ``today`` (fewer if the calendar has none)."""
    days: list[date] = []
    day = today
    for _ in range(_MAX_SCAN_DAYS):
        if len(days) >= horizon:
            break
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    return days


def _days(today: date, calendar: WorkingDays, hours: MeetingHours, horizon: int) -> list[date]:
    return [
        d for d in working_days_after(today, calendar, horizon) if d.weekday() in hours.weekdays
    ]


def _slot(day: date, start: time, minutes: int, tz: ZoneInfo) -> Slot:
    begins = datetime.combine(day, start, tzinfo=tz)
    ends = (begins.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz)
    return Slot(begins, ends)


def _clashes(slot: Slot, blocked: Sequence[Interval]) -> bool:
    return any(start < slot.end and slot.start < end for start, end in blocked)


def _is_morning(slot: Slot) -> bool:
    return slot.start.time() < NOON


def _preference(grid: Sequence[time], morning: bool, rotation: int) -> list[time]:
    """The half-day's start times, best first: on the hour near the middle, rotated per day."""
    half = [t for t in grid if (t < NOON) == morning]
    if not half:
        return []
    middle = (_minutes_of(half[0]) + _minutes_of(half[-1])) / 2

    def closeness(t: time) -> tuple[float, time]:
        return (abs(_minutes_of(t) - middle), t)

    on_hour = sorted((t for t in half if t.minute == 0), key=closeness)
    others = sorted((t for t in half if t.minute != 0), key=closeness)
    turn = rotation % len(on_hour) if on_hour else 0
    return on_hour[turn:] + on_hour[:turn] + others


def _spread(days: Sequence[date], count: int) -> list[date]:
    """At least three days (when asked for three or more slots), evenly over the horizon."""
    wanted = min(len(days), count, max(3, -(-count // 2)))
    if wanted <= 1:
        return list(days[:wanted])
    return [days[i * (len(days) - 1) // (wanted - 1)] for i in range(wanted)]


def _choose(free: Mapping[date, list[Slot]], grid: Sequence[time], count: int) -> list[Slot]:
    days = sorted(free)
    chosen = _spread(days, count)
    picked: list[Slot] = []
    quotas = [count // len(chosen) + (k < count % len(chosen)) for k in range(len(chosen))]
    for k, (day, quota) in enumerate(zip(chosen, quotas, strict=True)):
        for j in range(quota):
            morning = (j + k) % 2 == 0
            slot = _pick(free[day], grid, morning, k, picked) or _pick(
                free[day], grid, not morning, k, picked
            )
            if slot is not None:
                picked.append(slot)
    rounds = [d for d in days if d not in chosen] + chosen
    progress = True
    while len(picked) < count and progress:
        progress = False
        for k, day in enumerate(rounds):
            if len(picked) == count:
                break
            mornings = sum(_is_morning(s) for s in picked)
            morning = mornings <= len(picked) - mornings
            slot = _pick(free[day], grid, morning, k, picked) or _pick(
                free[day], grid, not morning, k, picked
            )
            if slot is not None:
                picked.append(slot)
                progress = True
    return picked


def _pick(
    candidates: Sequence[Slot],
    grid: Sequence[time],
    morning: bool,
    rotation: int,
    taken: list[Slot],
) -> Slot | None:
    by_start = {s.start.time(): s for s in candidates if _is_morning(s) == morning}
    # Mornings and afternoons rotate in opposite directions so one day's two slots sit apart.
    for start in _preference(grid, morning, rotation if morning else -rotation):
        slot = by_start.get(start)
        if slot is not None and not any(slot.start < t.end and t.start < slot.end for t in taken):
            return slot
    return None
