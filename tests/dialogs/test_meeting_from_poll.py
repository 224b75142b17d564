"""A finalised meeting poll of a case tells the case's course: the meeting is scheduled (or its
date corrected) in the poll's unit of work; the plan's deadline counts from the meeting held."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.replies import Replies
from dialogs.course import CourseContext
from dialogs.course.steps import meeting_from_poll
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.course import Role, Stage, Step, advance
from domain.identity import PersonRef
from storage.audit import AuditLog
from storage.courses import CourseStore
from storage.db import Database
from storage.outbox import Outbox
from storage.unit_of_work import UnitsOfWork
from tests.storage.test_courses import _case

ZONE = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANNE = PersonRef("tenant", "aad-anne")
EVERYONE = frozenset(Role)


async def _course_waiting_for_a_meeting(database: Database) -> str:
    reference = await _case(database)

    def work(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        started = store.start(
            reference, tovholder=ANNE, organisation_id=None, other_organisation_id=None,
            level=1, now=NOW,
        )  # fmt: skip
        course = started.course
        for step in (Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR, Step.INFORM_OTHER_COORDINATOR):
            course = advance(course, step, roles=EVERYONE, at=NOW, actor=ANNE)
        store.save(started, course, NOW)

    await database.run(work)
    return reference


def _context(database: Database) -> CourseContext:
    clock = FixedClock(NOW)
    return CourseContext(
        UnitsOfWork(database, clock), Replies(), clock, WorkingCalendar.from_settings(), ZONE
    )


async def test_a_finalised_poll_schedules_the_meeting_on_the_cases_course(
    database: Database,
):
    reference = await _course_waiting_for_a_meeting(database)
    ctx = _context(database)
    meeting = datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)

    await ctx.units.run(lambda unit: meeting_from_poll(ctx, unit, reference, meeting, ANNE))

    stored = await database.run(lambda s: CourseStore(s).get(reference))
    assert stored is not None
    assert stored.course.stage is Stage.MEETING_SCHEDULED
    assert stored.meeting_at == meeting.astimezone(UTC)
    entries = await database.run(lambda s: AuditLog(s).entries(case_reference=reference))
    assert any(e.action == "course.step" for e in entries)


async def test_a_moved_meeting_corrects_the_date_instead_of_scheduling_twice(database: Database):
    reference = await _course_waiting_for_a_meeting(database)
    ctx = _context(database)
    first = datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)
    moved = first + timedelta(days=7)

    await ctx.units.run(lambda unit: meeting_from_poll(ctx, unit, reference, first, ANNE))
    await ctx.units.run(lambda unit: meeting_from_poll(ctx, unit, reference, moved, ANNE))

    stored = await database.run(lambda s: CourseStore(s).get(reference))
    assert stored is not None and stored.course.stage is Stage.MEETING_SCHEDULED
    assert stored.course.dates.meeting_on == date(2026, 12, 10)


async def test_someone_not_on_the_case_cannot_schedule_its_meeting_through_a_poll(
    database: Database,
):
    reference = await _course_waiting_for_a_meeting(database)
    ctx = _context(database)
    stranger = PersonRef("tenant", "aad-stranger")

    await ctx.units.run(
        lambda unit: meeting_from_poll(
            ctx, unit, reference, datetime(2026, 12, 3, tzinfo=ZONE), stranger
        )
    )

    stored = await database.run(lambda s: CourseStore(s).get(reference))
    assert stored is not None and stored.course.stage is not Stage.MEETING_SCHEDULED
    assert await database.run(lambda s: Outbox(s).counts()) == {}
