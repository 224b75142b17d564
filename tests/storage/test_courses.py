"""The course store on both databases: a course starts once per case, its steps and dates
round-trip, planned reminders are added and removed, lists and quarterly facts are read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.course import Role, Stage, Step, advance
from domain.identity import PersonRef
from storage.courses import CourseStore, PlannedReminder
from storage.db import Database
from storage.screenings import Cases, NewScreening, Screenings

NOW = datetime(2026, 1, 8, 11, 0, tzinfo=UTC)
ANNE = PersonRef("tenant", "aad-anne")
EVERYONE = frozenset(Role)


async def _case(database: Database) -> str:
    screenings = Screenings(database)
    screening_id = await screenings.save(
        NewScreening("29:anne", "a:chat", "default", "{}", "{}", "eligible", 1, NOW)
    )
    screening = await screenings.get(screening_id)
    assert screening is not None
    opening = await Cases(database).open_from_screening(screening, "29:anne", "AB", NOW)
    return opening.case.reference


async def test_a_course_starts_once_and_its_steps_and_dates_round_trip(database: Database):
    reference = await _case(database)

    def work(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        start = dict(tovholder=ANNE, organisation_id="pc", other_organisation_id="crb", level=1)
        first = store.start(reference, now=NOW, **start)  # type: ignore[arg-type]
        again = store.start(reference, now=NOW + timedelta(hours=1), **start)  # type: ignore[arg-type]
        course = advance(first.course, Step.GIVE_CONSENT, roles=EVERYONE, at=NOW, actor=ANNE)
        course = advance(course, Step.INFORM_OWN_COORDINATOR, roles=EVERYONE, at=NOW)
        saved = store.save(first, course, NOW)
        return first, again, saved, store.get(reference)

    first, again, saved, loaded = await database.run(work)

    assert first.id == again.id and first.initials == "AB"
    assert loaded == saved
    assert loaded.course.stage is Stage.OWN_COORDINATOR_INFORMED
    assert [(e.step, e.actor) for e in loaded.course.history] == [
        (Step.GIVE_CONSENT, ANNE),
        (Step.INFORM_OWN_COORDINATOR, None),
    ]


async def test_planned_reminders_are_added_and_removed_by_key(database: Database):
    reference = await _case(database)
    at = NOW + timedelta(days=7)

    def work(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        stored = store.start(reference, tovholder=ANNE, organisation_id="pc",
                             other_organisation_id=None, level=1, now=NOW)  # fmt: skip
        store.plan(stored.id, [PlannedReminder("k1", "plan", date(2026, 1, 22), at),
                               PlannedReminder("k2", "plan", date(2026, 1, 22), at)])  # fmt: skip
        store.unplan(stored.id, ["k1"])
        return store.planned(stored.id), store.of_tovholder(ANNE), store.of_organisation("pc")

    planned, mine, organisation = await database.run(work)

    assert [p.key for p in planned] == ["k2"] and planned[0].at == at
    assert [c.reference for c in mine] == [reference] == [c.reference for c in organisation]


async def test_facts_for_the_figures_carry_the_follow_ups_held(database: Database):
    reference = await _case(database)

    def work(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        stored = store.start(reference, tovholder=ANNE, organisation_id="pc",
                             other_organisation_id=None, level=1, now=NOW)  # fmt: skip
        course = stored.course
        for step in (Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR,
                     Step.INFORM_OTHER_COORDINATOR):  # fmt: skip
            course = advance(course, step, roles=EVERYONE, at=NOW)
        for step in (Step.SCHEDULE_MEETING, Step.HOLD_MEETING, Step.WRITE_PLAN, Step.SEND_PLAN,
                     Step.FORWARD_PLAN, Step.HOLD_FOLLOW_UP):  # fmt: skip
            course = advance(course, step, roles=EVERYONE, at=NOW, on=date(2026, 1, 8))
        store.save(stored, course, NOW)
        return store.facts(ZoneInfo("Europe/Copenhagen"))

    [(organisation, facts)] = await database.run(work)

    assert organisation == "pc"
    assert facts.started_on == date(2026, 1, 8)
    assert facts.plan_written_on == date(2026, 1, 8)
    assert facts.follow_ups_held == (date(2026, 1, 8),)
