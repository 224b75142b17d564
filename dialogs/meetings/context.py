"""What the meeting-poll flows share: units of work, the clock, the calendar, the calendar links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.replies import Replies
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.identity import PersonRef
from domain.meetings import LinkPayload, sign
from storage.audit import AuditEntry, AuditLog
from storage.unit_of_work import UnitOfWork, UnitsOfWork

T = TypeVar("T")
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


CaseMeetingHook = Callable[[UnitOfWork, str, datetime | None, PersonRef | None], None]


@dataclass(frozen=True)
class MeetingsContext:
    units: UnitsOfWork
    replies: Replies
    clock: Clock
    calendar: WorkingCalendar
    zone: ZoneInfo
    links: CalendarLinks
    # The case's course learns the meeting (in the same unit of work): (unit, case, start, actor)
    on_case_meeting: CaseMeetingHook | None = None

    async def run(self, work: Callable[[UnitOfWork], T]) -> T:
        return await self.units.run(work)

    def audit(
        self,
        unit: UnitOfWork,
        actor: PersonRef | None,
        action: str,
        poll_id: str,
        *,
        outcome: str = "done",
        case_reference: str | None = None,
        **detail: str | int | bool | None,
    ) -> None:
        AuditLog(unit.session).record(
            AuditEntry(
                unit.now,
                actor,
                action,
                "meeting_poll",
                poll_id,
                outcome,
                case_reference=case_reference,
                detail=detail,
            )
        )
