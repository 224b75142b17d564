"""Reminder changes in one unit of work, on both databases: occurrences are queued once per key,
snoozes once per card, withdrawals cancel the outbox rows, and only the owner acts. (The same
rules on fakes: tests/dialogs/test_reminders_service.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import TypeVar

import pytest
from sqlmodel import Session, col, select

from dialogs.reminders import occurrences, service
from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.reminders import When, parse_when
from domain.timeparse import Recurrence
from storage.audit import AuditLog
from storage.db import Database
from storage.reach_models import OutboxRecord
from storage.reminders import NewReminder, Reminder, Reminders
from storage.unit_of_work import UnitOfWork, UnitsOfWork
from tests.cpr_forms import synthetic_cpr

CPR = synthetic_cpr()  # built at run time: no CPR-like number is written in the repository
CPR_DASHED = f"{CPR[:6]}-{CPR[6:]}"

T = TypeVar("T")
ANNE = PersonRef("tenant-region", "aad-anne")
BO = PersonRef("tenant-region", "aad-bo")
MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Bot:
    """One bot instance's view of the database: its own clock and units of work."""

    def __init__(self, database: Database, now: datetime = MONDAY_10) -> None:
        self.database = database
        self.clock = FixedClock(now)
        self.units = UnitsOfWork(database, self.clock)

    async def run(self, work: Callable[[UnitOfWork], T], at: datetime | None = None) -> T:
        if at is not None:
            self.clock.current = at
        return await self.units.run(work)

    async def outbox(self) -> list[tuple[str, str, datetime]]:
        def rows(session: Session) -> list[tuple[str, str, datetime]]:
            records = session.exec(select(OutboxRecord).order_by(col(OutboxRecord.id)))
            return [(r.dedupe_key, r.status, r.due_at) for r in records]

        return await self.database.run(rows)


def _new(first: datetime, recurrence: Recurrence | None = None, text: str = "ring") -> NewReminder:
    return NewReminder(ANNE, "me", None, text, "da", first, recurrence)


def _occurrences(rows: list[tuple[str, str, datetime]]) -> list[tuple[str, str, datetime]]:
    return [row for row in rows if row[0].startswith("reminder:")]


@pytest.fixture
def bot(database: Database) -> Bot:
    return Bot(database)


async def test_setting_a_reminder_queues_its_occurrence_and_audits_it(bot: Bot):
    due = MONDAY_10 + timedelta(minutes=1)
    reminder = await bot.run(lambda unit: service.create(unit, _new(due)))

    [(key, status, due_at)] = await bot.outbox()
    entries = await bot.database.run(lambda s: AuditLog(s).entries())
    assert key == f"reminder:{reminder.id}:r0:20261123T0901Z"
    assert (status, due_at) == ("pending", due)
    assert [(e.action, e.actor, e.detail["audience"]) for e in entries] == [
        ("reminder.created", ANNE, "me")
    ]


async def test_the_next_repeat_is_queued_once_however_many_instances_roll_forward(
    database: Database,
):
    first, second = Bot(database), Bot(database)
    mondays = Recurrence(frozenset({0}), time(9, 0))
    start = mondays.next_after(MONDAY_10)
    await first.run(lambda unit: service.create(unit, _new(start, mondays)))

    before = await first.run(occurrences.roll_forward, at=start - timedelta(seconds=1))
    counts = [
        await bot.run(occurrences.roll_forward, at=start + timedelta(minutes=minutes))
        for minutes in (0, 0, 1)
        for bot in (first, second)
    ]

    assert before == 0 and sum(counts) == 1
    dues = [due for _key, _status, due in _occurrences(await first.outbox())]
    assert dues == [start, start + timedelta(days=7)]


async def test_a_repeat_after_a_long_stop_queues_only_the_next_occurrence(bot: Bot):
    daily = Recurrence(frozenset(range(7)), time(8, 30))
    start = daily.next_after(MONDAY_10)
    await bot.run(lambda unit: service.create(unit, _new(start, daily)))

    queued = await bot.run(occurrences.roll_forward, at=start + timedelta(days=10))

    assert queued == 1
    dues = [due for _key, _status, due in _occurrences(await bot.outbox())]
    assert dues == [start, start + timedelta(days=11)]


async def test_a_time_moved_away_and_back_is_still_queued(bot: Bot):
    due = MONDAY_10 + timedelta(hours=2)
    reminder = await bot.run(lambda unit: service.create(unit, _new(due)))

    later = When(due + timedelta(hours=1))
    await bot.run(lambda unit: service.reschedule(unit, ANNE, reminder.id, later))
    back = await bot.run(lambda unit: service.reschedule(unit, ANNE, reminder.id, When(due)))

    assert isinstance(back, service.Changed) and back.reminder.revision == 2
    rows = await bot.outbox()
    assert [(status, due_at) for _key, status, due_at in rows] == [
        ("cancelled", due),
        ("cancelled", due + timedelta(hours=1)),
        ("pending", due),
    ]


async def test_a_card_snoozed_twice_fires_once_more(bot: Bot):
    reminder = await bot.run(lambda unit: service.create(unit, _new(MONDAY_10)))
    [(key, _status, _due)] = await bot.outbox()
    at = MONDAY_10 + timedelta(minutes=5)

    first = await bot.run(lambda unit: service.snooze(unit, ANNE, reminder.id, key, "1h"), at=at)
    second = await bot.run(
        lambda unit: service.snooze(unit, ANNE, reminder.id, key, "next_week"), at=at
    )

    assert isinstance(first, service.Changed) and first.next_at == at + timedelta(hours=1)
    assert isinstance(second, service.AlreadyAnswered)
    assert second.occurrence is not None and second.occurrence.snoozed_until == first.next_at
    snoozes = [row for row in await bot.outbox() if ":snooze:" in row[0]]
    assert [due for _key, _status, due in snoozes] == [at + timedelta(hours=1)]


async def test_done_on_a_one_off_finishes_it_and_a_second_click_is_recognised(bot: Bot):
    reminder = await bot.run(lambda unit: service.create(unit, _new(MONDAY_10)))
    [(key, _status, _due)] = await bot.outbox()

    done = await bot.run(lambda unit: service.done(unit, ANNE, reminder.id, key))
    again = await bot.run(lambda unit: service.done(unit, ANNE, reminder.id, key))

    assert isinstance(done, service.Changed) and isinstance(again, service.AlreadyAnswered)
    stored = await bot.database.run(lambda s: Reminders(s, MONDAY_10).get(reminder.id))
    assert stored is not None and stored.status == "done"
    updates = [row for row in await bot.outbox() if row[0].startswith("reminder-card:")]
    assert len(updates) == 1  # every sent copy shows the answered card


async def test_cancelling_withdraws_every_pending_occurrence(bot: Bot):
    weekdays = parse_when("hver hverdag kl 9", MONDAY_10).recurrence
    reminder = await bot.run(lambda unit: service.create(unit, _new(MONDAY_10, weekdays)))

    cancelled = await bot.run(lambda unit: service.cancel(unit, ANNE, reminder.id))
    again = await bot.run(lambda unit: service.cancel(unit, ANNE, reminder.id))
    queued = await bot.run(occurrences.roll_forward, at=MONDAY_10 + timedelta(days=3))

    assert isinstance(cancelled, service.Changed) and cancelled.reminder.status == "cancelled"
    assert isinstance(again, service.AlreadyAnswered) and queued == 0
    assert [status for _key, status, _due in await bot.outbox()] == ["cancelled"]
    entries = await bot.database.run(lambda s: AuditLog(s).entries())
    assert entries[-1].detail == {"withdrawn": 1}  # the audit counts what was withdrawn


async def test_cancelling_a_reminder_still_to_come_audits_the_message_it_withdrew(bot: Bot):
    reminder = await bot.run(
        lambda unit: service.create(unit, _new(MONDAY_10 + timedelta(hours=1)))
    )

    await bot.run(lambda unit: service.cancel(unit, ANNE, reminder.id))

    entries = await bot.database.run(lambda s: AuditLog(s).entries())
    assert [status for _key, status, _due in await bot.outbox()] == ["cancelled"]
    assert entries[-1].detail == {"withdrawn": 1}


async def test_someone_else_is_refused_and_the_refusal_is_audited(bot: Bot):
    due = MONDAY_10 + timedelta(hours=1)
    reminder = await bot.run(lambda unit: service.create(unit, _new(due)))
    [(key, _status, _due)] = await bot.outbox()

    attempts = [
        await bot.run(lambda unit: service.cancel(unit, BO, reminder.id)),
        await bot.run(lambda unit: service.snooze(unit, BO, reminder.id, key, "1h")),
        await bot.run(lambda unit: service.done(unit, BO, reminder.id, key)),
        await bot.run(lambda unit: service.stop(unit, BO, reminder.id, key)),
        await bot.run(lambda unit: service.reschedule(unit, BO, reminder.id, When(due))),
        await bot.run(lambda unit: service.current(unit, BO, reminder.id)),
    ]

    assert attempts == [service.Refused("not_owner")] * 6
    entries = await bot.database.run(lambda s: AuditLog(s).entries())
    assert [e.outcome for e in entries[1:]] == ["refused:not_owner"] * 6
    assert {e.actor for e in entries[1:]} == {BO}
    assert [status for _key, status, _due in await bot.outbox()] == ["pending"]


async def test_an_unknown_reminder_is_gone(bot: Bot):
    assert await bot.run(lambda unit: service.cancel(unit, ANNE, 999)) == service.Refused("gone")


async def test_a_reminder_text_with_a_cpr_number_is_refused_by_storage(bot: Bot):
    with pytest.raises(ValueError, match="CPR"):
        await bot.run(lambda unit: service.create(unit, _new(MONDAY_10, text=f"ring {CPR}")))
    assert await bot.outbox() == []


async def test_the_list_shows_each_active_reminders_next_time(bot: Bot):
    soon, later = MONDAY_10 + timedelta(hours=1), MONDAY_10 + timedelta(days=1)
    one: Reminder = await bot.run(lambda unit: service.create(unit, _new(later, text="b")))
    await bot.run(lambda unit: service.create(unit, _new(soon, text="a")))
    await bot.run(lambda unit: service.cancel(unit, ANNE, one.id))

    views = await bot.run(lambda unit: service.coming_views(unit, ANNE, None))
    others = await bot.run(lambda unit: service.coming_views(unit, BO, None))

    assert [(v.text, v.at) for v in views] == [("a", soon)]
    assert others == []


async def test_every_state_change_is_audited_with_codes_only(bot: Bot):
    due = MONDAY_10 + timedelta(hours=1)
    one = await bot.run(lambda unit: service.create(unit, _new(due, text="ring til lægen")))
    await bot.run(lambda unit: service.reschedule(unit, ANNE, one.id, When(due)))
    [key] = [k for k, status, _ in await bot.outbox() if status == "pending"]
    await bot.run(lambda unit: service.snooze(unit, ANNE, one.id, key, "1h"), at=due)
    [snoozed] = [k for k, status, _ in await bot.outbox() if ":snooze:" in k]
    await bot.run(
        lambda unit: service.done(unit, ANNE, one.id, snoozed), at=due + timedelta(hours=1)
    )
    two = await bot.run(lambda unit: service.create(unit, _new(due)))
    await bot.run(lambda unit: service.cancel(unit, ANNE, two.id))

    entries = await bot.database.run(lambda s: AuditLog(s).entries())
    assert [(e.action, e.subject_id) for e in entries] == [
        ("reminder.created", str(one.id)),
        ("reminder.rescheduled", str(one.id)),
        ("reminder.snoozed", str(one.id)),
        ("reminder.done", str(one.id)),
        ("reminder.created", str(two.id)),
        ("reminder.cancelled", str(two.id)),
    ]
    assert "lægen" not in str([e.detail for e in entries])
