"""When an unclaimed request is reminded about, and how old a request reads."""

from __future__ import annotations

from datetime import datetime

from domain.calendar import WorkingCalendar


def unclaimed_reminder_due(
    asked_at: datetime, calendar: WorkingCalendar, working_hours: float
) -> datetime:
    """``working_hours`` of working time after the question: nights, weekends, Danish public
    holidays and closed days do not count."""
    return calendar.add_working_hours(asked_at, working_hours)


def age_label_parts(asked_at: datetime, now: datetime) -> tuple[str, int]:
    """("now" | "minutes" | "hour" | "hours" | "days", n): how long ago a request was asked, in
    the largest whole unit ("hour" is the singular the wording needs)."""
    seconds = max(0, int((now - asked_at).total_seconds()))
    if seconds < 60:
        return "now", 0
    if seconds < 3600:
        return "minutes", seconds // 60
    if seconds < 2 * 3600:
        return "hour", 1
    if seconds < 48 * 3600:
        return "hours", seconds // 3600
    return "days", seconds // 86400
