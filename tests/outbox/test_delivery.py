"""Notifying a person: absences followed, each reader's language, working hours for nudges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from cards.texts import Texts
from dialogs.delivery import Notice, queue_notice, reroute_for_absence
from domain.calendar import WorkingCalendar
from domain.clock import FixedClock
from domain.directory.model import Absence, Directory, Organisation, OrgKind, Person, Role
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from storage.db import Database
from storage.outbox import Outbox
from storage.unit_of_work import UnitsOfWork

ZONE = ZoneInfo("Europe/Copenhagen")
REGION = "tenant-region"
ANNA = PersonRef(REGION, "aad-anna")
BO = PersonRef(REGION, "aad-bo")
MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen


def _directory(*absences: Absence) -> Directory:
    amager = Organisation("pc-amager", OrgKind.REGION, "PC Amager", REGION)
    people = [
        Person(ANNA, None, "Anna Holm", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(BO, None, "Bo Berg", "pc-amager", frozenset({Role.COORDINATOR})),
    ]
    return Directory.of([amager], people, absences)


def _build(texts: Texts, note: str | None) -> Content:
    return Content(text=" | ".join(filter(None, [texts("delivery.digest_intro"), note])))


async def _queue(database: Database, directory: Directory, *, automatic: bool = True) -> list:
    units = UnitsOfWork(database, FixedClock(MONDAY_9))
    notice = Notice("case:1:plan:2d", ANNA, _build, MONDAY_9, automatic=automatic)
    await units.run(
        lambda unit: queue_notice(
            unit,
            notice,
            directory=directory,
            calendar=WorkingCalendar.from_settings(),
            zone=ZONE,
        )
    )
    return await database.run(
        lambda s: Outbox(s).claim_due(
            now=datetime(2027, 1, 1, tzinfo=UTC), owner="t", lease=MONDAY_9 - MONDAY_9, limit=9
        )
    )


async def test_a_present_person_gets_the_notice_themselves(database: Database):
    [message] = await _queue(database, _directory())

    assert message.address == ToPerson(ANNA)
    assert message.dedupe_key == "case:1:plan:2d"


async def test_an_absent_persons_notice_goes_to_their_substitute_saying_for_whom(
    database: Database,
):
    away = Absence(ANNA, date(2026, 11, 30), date(2026, 12, 4), substitute=BO)

    [message] = await _queue(database, _directory(away))

    assert message.address == ToPerson(BO)
    assert "For Anna Holm" in (message.content.text or "")
    assert message.dedupe_key == "case:1:plan:2d:via:aad-bo"


async def test_a_nudge_queued_at_night_is_held_for_the_working_morning(database: Database):
    night = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    units = UnitsOfWork(database, FixedClock(night))
    notice = Notice("nudge", ANNA, _build, night)
    await units.run(
        lambda unit: queue_notice(
            unit,
            notice,
            directory=_directory(),
            calendar=WorkingCalendar.from_settings(),
            zone=ZONE,
        )
    )

    due = await database.run(lambda s: Outbox(s).next_due_at())

    assert due == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # 08:00 in Copenhagen


async def test_a_nudge_held_over_the_weekend_goes_to_whoever_stands_in_on_the_morning_it_arrives(
    database: Database,
):
    # Queued on Friday evening, it arrives on Monday morning, when Anna is away and Bo stands in
    # (the municipality simulation found such a case card going by Friday's absences instead).
    friday_evening = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)
    away = Absence(ANNA, date(2026, 12, 7), date(2026, 12, 11), substitute=BO)
    units = UnitsOfWork(database, FixedClock(friday_evening))
    notice = Notice("case:1:informed", ANNA, _build, friday_evening)
    await units.run(
        lambda unit: queue_notice(
            unit,
            notice,
            directory=_directory(away),
            calendar=WorkingCalendar.from_settings(),
            zone=ZONE,
        )
    )

    [message] = await database.run(
        lambda s: Outbox(s).claim_due(
            now=datetime(2027, 1, 1, tzinfo=UTC), owner="t", lease=MONDAY_9 - MONDAY_9, limit=9
        )
    )

    assert message.due_at == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # Monday 08:00
    assert message.address == ToPerson(BO)
    assert "For Anna Holm" in (message.content.text or "")


async def test_an_absence_registered_after_a_nudge_was_queued_sends_it_to_the_substitute(
    database: Database,
):
    # Nudges are queued when the course changes, weeks ahead; the tovholder's holiday is often
    # registered later (found by bench.municipality: the nudges still went to the absent one).
    wednesday_9 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    units = UnitsOfWork(database, FixedClock(MONDAY_9))
    calendar = WorkingCalendar.from_settings()

    def queue(unit: Any) -> None:
        for key, automatic in (("case:1:plan:2d", True), ("reminder:7", False)):
            notice = Notice(key, ANNA, _build, wednesday_9, automatic=automatic)
            queue_notice(unit, notice, directory=_directory(), calendar=calendar, zone=ZONE)

    await units.run(queue)
    away = Absence(ANNA, date(2026, 12, 2), date(2026, 12, 4), substitute=BO)
    moved = await units.run(
        lambda unit: reroute_for_absence(
            unit, ANNA, away.starts_on, away.ends_on, directory=_directory(away), zone=ZONE
        )
    )

    due = await database.run(
        lambda s: Outbox(s).claim_due(
            now=datetime(2027, 1, 1, tzinfo=UTC), owner="t", lease=MONDAY_9 - MONDAY_9, limit=9
        )
    )
    assert moved == 1
    by_key = {m.dedupe_key: m for m in due}
    assert set(by_key) == {"case:1:plan:2d:via:aad-bo", "reminder:7"}  # her own stays hers
    nudge = by_key["case:1:plan:2d:via:aad-bo"]
    assert (nudge.address, nudge.due_at) == (ToPerson(BO), wednesday_9)
    assert "For Anna Holm" in (nudge.content.text or "")
    assert by_key["reminder:7"].address == ToPerson(ANNA)
