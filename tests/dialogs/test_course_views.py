"""The case card's data: the shared view has no buttons; each viewer sees the steps their roles
allow, a coordinator the handover choices; dates in the reader's language."""

from __future__ import annotations

from cards.texts import Texts
from dialogs.course.views import course_view, handover_choices, personal_card
from domain.course import Step
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    CARLA,
    ERIK,
    UP_TO_MEETING,
    at_stage,
    context,
    course_unit,
    local,
    started,
)

DA = Texts("da")


def test_the_shared_view_shows_the_timeline_and_no_steps():
    unit = course_unit()
    stored = at_stage(unit, Step.GIVE_CONSENT)

    view = course_view(context(unit), stored, unit.directory.snapshot(), DA)

    assert view.steps == [] and not view.coordinator
    assert [(d.step, d.who) for d in view.done] == [("give_consent", "Anne Andersen")]
    assert view.tovholder == "Anne Andersen" and view.initials == "AB"


def test_the_tovholder_sees_her_next_steps_and_the_coordinator_his():
    unit = course_unit()
    stored = at_stage(unit, Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR)
    directory = unit.directory.snapshot()

    anne = course_view(context(unit), stored, directory, DA, viewer=ANNE)
    bo = course_view(context(unit), stored, directory, DA, viewer=BO)
    carla = course_view(context(unit), stored, directory, DA, viewer=CARLA)

    assert anne.steps == ["close"] and not anne.coordinator
    assert bo.steps == ["inform_other_coordinator", "close"] and bo.coordinator
    assert carla.steps == [] and not carla.coordinator


def test_a_coordinators_own_card_offers_everyone_else_in_the_organisation_to_hand_over_to():
    unit = course_unit()
    stored = started(unit)
    directory = unit.directory.snapshot()

    card = str(personal_card(context(unit), stored, directory, DA, BO))

    assert handover_choices(stored, directory) == [
        ("tenant-region/aad-bo", "Bo Berg"),
        ("tenant-region/aad-erik", "Erik Eriksen"),
    ]
    assert "tenant-region/aad-erik" in card and "tenant-region/aad-anne" not in card


def test_a_held_meetings_day_may_be_corrected_by_whoever_may_hold_it():
    unit = course_unit(local(2026, 1, 8, 12))
    steps = (*UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING)
    stored = at_stage(unit, *steps, on=local(2026, 1, 8).date())
    directory = unit.directory.snapshot()

    anne = course_view(context(unit), stored, directory, DA, viewer=ANNE)
    erik = course_view(context(unit), stored, directory, DA, viewer=ERIK)

    assert anne.correctable == ["hold_meeting"] and erik.correctable == []
    assert [d.kind for d in anne.due] == ["plan"] and "22. januar" in anne.due[0].due


def test_dates_are_written_in_the_readers_language():
    unit = course_unit(local(2026, 1, 8, 12))
    steps = (*UP_TO_MEETING, Step.SCHEDULE_MEETING, Step.HOLD_MEETING)
    stored = at_stage(unit, *steps, on=local(2026, 1, 8).date())

    view = course_view(context(unit), stored, unit.directory.snapshot(), Texts("en"))

    assert "January" in view.due[0].due
