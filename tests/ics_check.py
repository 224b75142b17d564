"""Checks an iCalendar invitation the way a strict calendar client reads it.

Beyond parsing (icalendar), it holds the invitation to what Outlook needs to treat it as a
meeting request: METHOD, one VEVENT with UID, DTSTAMP in UTC, SEQUENCE, zoned DTSTART/DTEND whose
TZID is defined by a VTIMEZONE whose own rules agree with the IANA zone of that name, an
ORGANIZER and fully described ATTENDEEs, CRLF lines folded at 75 octets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

METHODS = ("REQUEST", "CANCEL")
ROLES = ("REQ-PARTICIPANT", "OPT-PARTICIPANT")


class IcsRejected(AssertionError):
    pass


def check_ics(data: bytes) -> Calendar:
    """The parsed calendar, or IcsRejected listing every problem found."""
    problems = _line_problems(data)
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise IcsRejected(f"does not parse: {error}") from None
    problems += _calendar_problems(calendar)
    if problems:
        raise IcsRejected("; ".join(problems))
    return calendar


def _line_problems(data: bytes) -> list[str]:
    problems = []
    if not data.endswith(b"\r\n") or b"\n" in data.replace(b"\r\n", b""):
        problems.append("lines must end with CRLF")
    if any(len(line) > 75 for line in data.split(b"\r\n")):
        problems.append("a line is longer than 75 octets (not folded)")
    return problems


def _calendar_problems(calendar: Calendar) -> list[str]:
    problems = []
    if calendar.name != "VCALENDAR":
        return ["the outer component is not VCALENDAR"]
    if str(calendar.get("VERSION", "")) != "2.0" or not calendar.get("PRODID"):
        problems.append("VERSION:2.0 and PRODID are required")
    method = str(calendar.get("METHOD", ""))
    if method not in METHODS:
        problems.append(f"METHOD must be one of {METHODS}")
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        return [*problems, "exactly one VEVENT is required"]
    event = events[0]
    problems += _event_problems(event, method)
    zones = {str(z["TZID"]): z for z in calendar.walk("VTIMEZONE") if "TZID" in z}
    for name in ("DTSTART", "DTEND"):
        problems += _zoned_time_problems(event, name, zones)
    return problems


def _event_problems(event: Any, method: str) -> list[str]:
    problems = []
    if not str(event.get("UID", "")).strip():
        problems.append("UID is missing")
    stamp = event.get("DTSTAMP")
    if stamp is None or stamp.dt.tzinfo is None or stamp.dt.utcoffset() != timedelta(0):
        problems.append("DTSTAMP must be a UTC date-time")
    sequence = event.get("SEQUENCE")
    if sequence is None or int(sequence) < 0:
        problems.append("SEQUENCE must be a number from 0")
    if not str(event.get("SUMMARY", "")).strip():
        problems.append("SUMMARY is missing")
    status = str(event.get("STATUS", ""))
    if (method == "CANCEL") != (status == "CANCELLED"):
        problems.append("METHOD:CANCEL goes with STATUS:CANCELLED and only with it")
    organizer = event.get("ORGANIZER")
    if organizer is None or not str(organizer).lower().startswith("mailto:"):
        problems.append("ORGANIZER must be a mailto: address")
    attendees = event.get("ATTENDEE", [])
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        params = attendee.params
        if not str(attendee).lower().startswith("mailto:") or not params.get("CN"):
            problems.append("an ATTENDEE needs a mailto: address and a CN")
        if params.get("ROLE") not in ROLES or params.get("RSVP") not in ("TRUE", "FALSE"):
            problems.append("an ATTENDEE needs ROLE and RSVP")
        if method == "REQUEST" and params.get("PARTSTAT") != "NEEDS-ACTION":
            problems.append("a requested ATTENDEE's PARTSTAT must be NEEDS-ACTION")
    start, end = event.get("DTSTART"), event.get("DTEND")
    if start is not None and end is not None and not _before(start.dt, end.dt):
        problems.append("DTEND must come after DTSTART")
    return problems


def _before(start: Any, end: Any) -> bool:
    try:
        return bool(start < end)
    except TypeError:
        return True  # one of them is floating; reported by the zone check


def _zoned_time_problems(event: Any, name: str, zones: dict[str, Any]) -> list[str]:
    prop = event.get(name)
    if prop is None:
        return [f"{name} is missing"]
    tzid = prop.params.get("TZID")
    if not tzid:
        return [f"{name} must carry a TZID (no floating or UTC-only time)"]
    if tzid not in zones:
        return [f"{name} uses TZID={tzid} but no VTIMEZONE defines it"]
    return _zone_rule_problems(zones[tzid], tzid, prop.dt)


def _zone_rule_problems(component: Any, tzid: str, moment: datetime) -> list[str]:
    kinds = {sub.name for sub in component.subcomponents}
    if not {"STANDARD", "DAYLIGHT"} <= kinds:
        return [f"VTIMEZONE {tzid} needs STANDARD and DAYLIGHT rules"]
    own_rules = component.to_tz(lookup_tzid=False)
    iana = ZoneInfo(tzid)
    for instant in [moment.astimezone(UTC), *_around_changes(iana, moment.year)]:
        if instant.astimezone(own_rules).utcoffset() != instant.astimezone(iana).utcoffset():
            return [f"VTIMEZONE {tzid} disagrees with the IANA zone at {instant:%Y-%m-%d %H:%M}Z"]
    return []


def _around_changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """Noon UTC twice a month, and every hour of each day on which the zone's offset changes."""
    days = [datetime(year, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(366)]
    instants = [day for day in days if day.day in (1, 15)]
    for day, following in pairwise(days):
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            instants += [day + timedelta(hours=h) for h in range(25)]
    return instants
