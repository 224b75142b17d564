"""The iCalendar invitation for a finalised meeting, in the form Outlook accepts.

One UID per poll (``<poll id>@<domain>``) for the meeting's whole life; SEQUENCE goes up with
every move or cancellation so calendars replace the earlier version instead of adding a copy.
Times are written with TZID=Europe/Copenhagen and the zone's definition travels with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

TZID = "Europe/Copenhagen"
PRODID = "-//KI-bot//Mødeplanlægning//DA"
_ZONE = ZoneInfo(TZID)
_POLL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_DOMAIN = re.compile(
    r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
)
_EMAIL = re.compile(r"[^@\s:<>\"]+@[^@\s:<>\"]+")


@dataclass(frozen=True)
class Invitee:
    """A person on the invitation; people without an e-mail address get no ATTENDEE line."""

    name: str
    email: str | None = None
    required: bool = True

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an invitee needs a name")
        if self.email is not None and not _EMAIL.fullmatch(self.email):
            raise ValueError("an invitee's e-mail address must look like name@example.org")


@dataclass(frozen=True)
class Meeting:
    """A finalised meeting as the calendar sees it. ``stamp`` is when this version was made."""

    poll_id: str
    domain: str
    start: datetime
    end: datetime
    summary: str
    organizer: Invitee
    attendees: tuple[Invitee, ...]
    stamp: datetime
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False
    private: bool = True

    def __post_init__(self) -> None:
        if not _POLL_ID.fullmatch(self.poll_id):
            raise ValueError("a poll id is letters, digits, '.', '_' or '-'")
        if not _DOMAIN.fullmatch(self.domain):
            raise ValueError("the UID domain must be a lower-case host name such as ki-bot.example")
        for moment in (self.start, self.end, self.stamp):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("meeting times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("a meeting must end after it starts")
        if not self.summary.strip():
            raise ValueError("a meeting needs a summary (its title)")
        if self.sequence < 0:
            raise ValueError("the sequence starts at 0")
        if self.organizer.email is None:
            raise ValueError("the organizer needs an e-mail address")

    @property
    def uid(self) -> str:
        return uid_for(self.poll_id, self.domain)

    def moved(self, start: datetime, end: datetime, *, stamp: datetime) -> Meeting:
        """The same meeting at a new time: same UID, next SEQUENCE."""
        return replace(self, start=start, end=end, stamp=stamp, sequence=self.sequence + 1)

    def cancel(self, *, stamp: datetime) -> Meeting:
        """The cancelled meeting: same UID, next SEQUENCE, sent with METHOD:CANCEL."""
        return replace(self, cancelled=True, stamp=stamp, sequence=self.sequence + 1)


def uid_for(poll_id: str, domain: str) -> str:
    return f"ki-poll-{poll_id}@{domain}"


def content_type(meeting: Meeting) -> str:
    """The HTTP Content-Type to serve the invitation with."""
    return f"text/calendar; charset=utf-8; method={_method(meeting)}"


def invitation_ics(meeting: Meeting) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", _method(meeting))
    calendar.add_component(copenhagen_vtimezone())
    calendar.add_component(_event(meeting))
    ics: bytes = calendar.to_ical()
    return ics


def copenhagen_vtimezone() -> Timezone:
    """Europe/Copenhagen with the EU summer-time rule (last Sunday of March and October)."""
    zone = Timezone()
    zone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1996, 10, 27, 3, 0))  # noqa: DTZ001 - local time by design
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    daylight = TimezoneDaylight()
    daylight.add("dtstart", datetime(1981, 3, 29, 2, 0))  # noqa: DTZ001 - local time by design
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def _method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.cancelled else "REQUEST"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.stamp.astimezone(UTC))
    event.add("dtstart", meeting.start.astimezone(_ZONE))
    event.add("dtend", meeting.end.astimezone(_ZONE))
    event.add("summary", meeting.summary)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.description:
        event.add("description", meeting.description)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    # Health and social-care meetings: hide the details from people who only see free/busy.
    event.add("class", "PRIVATE" if meeting.private else "PUBLIC")
    event.add("organizer", _address(meeting.organizer, role=None))
    for invitee in meeting.attendees:
        if invitee.email is not None:
            role = "REQ-PARTICIPANT" if invitee.required else "OPT-PARTICIPANT"
            event.add("attendee", _address(invitee, role=role))
    return event


def _address(invitee: Invitee, *, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{invitee.email}")
    # Outlook does not read RFC 6868 escapes, so a double quote cannot appear in a name.
    address.params["CN"] = invitee.name.replace('"', "'").replace("\n", " ").strip()
    if role is not None:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address
