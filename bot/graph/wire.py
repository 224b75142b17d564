"""Graph's JSON shapes, in and out: times (dateTimeTimeZone), getSchedule answers, event bodies.

Graph names time zones the Windows way; of the IANA names it documents, Europe/Copenhagen is not
one, so Copenhagen times go out as "Romance Standard Time" (the Windows zone for Brussels,
Copenhagen, Madrid and Paris, same rules) with the local wall time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.meetings.calendar_merge import busy_times
from domain.meetings.calendar_port import (
    CalendarUnknown,
    EventChange,
    EventRequest,
    FreeBusy,
    UnknownReason,
)
from domain.meetings.slots import Interval

WINDOWS_ZONES = {"Europe/Copenhagen": "Romance Standard Time", "UTC": "UTC", "Etc/UTC": "UTC"}
IANA_ZONES = {"Romance Standard Time": "Europe/Copenhagen", "UTC": "UTC", "GMT": "UTC"}
# A named extended property in KI-bot's own namespace: the documented way to find an event by a
# value of ours ($filter=singleValueExtendedProperties/Any(...)); transactionId is not filterable.
TRANSACTION_PROPERTY = "String {064d5ea9-3238-4a6d-ac30-cefbc6c6938f} Name KiBotTransactionId"
BLOCKING = frozenset({"busy", "oof"})
VIEW_BLOCKING = frozenset("23")  # availabilityView: 2 busy, 3 out of office
VIEW_TENTATIVE = frozenset("1")


def graph_time(moment: datetime, time_zone: str) -> dict[str, str]:
    """``moment`` as Graph's dateTimeTimeZone: local wall time plus the zone's Windows name."""
    windows = WINDOWS_ZONES.get(time_zone)
    zone = ZoneInfo(time_zone) if windows else UTC
    local = moment.astimezone(zone).replace(tzinfo=None)
    return {"dateTime": local.isoformat(timespec="seconds"), "timeZone": windows or "UTC"}


def parse_graph_time(value: Any) -> datetime:
    """A dateTimeTimeZone from Graph as an aware datetime; ValueError if unreadable."""
    if not isinstance(value, dict):
        raise ValueError("not a dateTimeTimeZone")
    raw, zone_name = value.get("dateTime"), value.get("timeZone") or "UTC"
    if not isinstance(raw, str) or not isinstance(zone_name, str):
        raise ValueError("not a dateTimeTimeZone")
    local = datetime.fromisoformat(_seven_digits_to_six(raw.removesuffix("Z")))
    if local.tzinfo is not None:
        return local
    name = IANA_ZONES.get(zone_name, zone_name)
    try:
        zone = UTC if name == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone_name!r}") from None
    return local.replace(tzinfo=zone)


def _seven_digits_to_six(raw: str) -> str:
    """Graph writes seven fractional digits (``.0000000``); keep at most six."""
    head, dot, fraction = raw.partition(".")
    return f"{head}.{fraction[:6]}" if dot else head


def schedule_request(
    schedules: Sequence[str], start: datetime, end: datetime, interval_minutes: int
) -> dict[str, Any]:
    return {
        "schedules": list(schedules),
        "startTime": graph_time(start, "UTC"),
        "endTime": graph_time(end, "UTC"),
        "availabilityViewInterval": interval_minutes,
    }


def read_schedule(info: dict[str, Any], start: datetime, interval_minutes: int) -> FreeBusy:
    """One scheduleInformation: its busy/out-of-office and tentative times, or why not."""
    error = info.get("error")
    if isinstance(error, dict) and error:
        return CalendarUnknown(*_schedule_error(error))
    items = info.get("scheduleItems")
    if isinstance(items, list):
        return _from_items(items)
    view = info.get("availabilityView")
    if isinstance(view, str):
        return _from_view(view, start, interval_minutes)
    return CalendarUnknown(UnknownReason.UNAVAILABLE, "no_schedule")


def _schedule_error(error: dict[str, Any]) -> tuple[UnknownReason, str]:
    code = str(error.get("responseCode") or "error")[:80]
    lowered = code.lower()
    if "denied" in lowered or "forbidden" in lowered:
        return UnknownReason.NO_ACCESS, code
    if "notfound" in lowered or "invalid" in lowered or "nomailbox" in lowered:
        return UnknownReason.NO_MAILBOX, code
    return UnknownReason.UNAVAILABLE, code


def _from_items(items: list[Any]) -> FreeBusy:
    busy: list[Interval] = []
    tentative: list[Interval] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        status = str(item.get("status", "")).lower()
        if status not in BLOCKING and status != "tentative":
            continue  # free, workingElsewhere, unknown: free time
        try:
            interval = (parse_graph_time(item.get("start")), parse_graph_time(item.get("end")))
        except ValueError:
            return CalendarUnknown(UnknownReason.UNAVAILABLE, "unreadable_item")
        if interval[1] <= interval[0]:
            continue
        (busy if status in BLOCKING else tentative).append(interval)
    return busy_times(busy, tentative)


def _from_view(view: str, start: datetime, interval_minutes: int) -> FreeBusy:
    """Without items, the merged view: one digit per ``interval_minutes`` from ``start``."""
    step = timedelta(minutes=interval_minutes)
    busy: list[Interval] = []
    tentative: list[Interval] = []
    for n, digit in enumerate(view):
        begins = start + n * step
        if digit in VIEW_BLOCKING:
            busy.append((begins, begins + step))
        elif digit in VIEW_TENTATIVE:
            tentative.append((begins, begins + step))
    return busy_times(busy, tentative)


def event_body(request: EventRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": request.subject,
        "body": {"contentType": "text", "content": request.body},
        "start": graph_time(request.start, request.time_zone),
        "end": graph_time(request.end, request.time_zone),
        "attendees": [
            {
                "emailAddress": {"address": a.address, **({"name": a.name} if a.name else {})},
                "type": "required" if a.required else "optional",
            }
            for a in request.attendees
        ],
        # Health and social-care meetings: people who only see free/busy see no details.
        "sensitivity": "private",
        "showAs": "busy",
        "responseRequested": True,
        "allowNewTimeProposals": False,
        "transactionId": request.transaction_id,
        "singleValueExtendedProperties": [
            {"id": TRANSACTION_PROPERTY, "value": request.transaction_id}
        ],
    }
    if request.location:
        body["location"] = {"displayName": request.location}
    if request.online:
        body["isOnlineMeeting"] = True
        body["onlineMeetingProvider"] = "teamsForBusiness"
    return body


def change_body(change: EventChange) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if change.start is not None and change.end is not None:
        body["start"] = graph_time(change.start, change.time_zone)
        body["end"] = graph_time(change.end, change.time_zone)
    if change.location is not None:
        body["location"] = {"displayName": change.location}
    if change.subject is not None:
        body["subject"] = change.subject
    if change.body is not None:
        body["body"] = {"contentType": "text", "content": change.body}
    return body


def transaction_filter(transaction_id: str) -> str:
    value = transaction_id.replace("'", "''")
    return (
        f"singleValueExtendedProperties/Any(ep: ep/id eq '{TRANSACTION_PROPERTY}' "
        f"and ep/value eq '{value}')"
    )


def join_url(event: Any) -> str | None:
    """The Teams link of an event, if Graph gave one (``onlineMeeting.joinUrl``)."""
    if not isinstance(event, dict):
        return None
    meeting = event.get("onlineMeeting")
    url = meeting.get("joinUrl") if isinstance(meeting, dict) else None
    return url if isinstance(url, str) and url.startswith("https://") else None
