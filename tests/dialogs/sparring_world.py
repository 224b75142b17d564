"""A sparring world on fakes: the region's pool (bo, backup erik) posts in its channel, the
municipality's pool (clara) in its team; anne (region) and dina (municipality, English) ask; finn
belongs to the region but to no pool."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dialogs.sparring.fanout import SparringSettings
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.directory import Absence, Directory, Organisation, OrgKind, Person, Role
from domain.identity import PersonRef
from domain.sparring import NewThread, Thread, Urgency
from tests.dialogs.turns import ANNE, BO, CLARA
from tests.fakes import FakeUnitOfWork

ERIK = PersonRef("tenant-region", "aad-erik")
FINN = PersonRef("tenant-region", "aad-finn")
DINA = PersonRef("tenant-kommune", "aad-dina")
MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
REGION_CHANNEL = "19:region-pool@thread.tacv2"
KOMMUNE_TEAM = "19:kommune-general@thread.tacv2"
SETTINGS = SparringSettings(ZoneInfo("Europe/Copenhagen"), WorkingCalendar.from_settings(), 4.0)


def directory(absences: Sequence[Absence] = ()) -> Directory:
    region = Organisation(
        "pc-amager",
        OrgKind.REGION,
        "Psykiatrisk Center Amager",
        "tenant-region",
        ("kk-misbrug",),
        REGION_CHANNEL,
    )
    kommune = Organisation(
        "kk-misbrug",
        OrgKind.KOMMUNE,
        "Københavns Misbrugscenter",
        "tenant-kommune",
        ("pc-amager",),
        KOMMUNE_TEAM,
    )
    people = [
        Person(ANNE, None, "Anne Andersen", "pc-amager"),
        Person(BO, None, "Bo Bertelsen", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(ERIK, None, "Erik Eriksen", "pc-amager", frozenset({Role.BACKUP})),
        Person(FINN, None, "Finn Friis", "pc-amager"),
        Person(CLARA, None, "Clara Christensen", "kk-misbrug", frozenset({Role.COORDINATOR})),
        Person(DINA, None, "Dina Dahl", "kk-misbrug"),
    ]
    return Directory.of([region, kommune], people, absences)


def unit_in_world() -> FakeUnitOfWork:
    unit = FakeUnitOfWork(FixedClock(MONDAY_10))
    unit.directory.directory = directory()
    unit.reach.conversations |= {REGION_CHANNEL, KOMMUNE_TEAM}
    for person in (ANNE, BO, ERIK, FINN, CLARA, DINA):
        unit.reach.chats[person] = f"29:{person.aad_object_id}"
    unit.preferences.languages[DINA] = "en"
    return unit


def asked(unit: FakeUnitOfWork, asker: PersonRef = ANNE, pool: str = "pc-amager") -> Thread:
    """A question stored as asking stores it (nothing sent): for the moves' tests."""
    name = {ANNE: "Anne Andersen", DINA: "Dina Dahl"}.get(asker, "?")
    return unit.threads.create(
        NewThread(asker, name, pool, pool, "Skal vi lave en KI-plan?", None, (), Urgency.NORMAL)
    )
