"""The one way every action on a case starts (``on_case``): the course is loaded, ``authorise``
decides, a refusal is answered and audited, and the actor's roles come with it."""

from __future__ import annotations

from datetime import date

from dialogs.course.context import OnCase, on_case, roles_of
from dialogs.reply import Reply
from domain.course import Role
from domain.directory import Action
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    CARLA,
    ERIK,
    REFERENCE,
    as_,
    context,
    course_unit,
    started,
)


def test_the_tovholder_gets_the_course_with_her_role_and_the_change_locks_it():
    unit = course_unit()
    started(unit)

    case = on_case(context(unit), unit, as_(ANNE), REFERENCE, Action.ACT_ON_CASE, audit_as="x")

    assert isinstance(case, OnCase)
    assert (case.actor, case.roles, case.stored.reference) == (ANNE, {Role.TOVHOLDER}, REFERENCE)
    assert unit.courses.locked == [REFERENCE] and unit.audit.entries == []


def test_viewing_does_not_lock_the_course():
    unit = course_unit()
    started(unit)

    on_case(context(unit), unit, as_(BO), REFERENCE, Action.VIEW_CASE, audit_as="course.view")

    assert unit.courses.locked == []


def test_someone_not_on_the_case_is_refused_and_the_attempt_audited():
    unit = course_unit()
    started(unit)

    reply = on_case(
        context(unit), unit, as_(ERIK), REFERENCE, Action.ACT_ON_CASE, audit_as="course.step"
    )

    assert isinstance(reply, Reply) and reply.refused
    assert reply.text == (
        f"Du er ikke på forløbet {REFERENCE} og kan ikke se eller ændre det. "
        "Forsøget er registreret."
    )
    assert unit.audit.refusals() == [("course.step", "refused:not_on_case")]
    assert unit.audit.entries[0].case_reference == REFERENCE


def test_only_the_own_organisations_coordinators_coordinate_and_others_are_told_so():
    unit = course_unit()
    started(unit)
    ctx = context(unit)

    bo = on_case(ctx, unit, as_(BO), REFERENCE, Action.COORDINATE_CASE, audit_as="course.nudged")
    carla = on_case(
        ctx, unit, as_(CARLA), REFERENCE, Action.COORDINATE_CASE, audit_as="course.nudged"
    )

    assert isinstance(bo, OnCase) and bo.roles == {Role.COORDINATOR}
    assert isinstance(carla, Reply) and carla.text == (
        "Kun koordinatorerne for forløbets organisation kan det."
    )
    assert unit.audit.refusals() == [("course.nudged", "refused:not_coordinator")]


def test_an_unknown_case_is_said_to_be_unknown():
    unit = course_unit()

    reply = on_case(context(unit), unit, as_(ANNE), "KI-2026-0099", Action.VIEW_CASE, audit_as="x")

    assert isinstance(reply, Reply) and reply.text == "Det forløb kender jeg ikke (længere)."


def test_a_substitute_has_the_roles_of_whom_they_stand_in_for_on_the_days_of_the_absence():
    unit = course_unit()
    stored = started(unit)
    anne, erik = unit.directory.find(ANNE), unit.directory.find(ERIK)
    assert anne is not None and erik is not None
    unit.directory.add_absence(anne.id, date(2026, 1, 5), date(2026, 1, 9), erik.id)
    directory = unit.directory.snapshot()

    assert roles_of(ERIK, stored, directory, date(2026, 1, 5)) == {Role.TOVHOLDER}
    assert roles_of(ERIK, stored, directory, date(2026, 1, 12)) == frozenset()
