"""The reminder dialogs on fakes: typed requests, each button, and who may press it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogs.reminders.actions import ReminderActions
from dialogs.reminders.commands import CancelReminder, ChangeTime, MarkDone, Reschedule, Snooze
from dialogs.router import Router
from domain.clock import FixedClock
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(MONDAY_10))


@pytest.fixture
def actions(unit: FakeUnitOfWork) -> ReminderActions:
    return ReminderActions(FakeUnitsOfWork(unit), unit.clock)


def _card_text(card: object) -> str:
    return str(card)


async def test_a_typed_reminder_is_stored_queued_and_audited(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    reply = await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")

    assert reply.card is not None and not reply.refused
    [reminder] = unit.reminders.reminders.values()
    assert (reminder.owner, reminder.text) == (ANNE, "ringe")
    [queued] = unit.outbox.pending()
    assert queued.due_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 09.00 Copenhagen
    assert unit.audit.actions() == ["reminder.created"]


async def test_a_reminder_it_cannot_read_is_refused_with_the_reason(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    reply = await actions.on_command(turn(text="påmind mig i går kl 9 om noget"), "")

    assert reply.refused and reply.text
    assert not unit.reminders.reminders and not unit.outbox.queued


async def test_only_the_owner_may_change_a_reminder_and_the_attempt_is_audited(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")

    reply = actions.show_change(unit, turn(BO), ChangeTime(1))

    assert reply.refused and reply.text == "Kun den, der satte påmindelsen, kan ændre den."
    assert unit.audit.refusals() == [("reminder.rescheduled", "refused:not_owner")]


async def test_a_new_time_withdraws_the_old_occurrence_and_queues_the_new(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")
    [old] = unit.outbox.pending_keys()

    reply = await actions.reschedule(turn(), Reschedule(1, "i morgen kl 11"))

    assert reply.card is not None
    assert old in unit.outbox.cancelled
    [new] = unit.outbox.pending()
    assert new.due_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


async def test_an_unreadable_new_time_shows_the_change_card_again_with_the_reason(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")

    reply = await actions.reschedule(turn(), Reschedule(1, "på et tidspunkt"))

    assert reply.card is not None and "ikke" in _card_text(reply.card).lower()
    assert len(unit.outbox.pending()) == 1


async def test_done_twice_answers_the_second_click_with_the_state_from_before(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")
    [key] = unit.outbox.pending_keys()

    first = actions.done(unit, turn(), MarkDone(1, key))
    second = actions.done(unit, turn(), MarkDone(1, key))

    assert first.in_place_only and second.in_place_only
    assert unit.audit.actions().count("reminder.done") == 1


async def test_a_snooze_queues_one_more_occurrence_however_often_it_is_pressed(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")
    [key] = unit.outbox.pending_keys()

    actions.snooze(unit, turn(), Snooze(1, key, "1h"))
    actions.snooze(unit, turn(), Snooze(1, key, "1h"))

    snoozes = [k for k in unit.outbox.pending_keys() if ":snooze:" in k]
    assert len(snoozes) == 1


async def test_an_occurrence_of_another_reminder_is_answered_as_gone(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    reply = actions.done(unit, turn(), MarkDone(1, "reminder:2:r0:x"))

    assert reply.refused


async def test_cancelling_from_the_list_shows_the_list_without_it(
    actions: ReminderActions, unit: FakeUnitOfWork
):
    await actions.on_command(turn(text="påmind mig i morgen kl 9 om at ringe"), "")

    reply = actions.cancel(unit, turn(), CancelReminder(1, "list"))

    assert reply.card is not None and "at ringe" in _card_text(reply.card)
    assert not unit.outbox.pending()
    assert unit.reminders.reminders[1].status == "cancelled"


async def test_every_verb_is_registered_with_its_command():
    router = Router(FakeUnitsOfWork())
    ReminderActions(router.units, FixedClock()).register(router)

    assert set(router.commands()) == {
        "reminders.change",
        "reminders.reschedule",
        "reminders.cancel",
        "reminders.done",
        "reminders.snooze",
        "reminders.stop",
    }
