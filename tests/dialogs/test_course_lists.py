"""The course lists and the Monday overview on fakes: one's own courses, a coordinator's
organisation (overdue first), the coming deadlines, and one overview per coordinator and week."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dialogs.course.lists import CourseLists
from dialogs.router import Router
from domain.calendar import WorkingCalendar
from domain.course import Step
from domain.course.keys import OverviewKey
from domain.messaging import ToPerson
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    CARLA,
    ERIK,
    REFERENCE,
    UP_TO_MEETING,
    as_,
    at_stage,
    context,
    course_unit,
    local,
)
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


def _late_course(*parts: int) -> FakeUnitOfWork:
    """A course whose plan was due on 22 January."""
    unit = course_unit(local(*parts))
    at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=date(2026, 1, 8))
    return unit


async def test_mine_lists_ones_own_courses_with_their_next_deadline():
    unit = _late_course(2026, 1, 9, 10)
    lists = CourseLists(context(unit))

    mine = await lists.mine(as_(ANNE), "")
    none = await lists.mine(as_(ERIK), "")

    assert mine.card is not None and REFERENCE in str(mine.card)
    assert "torsdag d. 22. januar" in str(mine.card)
    assert none.card is not None and "Ingen forløb." in str(none.card)


async def test_a_coordinator_lists_the_organisations_courses_and_others_are_told_it_is_for_them():
    unit = _late_course(2026, 1, 23, 10)
    lists = CourseLists(context(unit))

    bo = await lists.organisation(as_(BO), "")
    anne = await lists.organisation(as_(ANNE), "")

    assert bo.card is not None and "KI-forløb i Psykiatrisk Center Amager" in str(bo.card)
    assert "fristen var torsdag d. 22. januar" in str(bo.card)
    assert anne.text is not None and "for koordinatorer" in anne.text


async def test_deadlines_lists_the_coming_deadlines_of_ones_courses():
    unit = _late_course(2026, 1, 9, 10)

    reply = await CourseLists(context(unit)).start(as_(ANNE))

    assert reply.card is not None and "Frister i dine KI-forløb" in str(reply.card)
    assert REFERENCE in str(reply.card)


async def test_the_typed_commands_are_on_the_router_and_need_a_known_person():
    unit = _late_course(2026, 1, 9, 10)
    router = Router(FakeUnitsOfWork(unit))
    CourseLists(context(unit)).register(router)

    replies = [await router.typed(as_(None), name, "") for name in ("my_courses", "courses")]

    assert all(r is not None and r.refused for r in replies)
    assert router.knows_text("deadlines")


async def test_each_coordinator_gets_one_overview_a_week_on_monday_mornings():
    unit = _late_course(2026, 1, 26, 7)
    lists = CourseLists(context(unit))

    early = await lists.weekly_overview(local(2026, 1, 26, 7, 59))
    first = await lists.weekly_overview(local(2026, 1, 26, 8, 0))
    again = await lists.weekly_overview(local(2026, 1, 26, 8, 30))
    sunday = await lists.weekly_overview(local(2026, 2, 1, 9))

    assert (early, first, again, sunday) == (0, 2, 0, 0)
    overviews = {m.address: m for m in unit.outbox.pending()}
    assert set(overviews) == {ToPerson(BO), ToPerson(CARLA)}
    assert overviews[ToPerson(BO)].dedupe_key == str(OverviewKey(2026, 5, "pc-amager", "aad-bo"))
    text = str(overviews[ToPerson(BO)].content.card)
    assert "Overskredne frister" in text and REFERENCE in text and "2026-Q1" in text


async def test_a_week_without_a_working_day_sends_no_overview_to_arrive_the_week_after():
    unit = _late_course(2026, 12, 28, 7)  # 28-31 December closed here, 1 January a holiday
    closed = WorkingCalendar.from_settings(closed_days="12-24,12-28,12-29,12-30,12-31")
    lists = CourseLists(replace(context(unit), calendar=closed))

    between_the_years = await lists.weekly_overview(local(2026, 12, 28, 9))
    next_monday = await lists.weekly_overview(local(2027, 1, 4, 9))

    assert (between_the_years, next_monday) == (0, 2)
    assert {m.dedupe_key for m in unit.outbox.pending()} == {
        str(OverviewKey(2027, 1, "pc-amager", "aad-bo")),
        str(OverviewKey(2027, 1, "crb-kbh", "aad-carla")),
    }


async def test_an_overview_is_written_in_each_coordinators_language():
    unit = _late_course(2026, 1, 26, 9)
    unit.preferences.languages[BO] = "en"

    await CourseLists(context(unit)).weekly_overview(local(2026, 1, 26, 9))

    [bo] = [m for m in unit.outbox.pending() if m.address == ToPerson(BO)]
    assert bo.language == "en" and "Overskredne" not in str(bo.content.card)
