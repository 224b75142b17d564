"""The course store on both databases: a course starts once per case, its steps and dates
round-trip, planned reminders are added and removed by key, lists and quarterly facts are read,
and changes to one course queue up (exactly one of simultaneous clicks takes a step)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.course import (
    CourseError,
    DeadlineKind,
    EscalationKey,
    Planned,
    ReminderKey,
    Role,
    Stage,
    Step,
    advance,
)
from domain.identity import PersonRef
from storage.course_tables import CourseReminderRecord
from storage.courses import CourseStore
from storage.db import Database
from storage.screenings import Cases, NewScreening, Screenings

NOW = datetime(2026, 1, 8, 11, 0, tzinfo=UTC)
ANNE = PersonRef("tenant", "aad-anne")
EVERYONE = frozenset(Role)
SEVEN_DAYS = ReminderKey("KI-2026-0001", DeadlineKind.PLAN, "7d", date(2026, 1, 22))
MISSED = EscalationKey("KI-2026-0001", DeadlineKind.PLAN, date(2026, 1, 22))


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
        store.plan(stored.id, [Planned(SEVEN_DAYS, at), Planned(MISSED, at)])
        store.unplan(stored.id, [Planned(SEVEN_DAYS, at)])
        return store.planned(stored.id), store.of_tovholder(ANNE), store.of_organisation("pc")

    planned, mine, organisation = await database.run(work)

    assert planned == [Planned(MISSED, at)]
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


async def test_a_snooze_planned_before_keys_were_values_is_read_and_withdrawn_as_written(
    database: Database,
):
    reference = await _case(database)
    old = f"course:{reference}:plan:7d:snooze:2026-01-23T09:00:2026-01-22"

    def work(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        stored = store.start(reference, tovholder=ANNE, organisation_id="pc",
                             other_organisation_id=None, level=1, now=NOW)  # fmt: skip
        session.execute(
            CourseReminderRecord.__table__.insert().values(  # type: ignore[attr-defined]
                course_id=stored.id, key=old, kind="plan", due=date(2026, 1, 22), at=NOW
            )
        )
        [planned] = store.planned(stored.id)
        store.unplan(stored.id, [planned])
        return planned, store.planned(stored.id)

    planned, after = await database.run(work)

    assert isinstance(planned.key, ReminderKey) and planned.key.snoozed_to == "2026-01-23T09:00"
    assert planned.text == old and after == []


async def test_of_simultaneous_clicks_on_one_course_exactly_one_takes_the_step(database: Database):
    reference = await _case(database)
    await database.run(
        lambda session: CourseStore(session).start(
            reference,
            tovholder=ANNE,
            organisation_id="pc",
            other_organisation_id=None,
            level=1,
            now=NOW,
        )
    )

    def click(session):  # type: ignore[no-untyped-def]
        store = CourseStore(session)
        stored = store.get(reference, for_update=True)
        assert stored is not None
        try:
            course = advance(stored.course, Step.GIVE_CONSENT, roles=EVERYONE, at=NOW, actor=ANNE)
        except CourseError:
            return False
        store.save(stored, course, NOW)
        return True

    taken = await asyncio.gather(*(database.run(click) for _ in range(8)))
    stored = await database.run(lambda session: CourseStore(session).get(reference))

    assert sorted(taken) == [False] * 7 + [True]
    assert stored is not None and [e.step for e in stored.course.history] == [Step.GIVE_CONSENT]


async def test_a_course_carries_the_names_teams_sent_for_its_tovholder_and_actors(
    database: Database,
):
    from storage.models import UserRecord

    reference = await _case(database)
    bo = PersonRef("tenant", "aad-bo")

    def work(session):  # type: ignore[no-untyped-def]
        seen = {"first_seen_at": NOW, "last_seen_at": NOW}
        session.add(UserRecord(teams_user_id="29:anne", aad_object_id="AAD-Anne",
                               tenant_id="Tenant", name="Anne Andersen", **seen))  # fmt: skip
        session.add(UserRecord(teams_user_id="29:bo", aad_object_id="aad-bo", tenant_id="tenant",
                               name=" ", **seen))  # fmt: skip
        store = CourseStore(session)
        first = store.start(reference, tovholder=ANNE, organisation_id=None,
                            other_organisation_id=None, level=1, now=NOW)  # fmt: skip
        course = advance(first.course, Step.GIVE_CONSENT, roles=EVERYONE, at=NOW, actor=bo)
        return store.save(first, course, NOW)

    saved = await database.run(work)

    assert dict(saved.names) == {ANNE: "Anne Andersen"}  # a blank name is no name
