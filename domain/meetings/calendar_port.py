"""What meeting polls need from people's real calendars (Outlook via Microsoft Graph), as plain
data and one Protocol, so capability code never depends on how the calendars are reached.

People are addressed by their tenant and UPN (their e-mail address); an organiser's mailbox by
tenant and UPN or object id. Free/busy comes back per person: the busy times, or why the calendar
could not be read ("kalender ukendt"). Only ``busy`` and out-of-office (``oof``) block a time;
``tentative`` is reported but, as in FindTime, counts as available; ``workingElsewhere``, ``free``
and ``unknown`` items are free time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Protocol

from ..call_failure import CallFailure
from .slots import Interval

COPENHAGEN_TZ = "Europe/Copenhagen"
_TRANSACTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")
_ADDRESS = re.compile(r"[^@\s'\"<>/?#]+@[^@\s'\"<>/?#]+\.[^@\s'\"<>/?#]+")


class UnknownReason(StrEnum):
    """Why a person's calendar could not be consulted; none of them blocks a time."""

    NO_ADDRESS = "no_address"  # no UPN/e-mail address known for the person
    NO_CONSENT = "no_consent"  # their tenant has not consented to the Graph app (or is not listed)
    NO_MAILBOX = "no_mailbox"  # Graph knows no mailbox for the address
    NO_ACCESS = "no_access"  # the app may not read it (e.g. outside the RBAC management scope)
    UNAVAILABLE = "unavailable"  # Graph did not answer in time, or failed after retries


@dataclass(frozen=True)
class CalendarPerson:
    """Whose free/busy to read: ``key`` is the caller's own identifier (e.g. a poll person key)."""

    key: str
    tenant_id: str
    upn: str | None


@dataclass(frozen=True)
class BusyTimes:
    """A calendar that was read: ``busy`` (busy and out of office) blocks, ``tentative`` does not."""

    busy: tuple[Interval, ...] = ()
    tentative: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class CalendarUnknown:
    """A calendar that could not be read; ``detail`` is a short code for logs, never shown."""

    reason: UnknownReason
    detail: str = ""


FreeBusy = BusyTimes | CalendarUnknown


@dataclass(frozen=True)
class Mailbox:
    """An organiser's mailbox: ``user`` is the UPN or the Entra object id, in ``tenant_id``."""

    tenant_id: str
    user: str

    def __post_init__(self) -> None:
        if not self.tenant_id.strip() or not self.user.strip():
            raise ValueError("a mailbox needs a tenant and a user (UPN or object id)")


@dataclass(frozen=True)
class Attendee:
    address: str
    name: str = ""
    required: bool = True

    def __post_init__(self) -> None:
        if not _ADDRESS.fullmatch(self.address):
            raise ValueError("an attendee's address must look like name@example.org")


@dataclass(frozen=True)
class EventRequest:
    """An invitation to create in the organiser's mailbox; Exchange sends it to the attendees.

    ``subject`` and ``body`` must carry no person's name and no CPR number (build them with
    ``domain.meetings.event_text``). ``transaction_id`` is stable for this one invitation (e.g.
    derived from the poll id): creating twice with it gives the same event.
    """

    organizer: Mailbox
    subject: str
    body: str
    start: datetime
    end: datetime
    transaction_id: str
    attendees: tuple[Attendee, ...] = ()
    location: str = ""
    online: bool = False  # ask for a Teams link
    time_zone: str = COPENHAGEN_TZ

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError("event times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("an event must end after it starts")
        if not self.subject.strip():
            raise ValueError("an event needs a subject")
        if not _TRANSACTION_ID.fullmatch(self.transaction_id):
            raise ValueError("a transaction id is 1-100 letters, digits, '.', '_', ':' or '-'")


@dataclass(frozen=True)
class EventChange:
    """What a move changes; fields left ``None`` stay as they are."""

    start: datetime | None = None
    end: datetime | None = None
    location: str | None = None
    subject: str | None = None
    body: str | None = None
    time_zone: str = COPENHAGEN_TZ

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("a move gives both start and end")
        if self.start is not None and self.end is not None:
            if self.start.tzinfo is None or self.end.tzinfo is None:
                raise ValueError("event times must be timezone-aware")
            if self.end <= self.start:
                raise ValueError("an event must end after it starts")


@dataclass(frozen=True)
class EventRef:
    """The created event. ``online_ok`` is False only when a Teams link was asked for and none
    came back (the mailbox may not allow Teams meetings): then say so, and share another way."""

    event_id: str
    join_url: str | None = None
    online_ok: bool = True


class CancelOutcome(StrEnum):
    CANCELLED = "cancelled"  # Exchange sent the cancellation
    ALREADY_GONE = "already_gone"  # the event no longer exists (cancelled or deleted before)


FailureKind = Literal["rate_limited", "transient", "no_consent", "not_found", "rejected"]


class CalendarFailure(CallFailure[FailureKind]):
    """An event call failed. ``kind``: ``rate_limited`` / ``transient`` (try again later, after
    ``retry_after`` seconds when given), ``no_consent`` (the organiser's tenant has not consented:
    use the .ics link), ``not_found`` (the event or mailbox is gone), ``rejected`` (Graph refused
    the request; retrying will not help)."""


class CalendarPort(Protocol):
    """Real calendars. ``bot.graph.GraphCalendar`` implements it over Microsoft Graph."""

    async def free_busy(
        self, people: Sequence[CalendarPerson], start: datetime, end: datetime
    ) -> dict[str, FreeBusy]:
        """Every person's busy times in [start, end), by ``key``; never raises for one person's
        calendar, which comes back as ``CalendarUnknown`` instead."""
        ...

    async def create_event(self, request: EventRequest) -> EventRef:
        """Create the invitation once (idempotent by ``transaction_id``); raises CalendarFailure."""
        ...

    async def update_event(self, organizer: Mailbox, event_id: str, change: EventChange) -> None:
        """Move or edit the event; Exchange sends the update. Raises CalendarFailure."""
        ...

    async def cancel_event(self, organizer: Mailbox, event_id: str, comment: str) -> CancelOutcome:
        """Cancel with a short comment to the attendees. Raises CalendarFailure."""
        ...


class NoCalendars:
    """Real calendars not configured: nobody's calendar is known, and events cannot be made."""

    reason = UnknownReason.NO_CONSENT

    async def free_busy(
        self, people: Sequence[CalendarPerson], start: datetime, end: datetime
    ) -> dict[str, FreeBusy]:
        return {p.key: CalendarUnknown(self.reason, "graph_off") for p in people}

    async def create_event(self, request: EventRequest) -> EventRef:
        raise CalendarFailure("no_consent", "graph_off")

    async def update_event(self, organizer: Mailbox, event_id: str, change: EventChange) -> None:
        raise CalendarFailure("no_consent", "graph_off")

    async def cancel_event(self, organizer: Mailbox, event_id: str, comment: str) -> CancelOutcome:
        raise CalendarFailure("no_consent", "graph_off")
