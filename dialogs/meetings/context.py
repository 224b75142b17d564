"""What the meeting-poll flows share: the clock, the working calendar, the zone, the calendar
links, and the course's hook for a case's meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.identity import PersonRef
from domain.meetings import LinkPayload, sign
from storage.unit_of_work import UnitOfWork

LINK_LIFETIME = timedelta(days=30)  # after the meeting; a moved meeting gets a new link


@dataclass(frozen=True)
class CalendarLinks:
    """Signed "add to calendar" links under the bot's public URL; none without both settings.

    People only read that there is no calendar link; the operator's hint (``problem``) is for
    the log at start-up and for ``ki-bot doctor``."""

    secret: str
    public_url: str

    @property
    def missing(self) -> tuple[str, ...]:
        """The settings the links need that are not set."""
        return tuple(
            name
            for name, value in (("LINK_SECRET", self.secret), ("PUBLIC_URL", self.public_url))
            if not value
        )

    @property
    def configured(self) -> bool:
        return not self.missing

    @property
    def problem(self) -> str | None:
        """What is missing and what it breaks, for operators (None when configured)."""
        if self.configured:
            return None
        return (
            f"{' and '.join(self.missing)} not set: meeting confirmations carry no "
            "'add to calendar' link and /calendar/… serves no invitation"
        )

    def url(self, poll_id: str, sequence: int, meeting_end: datetime) -> str | None:
        if not self.configured:
            return None
        token = sign(
            LinkPayload(poll_id, sequence, meeting_end + LINK_LIFETIME), self.secret.encode()
        )
        return f"{self.public_url.rstrip('/')}/calendar/{token}.ics"


# The case's course learns the meeting in the poll's unit of work: (unit, case, start or None
# for a cancelled meeting, the tovholder who decided).
CaseMeetingHook = Callable[[UnitOfWork, str, datetime | None, PersonRef | None], None]


@dataclass(frozen=True)
class MeetingsContext:
    clock: Clock
    calendar: WorkingCalendar
    zone: ZoneInfo
    links: CalendarLinks
    on_case_meeting: CaseMeetingHook | None = None
