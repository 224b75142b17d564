"""A person's roles on a case come from the one authorisation check: the tovholder or their
substitute of the day; the coordinators, backups and substitutes of the case's own organisation
(not the partner organisation's)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.course import Role, roles_on_case
from domain.directory import Absence, CaseSubject
from tests.factories import KOMMUNE_TENANT, directory_person, person_ref, two_organisations

ON = date(2026, 12, 2)
ref = person_ref
DIRECTORY = two_organisations(
    directory_person("dina", "pc-amager"),
    directory_person("anna", "pc-amager", "coordinator"),
    directory_person("bo", "pc-amager", "backup"),
    directory_person("carl", "crb-kbh", "coordinator", tenant=KOMMUNE_TENANT),
    directory_person("kim", "pc-amager"),
    directory_person("sub", "pc-amager"),
    directory_person("erik", "pc-amager"),
    absences=[
        Absence(ref("dina"), ON, ON, ref("kim")),
        Absence(ref("anna"), ON, ON, ref("sub")),
    ],
)
CASE = CaseSubject(
    "KI-2026-0001",
    ref("dina"),
    organisation_ids=frozenset({"pc-amager", "crb-kbh"}),
    organisation_id="pc-amager",
)
T, C = Role.TOVHOLDER, Role.COORDINATOR


@pytest.mark.parametrize(
    ("who", "roles"),
    [
        (ref("dina"), {T}),
        (ref("kim"), {T}),  # dina's substitute today
        (ref("anna"), {C}),
        (ref("bo"), {C}),  # a backup
        (ref("sub"), {C}),  # anna's substitute today
        (person_ref("carl", KOMMUNE_TENANT), set()),  # the partner's coordinator
        (ref("erik"), set()),
    ],
)
def test_roles_on_a_case(who, roles):
    assert roles_on_case(who, CASE, DIRECTORY, ON) == roles


def test_a_substitute_has_no_role_after_the_absence():
    assert roles_on_case(ref("kim"), CASE, DIRECTORY, date(2026, 12, 3)) == frozenset()
