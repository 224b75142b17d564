"""When a poll reminds: each participant with Teams who has not answered is nudged 1 and 2
working days after the round went out (at the same time of day), and the tovholder hears the
morning after the answer-by date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.identity import PersonRef

from .poll import Poll

NUDGE_AFTER_WORKING_DAYS: Final = (1, 2)
DEADLINE_NOTICE_AT: Final = time(8, 0)


@dataclass(frozen=True)
class Nudge:
    participant: str  # the poll's key for them ("p2")
    person: PersonRef
    round: int
    after_days: int
    due: datetime


def nudges(
    poll: Poll,
    sent_at: datetime,
    calendar: WorkingCalendar,
    zone: ZoneInfo,
    days: Sequence[int] = NUDGE_AFTER_WORKING_DAYS,
) -> list[Nudge]:
    """The nudges of the poll's current round, sent at ``sent_at``. They are queued at once and
    withdrawn when the person answers; the tovholder is never nudged."""
    local = sent_at.astimezone(zone)
    schedule = [
        (n, datetime.combine(calendar.add_working_days(local.date(), n), local.timetz()))
        for n in days
    ]
    return [
        Nudge(person.key, person.person, poll.round, n, due)
        for person in poll.people
        if person.person is not None and person.person != poll.tovholder
        for n, due in schedule
    ]


def deadline_notice(poll: Poll, zone: ZoneInfo) -> datetime | None:
    """When the tovholder hears that the answer-by date has passed (None without one)."""
    if poll.answer_by is None:
        return None
    return datetime.combine(poll.answer_by + timedelta(days=1), DEADLINE_NOTICE_AT, tzinfo=zone)
