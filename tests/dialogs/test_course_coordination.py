"""The coordinators' nudge, take-over and handover on fakes: only the case's own organisation's
coordinators (refusals audited); a handover withdraws the old tovholder's reminders (the
escalations stay), queues the new one's and tells the new tovholder what is due."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.course.commands import HandOver, OpenCase
from dialogs.course.coordination import Coordination
from dialogs.course.planning import replan
from domain.course import DeadlineKind, EscalationKey, ReminderKey, Step
from domain.course import keys as course_keys
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
from tests.fakes import FakeUnitOfWork

PLAN_DUE = date(2026, 1, 22)


def _planned_course(*parts: int) -> FakeUnitOfWork:
    unit = course_unit(local(*parts))
    held = date(2026, 1, 8)
    stored = at_stage(unit, *UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING, on=held)
    replan(context(unit), unit, stored, unit.directory.snapshot())
    return unit


def _tovholder(unit: FakeUnitOfWork):  # type: ignore[no-untyped-def]
    stored = unit.courses.get(REFERENCE)
    assert stored is not None
    return stored.tovholder


def test_a_coordinators_nudge_reaches_the_tovholder_now_with_the_next_deadline():
    unit = _planned_course(2026, 1, 9, 10)
    before = set(unit.outbox.pending_keys())

    reply = Coordination(context(unit)).nudge(unit, as_(BO), OpenCase(REFERENCE))

    assert reply.text == "Tovholderen har fået en påmindelse."
    [new] = [m for m in unit.outbox.pending() if m.dedupe_key not in before]
    assert new.address == ToPerson(ANNE) and "22. januar" in str(new.content.card)
    assert course_keys.parse(new.dedupe_key).topic == course_keys.Topic.NUDGE  # type: ignore[union-attr]
    assert unit.audit.actions() == ["course.nudged"]


def test_taking_over_makes_the_coordinator_the_tovholder_and_moves_the_reminders_to_him():
    unit = _planned_course(2026, 1, 9, 10)

    reply = Coordination(context(unit)).take_over(unit, as_(BO), OpenCase(REFERENCE))

    assert reply.text == f"Du er nu tovholder for {REFERENCE}."
    assert _tovholder(unit) == BO
    withdrawn = {course_keys.parse(k) for k in unit.outbox.cancelled}
    assert withdrawn == {
        ReminderKey(REFERENCE, DeadlineKind.PLAN, f"{d}d", PLAN_DUE) for d in (7, 2, 0)
    }
    escalation = EscalationKey(REFERENCE, DeadlineKind.PLAN, PLAN_DUE)
    assert escalation in {course_keys.parse(k) for k in unit.outbox.pending_keys()}
    reminders = [m for m in unit.outbox.pending() if m.dedupe_key.endswith(":2026-01-22:0")]
    assert {m.address for m in reminders} == {ToPerson(BO)}
    assert unit.audit.actions() == ["course.handed_over"]


def test_a_handover_tells_the_new_tovholder_what_is_due_in_her_language():
    unit = _planned_course(2026, 1, 9, 10)
    unit.preferences.languages[ERIK] = "en"

    reply = Coordination(context(unit)).hand_over(
        unit, as_(BO), HandOver(REFERENCE, "tenant-region/aad-erik")
    )

    assert reply.text == f"Erik Eriksen er nu tovholder for {REFERENCE}."
    assert _tovholder(unit) == ERIK
    [told] = [m for m in unit.outbox.pending() if m.card_key is not None]
    assert told.address == ToPerson(ERIK) and told.card_key == f"course:{REFERENCE}:en"
    assert "Bo Berg" in str(told.content.card) and "22 January" in str(told.content.card)


def test_a_handover_to_someone_outside_the_organisation_is_refused():
    unit = _planned_course(2026, 1, 9, 10)

    reply = Coordination(context(unit)).hand_over(
        unit, as_(BO), HandOver(REFERENCE, "tenant-kommune/aad-carla")
    )

    assert reply.refused and reply.text == "Vælg en person fra organisationen."
    assert _tovholder(unit) == ANNE and not unit.outbox.cancelled


@pytest.mark.parametrize("who", [ANNE, ERIK, CARLA], ids=["tovholder", "colleague", "partner"])
@pytest.mark.parametrize("verb", ["nudge", "take_over", "hand_over"])
def test_only_the_own_organisations_coordinators_may_and_a_refusal_is_audited(verb, who):
    unit = _planned_course(2026, 1, 9, 10)
    before = unit.outbox.pending_keys()
    coordination = Coordination(context(unit))
    command = (
        HandOver(REFERENCE, "tenant-region/aad-erik")
        if verb == "hand_over"
        else OpenCase(REFERENCE)
    )

    reply = getattr(coordination, verb)(unit, as_(who), command)

    assert reply.refused and reply.text == "Kun koordinatorerne for forløbets organisation kan det."
    audited = {"nudge": "course.nudged", "take_over": "course.taken_over"}.get(
        verb, "course.handed_over"
    )
    assert unit.audit.refusals() == [(audited, "refused:not_coordinator")]
    assert unit.outbox.pending_keys() == before and _tovholder(unit) == ANNE
