"""Real calendars over Microsoft Graph (issue #22): free/busy across tenants and Outlook
invitations with a Teams link, behind ``domain.meetings.calendar_port.CalendarPort``.

aiohttp and the REST endpoints directly, not the msgraph SDK: the few calls needed (token,
getSchedule, events create/get/patch/cancel) fit in one small module each, the retry loop takes an
injected sleep for tests, and plain-http loopback fakes work (azure-identity insists on https).
"""

from bot.config import Settings
from domain.meetings.calendar_port import CalendarPort, NoCalendars

from .calendar import MAX_SCHEDULES, MAX_WINDOW, GraphCalendar, GraphConfig, split_window
from .http import RetryPolicy
from .tokens import TokenCache

__all__ = [
    "MAX_SCHEDULES",
    "MAX_WINDOW",
    "GraphCalendar",
    "GraphConfig",
    "RetryPolicy",
    "TokenCache",
    "calendars_from",
    "split_window",
]


def calendars_from(settings: Settings, *, timeout_seconds: float | None = None) -> CalendarPort:
    """Graph when GRAPH_* is configured, otherwise ``NoCalendars`` (today's behaviour)."""
    if settings.graph is None:
        return NoCalendars()
    return GraphCalendar(
        GraphConfig.from_settings(settings.graph),
        timeout_seconds=settings.graph.timeout_seconds
        if timeout_seconds is None
        else timeout_seconds,
    )
