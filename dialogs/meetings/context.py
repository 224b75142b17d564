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
    """Signed "add to calendar" links under the bot's public URL; none without both settings."""

    secret: str
    public_url: str

    def url(self, poll_id: str, sequence: int, meeting_end: datetime) -> str | None:
        if not self.secret or not self.public_url:
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
