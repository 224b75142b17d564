"""A KI course on fakes: a region (anne the tovholder, bo its coordinator, erik a colleague) paired
with a municipality (carla its coordinator), and a case opened by anne."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dialogs.course import CourseContext
from dialogs.turn import Turn
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.course import Course, Role, Step, advance
from domain.directory import Organisation, OrgKind, Person
from domain.directory import Role as DirectoryRole
from domain.identity import PersonRef
from storage.courses import StoredCourse
from tests.dialogs.turns import turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

ZONE = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
REFERENCE = "KI-2026-0001"
ANNE = PersonRef("tenant-region", "aad-anne")
BO = PersonRef("tenant-region", "aad-bo")
ERIK = PersonRef("tenant-region", "aad-erik")
CARLA = PersonRef("tenant-kommune", "aad-carla")
EVERYONE = frozenset(Role)
REGION = Organisation(
    "pc-amager", OrgKind.REGION, "Psykiatrisk Center Amager", "tenant-region", ("crb-kbh",)
)
KOMMUNE = Organisation(
    "crb-kbh", OrgKind.KOMMUNE, "Center for Rusmiddelbehandling", "tenant-kommune", ("pc-amager",)
)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZONE)  # type: ignore[misc]


def course_unit(now: datetime = MONDAY) -> FakeUnitOfWork:
    unit = FakeUnitOfWork(FixedClock(now))
    directory = unit.directory
    directory.add_organisation(REGION)
    directory.add_organisation(KOMMUNE)
    coordinator = frozenset({DirectoryRole.COORDINATOR})
    directory.add_person(Person(ANNE, None, "Anne Andersen", "pc-amager"))
    directory.add_person(Person(BO, None, "Bo Berg", "pc-amager", coordinator))
    directory.add_person(Person(ERIK, None, "Erik Eriksen", "pc-amager"))
    directory.add_person(Person(CARLA, None, "Carla Christensen", "crb-kbh", coordinator))
    for person in (ANNE, BO, ERIK, CARLA):
        unit.courses.teams_ids_by_person[person] = f"29:{person.aad_object_id}"
    return unit


def context(unit: FakeUnitOfWork) -> CourseContext:
    return CourseContext(FakeUnitsOfWork(unit), unit.clock, WorkingCalendar(), ZONE)


def as_(person: PersonRef | None, *, language: str = "da") -> Turn:
    return turn(person, language=language)


def started(unit: FakeUnitOfWork, reference: str = REFERENCE) -> StoredCourse:
    unit.courses.initials[reference] = "AB"
    return unit.courses.start(
        reference,
        tovholder=ANNE,
        organisation_id="pc-amager",
        other_organisation_id="crb-kbh",
        level=1,
        now=unit.now,
    )


def at_stage(unit: FakeUnitOfWork, *steps: Step, on: date | None = None) -> StoredCourse:
    """The case's course after ``steps`` (taken by everyone at once, a day ``on`` if given)."""
    stored = unit.courses.get(REFERENCE) or started(unit)
    course: Course = stored.course
    for step in steps:
        course = advance(course, step, roles=EVERYONE, at=unit.now, on=on, actor=ANNE)
    return unit.courses.save(stored, course, unit.now)


UP_TO_MEETING = (Step.GIVE_CONSENT, Step.INFORM_OWN_COORDINATOR, Step.INFORM_OTHER_COORDINATOR)
