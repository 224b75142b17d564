"""Steps on fakes: a step is saved, audited and answered with the actor's own card; a step out of
order, by the wrong role or by someone off the case is refused with a reason and audited; a
corrected day moves the deadlines; a meeting poll of the case schedules (or moves) its meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dialogs.course.commands import CorrectDate, TakeStep
from dialogs.course.planning import replan
from dialogs.course.steps import Steps, meeting_from_poll
from domain.course import DeadlineKind, ReminderKey, Stage, Step
from domain.course import keys as course_keys
from domain.messaging import ToPerson
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    ERIK,
    REFERENCE,
    UP_TO_MEETING,
    ZONE,
    as_,
    at_stage,
    context,
    course_unit,
    local,
    started,
)
from tests.fakes import FakeUnitOfWork


def _course(unit: FakeUnitOfWork):  # type: ignore[no-untyped-def]
    stored = unit.courses.get(REFERENCE)
    assert stored is not None
    return stored


async def test_a_step_is_saved_audited_and_answered_with_the_actors_own_card():
    unit = course_unit()
    started(unit)

    reply = await Steps(context(unit)).take(as_(ANNE), TakeStep(REFERENCE, Step.GIVE_CONSENT))

    assert reply.card is not None and not reply.refused
    assert "Egen koordinator orienteret" in str(reply.card)  # her next step
    assert _course(unit).course.stage is Stage.CONSENT_GIVEN
    [entry] = unit.audit.entries
    assert (entry.action, entry.outcome, dict(entry.detail)) == (
        "course.step",
        "done",
        {"step": "give_consent"},
    )
    assert unit.courses.locked == [REFERENCE]
    assert {m.language for m in unit.outbox.pending()} == {"da", "en"}  # the copies' updates


async def test_a_step_out_of_order_is_refused_with_what_may_come_next_and_audited():
    unit = course_unit()
    at_stage(unit, Step.GIVE_CONSENT)

    reply = await Steps(context(unit)).take(as_(ANNE), TakeStep(REFERENCE, Step.REFUSE_CONSENT))

    assert reply.refused and reply.text is not None and "kan ikke tages nu" in reply.text
    assert "Egen koordinator orienteret" in reply.text
    assert unit.audit.refusals() == [("course.step", "refused:step_out_of_order")]
    assert not unit.outbox.queued


async def test_a_step_for_another_role_is_refused_with_the_role_it_needs():
    unit = course_unit()
    at_stage(unit, Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR)

    reply = await Steps(context(unit)).take(
        as_(ANNE), TakeStep(REFERENCE, Step.INFORM_OTHER_COORDINATOR)
    )

    assert reply.refused and reply.text is not None and "koordinator" in reply.text.lower()
    assert unit.audit.refusals() == [("course.step", "refused:step_not_allowed")]


async def test_someone_not_on_the_case_is_refused_and_nothing_changes():
    unit = course_unit()
    started(unit)

    reply = await Steps(context(unit)).take(as_(ERIK), TakeStep(REFERENCE, Step.GIVE_CONSENT))

    assert reply.refused and reply.text is not None and "ikke på forløbet" in reply.text
    assert _course(unit).course.stage is Stage.IDEA
    assert unit.audit.refusals() == [("course.step", "refused:not_on_case")]


async def test_a_typed_meeting_time_schedules_the_meeting_on_that_day():
    unit = course_unit(local(2026, 1, 5, 10))
    at_stage(unit, *UP_TO_MEETING)

    reply = await Steps(context(unit)).take(
        as_(ANNE), TakeStep(REFERENCE, Step.SCHEDULE_MEETING, when="torsdag d. 8/1 kl 10")
    )

    assert reply.card is not None
    stored = _course(unit)
    assert stored.course.dates.meeting_on == date(2026, 1, 8)
    assert stored.meeting_at == local(2026, 1, 8, 10)


async def test_a_meeting_time_it_cannot_read_is_refused_before_anything_is_loaded():
    unit = course_unit()
    at_stage(unit, *UP_TO_MEETING)

    reply = await Steps(context(unit)).take(
        as_(ANNE), TakeStep(REFERENCE, Step.SCHEDULE_MEETING, when="når det passer")
    )

    assert reply.refused and reply.text is not None and "mødetidspunktet" in reply.text
    assert unit.courses.locked == [] and unit.audit.entries == []


async def test_a_picked_day_without_a_time_is_nine_oclock():
    unit = course_unit()
    at_stage(unit, *UP_TO_MEETING)

    await Steps(context(unit)).take(
        as_(ANNE), TakeStep(REFERENCE, Step.SCHEDULE_MEETING, meeting_day=date(2026, 1, 8))
    )

    assert _course(unit).meeting_at == local(2026, 1, 8, 9)


def test_a_corrected_meeting_day_moves_the_plan_reminders():
    unit = course_unit(local(2026, 1, 9, 10))
    held = local(2026, 1, 6).date()
    at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=held)
    ctx = context(unit)
    replan(ctx, unit, _course(unit), unit.directory.snapshot())

    reply = Steps(ctx).correct(
        unit, as_(ANNE), CorrectDate(REFERENCE, Step.HOLD_MEETING, date(2026, 1, 8))
    )

    assert reply.card is not None and "torsdag d. 22. januar" in str(reply.card)
    pending = [course_keys.parse(k) for k in unit.outbox.pending_keys()]
    assert ReminderKey(REFERENCE, DeadlineKind.PLAN, "7d", date(2026, 1, 22)) in pending
    assert ReminderKey(REFERENCE, DeadlineKind.PLAN, "7d", date(2026, 1, 20)) not in pending
    assert unit.audit.actions()[-1] == "course.corrected"


def test_a_correction_by_someone_who_may_not_take_the_step_is_refused():
    unit = course_unit(local(2026, 1, 9, 10))
    held = local(2026, 1, 8).date()
    at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=held)

    reply = Steps(context(unit)).correct(
        unit, as_(BO), CorrectDate(REFERENCE, Step.HOLD_MEETING, date(2026, 1, 6))
    )

    assert reply.refused
    assert unit.audit.refusals() == [("course.corrected", "refused:step_not_allowed")]


# --- a meeting poll of the case (the hook meeting polls call) ---------------------------------
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_finalised_poll_schedules_the_meeting_on_the_cases_course():
    unit = course_unit(NOW)
    at_stage(unit, *UP_TO_MEETING)
    meeting = datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)

    meeting_from_poll(context(unit), unit, REFERENCE, meeting, ANNE)

    stored = _course(unit)
    assert stored.course.stage is Stage.MEETING_SCHEDULED
    assert stored.meeting_at == meeting
    [entry] = unit.audit.entries
    assert (entry.action, dict(entry.detail)) == (
        "course.step",
        {"step": "schedule_meeting", "source": "poll"},
    )


def test_a_moved_meeting_corrects_the_date_instead_of_scheduling_twice():
    unit = course_unit(NOW)
    at_stage(unit, *UP_TO_MEETING)
    first = datetime(2026, 12, 3, 10, 0, tzinfo=ZONE)

    meeting_from_poll(context(unit), unit, REFERENCE, first, ANNE)
    meeting_from_poll(context(unit), unit, REFERENCE, first + timedelta(days=7), ANNE)

    stored = _course(unit)
    assert stored.course.stage is Stage.MEETING_SCHEDULED
    assert stored.course.dates.meeting_on == date(2026, 12, 10)
    assert stored.meeting_at == first + timedelta(days=7)


def test_someone_not_on_the_case_cannot_schedule_its_meeting_through_a_poll():
    unit = course_unit(NOW)
    at_stage(unit, *UP_TO_MEETING)

    meeting_from_poll(context(unit), unit, REFERENCE, datetime(2026, 12, 3, tzinfo=ZONE), ERIK)

    assert _course(unit).course.stage is Stage.OTHER_COORDINATOR_INFORMED
    assert not unit.outbox.queued
    assert unit.audit.refusals() == [("course.step", "refused:date_not_recorded")]


def test_a_meeting_decided_before_the_case_reached_planning_is_not_recorded_and_she_hears_why():
    unit = course_unit(NOW)
    started(unit)  # consent and the coordinators' steps still to come

    meeting_from_poll(context(unit), unit, REFERENCE, datetime(2026, 12, 3, 10, tzinfo=ZONE), ANNE)

    assert _course(unit).course.dates.meeting_on is None
    [told] = unit.outbox.pending()
    assert told.address == ToPerson(ANNE)
    assert told.content.text.startswith(
        f"Mødet torsdag d. 3. december er ikke skrevet på forløbet {REFERENCE}"
    )
    assert [e.action for e in unit.audit.entries] == ["course.meeting_not_recorded"]


def test_a_cancelled_meeting_or_an_unknown_case_changes_nothing():
    unit = course_unit(NOW)
    at_stage(unit, *UP_TO_MEETING)

    meeting_from_poll(context(unit), unit, REFERENCE, None, ANNE)
    meeting_from_poll(context(unit), unit, "KI-2026-0099", NOW, ANNE)

    assert unit.audit.entries == [] and not unit.outbox.queued
