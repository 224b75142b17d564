"""A small directory on fakes: a region and a municipality, an admin, a coordinator, staff."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dialogs.directory.context import DirectoryContext
from domain.clock import FixedClock
from domain.directory import Organisation, OrgKind, Person, Role
from tests.dialogs.turns import ANNE, BO, CLARA
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
REGION = Organisation("pc-amager", OrgKind.REGION, "Psykiatrisk Center Amager", "tenant-region")
KOMMUNE = Organisation(
    "crb-kbh", OrgKind.KOMMUNE, "Center for Rusmiddelbehandling", "tenant-kommune"
)


def directory_unit() -> FakeUnitOfWork:
    unit = FakeUnitOfWork(FixedClock(MONDAY))
    unit.directory.add_organisation(REGION)
    unit.directory.add_organisation(KOMMUNE)
    unit.directory.add_person(
        Person(ANNE, None, "Anne Admin", "pc-amager", frozenset({Role.ADMIN}))
    )
    unit.directory.add_person(Person(BO, None, "Bo Berg", "pc-amager"))
    unit.directory.add_person(
        Person(CLARA, None, "Clara Coordinator", "crb-kbh", frozenset({Role.COORDINATOR}))
    )
    return unit


def context(unit: FakeUnitOfWork) -> DirectoryContext:
    return DirectoryContext(FakeUnitsOfWork(unit), unit.clock, ZoneInfo("Europe/Copenhagen"))
