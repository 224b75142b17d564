"""An administrator's confirmed pool change: the role given (moving the person to the pool's
organisation) or taken, at most three coordinators a pool, audited when something changed."""

from __future__ import annotations

from dialogs.directory.commands import ChangePool
from dialogs.directory.pool_changes import PoolChanged, apply_pool_change
from domain.directory import MAX_COORDINATORS, Person, Role
from domain.identity import PersonRef
from tests.dialogs.directory_fixtures import directory_unit
from tests.dialogs.turns import ANNE
from tests.fakes import FakeUnitOfWork

OWNER = "29:aad-anne"
BO_ID, CLARA_ID = 2, 3


def _change(unit: FakeUnitOfWork, person: int, change: str, organisation: str | None = None):
    return apply_pool_change(unit, ANNE, ChangePool(OWNER, person, change, organisation))  # type: ignore[arg-type]


def _roles(unit: FakeUnitOfWork, person_id: int) -> frozenset[Role]:
    return unit.directory.people_by_id[person_id].roles


def test_making_bo_a_backup_of_his_pool_is_done_named_and_audited():
    unit = directory_unit()

    result = _change(unit, BO_ID, "backup", "pc-amager")

    assert result == PoolChanged(
        "directory.change.done.backup",
        {"person": "Bo Berg", "organisation": "Psykiatrisk Center Amager"},
        in_effect=True,
    )
    assert _roles(unit, BO_ID) == {Role.BACKUP}
    [entry] = unit.audit.entries
    assert (entry.actor, entry.action, entry.subject_kind, entry.subject_id) == (
        ANNE, "directory.role_granted", "person", "2",
    )  # fmt: skip
    assert entry.detail == {"change": "backup", "organisation": "pc-amager"}


def test_a_coordinator_of_another_organisations_pool_moves_there_and_leaves_the_old_pool():
    unit = directory_unit()

    result = _change(unit, CLARA_ID, "backup", "pc-amager")

    assert result.in_effect
    clara = unit.directory.people_by_id[CLARA_ID]
    assert (clara.organisation_id, clara.roles) == ("pc-amager", {Role.BACKUP})


def test_a_person_already_in_the_role_is_told_nothing_changed_and_nothing_is_audited():
    unit = directory_unit()

    result = _change(unit, CLARA_ID, "coordinator", "crb-kbh")

    assert result == PoolChanged("directory.change.unchanged", in_effect=True)
    assert unit.audit.entries == []


def test_removing_someone_from_their_pool_takes_both_pool_roles_and_is_audited():
    unit = directory_unit()
    unit.directory.set_role(BO_ID, Role.BACKUP, granted=True)

    result = _change(unit, BO_ID, "remove")

    assert result.text_key == "directory.change.done.remove" and result.in_effect
    assert _roles(unit, BO_ID) == frozenset()
    [entry] = unit.audit.entries
    assert entry.action == "directory.role_revoked"
    assert entry.detail == {"change": "remove", "organisation": "pc-amager"}  # their own


def test_removing_someone_who_is_in_no_pool_changes_nothing():
    unit = directory_unit()

    assert _change(unit, BO_ID, "remove").text_key == "directory.change.unchanged"
    assert unit.audit.entries == []


def test_an_administrator_is_made_without_an_organisation_and_stays_where_they_are():
    unit = directory_unit()

    result = _change(unit, CLARA_ID, "admin")

    assert result.text_key == "directory.change.done.admin"
    clara = unit.directory.people_by_id[CLARA_ID]
    assert clara.organisation_id == "crb-kbh"
    assert clara.roles == {Role.COORDINATOR, Role.ADMIN}


def test_an_administrator_change_sent_with_an_organisation_moves_nobody():
    unit = directory_unit()

    _change(unit, CLARA_ID, "admin", "pc-amager")

    clara = unit.directory.people_by_id[CLARA_ID]
    assert (clara.organisation_id, clara.roles) == ("crb-kbh", {Role.COORDINATOR, Role.ADMIN})


def test_a_fourth_coordinator_is_refused_naming_the_pool_and_changes_nothing():
    unit = directory_unit()
    for n in range(MAX_COORDINATORS - 1):  # Clara is the first
        unit.directory.add_person(Person(PersonRef("tenant-kommune", f"aad-{n}"), None,
                                         f"K{n}", "crb-kbh", frozenset({Role.COORDINATOR})))  # fmt: skip

    result = _change(unit, BO_ID, "coordinator", "crb-kbh")

    assert result == PoolChanged(
        "directory.change.too_many",
        {"organisation": "Center for Rusmiddelbehandling", "count": MAX_COORDINATORS},
    )
    assert not result.in_effect
    bo = unit.directory.people_by_id[BO_ID]
    assert (bo.organisation_id, bo.roles) == ("pc-amager", frozenset())
    assert unit.audit.entries == []


def test_a_third_coordinator_is_welcome():
    unit = directory_unit()
    unit.directory.add_person(Person(PersonRef("tenant-kommune", "aad-k"), None, "K", "crb-kbh",
                                     frozenset({Role.COORDINATOR})))  # fmt: skip

    result = _change(unit, BO_ID, "coordinator", "crb-kbh")

    assert result.text_key == "directory.change.done.coordinator"
    assert _roles(unit, BO_ID) == {Role.COORDINATOR}


def test_a_full_pools_own_coordinator_is_not_counted_against_herself():
    unit = directory_unit()
    for n in range(MAX_COORDINATORS - 1):
        unit.directory.add_person(Person(PersonRef("tenant-kommune", f"aad-{n}"), None,
                                         f"K{n}", "crb-kbh", frozenset({Role.COORDINATOR})))  # fmt: skip

    assert _change(unit, CLARA_ID, "coordinator", "crb-kbh").text_key == (
        "directory.change.unchanged"
    )


def test_an_unknown_person_or_organisation_is_an_invalid_change_and_nothing_is_audited():
    unit = directory_unit()

    assert _change(unit, 99, "admin").text_key == "directory.change.invalid"
    assert _change(unit, BO_ID, "backup", "no-such-org").text_key == "directory.change.invalid"
    assert _change(unit, BO_ID, "coordinator").text_key == "directory.change.invalid"
    assert not _change(unit, BO_ID, "coordinator").in_effect
    assert _roles(unit, BO_ID) == frozenset()
    assert unit.audit.entries == []


def test_removing_someone_without_an_organisation_is_invalid():
    unit = directory_unit()
    stray = unit.directory.add_person(Person(None, "stray@example.org", "Stray"))

    assert _change(unit, stray.id, "remove").text_key == "directory.change.invalid"
    assert unit.audit.entries == []
