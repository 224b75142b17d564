"""Notifying a person: absences followed, each reader's language, working hours for nudges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cards.texts import Texts
from dialogs.delivery import Notice, queue_notice
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
