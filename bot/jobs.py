"""The background jobs of a bot process, each with when it is next due (for the test clock)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.course import CourseLists
from dialogs.course.lists import OVERVIEW_FROM
from dialogs.reminders import ReminderActions
from domain.clock import Clock
from domain.schedule import next_multiple, next_weekly
from storage.db import Database
from storage.leases import Leases
from storage.reminders import Reminders
from storage.turns import TurnRecorder

from .dispatcher import Job
from .privacy_jobs import PrivacyJobs

KEEP_DELIVERY_IDS = timedelta(days=2)
CLEAN_UP_EVERY = timedelta(days=1)
MONDAY = 0


async def _daily(after: datetime) -> datetime:
    return next_multiple(after, CLEAN_UP_EVERY)


def background_jobs(
    *,
    privacy: PrivacyJobs,
    database: Database,
    recorder: TurnRecorder,
    leases: Leases,
    lease_clock: Clock,
    reminders: ReminderActions,
    course_lists: CourseLists,
    zone: ZoneInfo,
) -> list[Job]:
    """The dispatcher's jobs. Leases guard against a dead process, so they expire, and are
    forgotten, on ``lease_clock`` (the process's real clock) whatever clock the rest runs on."""

    async def forget_old_deliveries(now: datetime) -> int:
        return await recorder.forget_deliveries_before(now - KEEP_DELIVERY_IDS)

    async def forget_old_leases(_now: datetime) -> int:
        return await leases.forget_expired_before(lease_clock.now() - KEEP_DELIVERY_IDS)

    async def next_repeat(after: datetime) -> datetime | None:
        return await database.run(lambda session: Reminders(session, after).next_repeat_due())

    async def next_monday_morning(after: datetime) -> datetime:
        return next_weekly(after, zone, MONDAY, OVERVIEW_FROM)

    async def retention_due(after: datetime) -> datetime:
        return privacy.next_due("retention", after)

    async def audit_retention_due(after: datetime) -> datetime:
        return privacy.next_due("audit", after)

    return [
        Job("forget_old_deliveries", forget_old_deliveries, _daily),
        Job("forget_old_leases", forget_old_leases, _daily),
        Job("reminders.roll_forward", reminders.roll_forward, next_repeat),
        Job("course_weekly_overview", course_lists.weekly_overview, next_monday_morning),
        Job("privacy.retention", privacy.retention, retention_due),
        Job("privacy.audit_retention", privacy.audit_retention, audit_retention_due),
    ]
