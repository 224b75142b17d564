"""A reminder's occurrences on fakes: one dedupe key per time and revision, the card queued once
to the owner or the chat it was asked in, the answered state sent to every copy, withdrawals, and
repeats rolled forward once each, never catching up on missed ones."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogs.reminders.occurrences import (
    address_of,
    all_occurrences,
    occurrence_key,
    queue_occurrence,
    roll_forward,
    show_answered,
    view_of,
    withdraw_coming,
)
from domain.clock import FixedClock
from domain.messaging import ToConversation, ToPerson, UpdateCopies
from domain.timeparse import Recurrence
from storage.reminders import NewReminder, Reminder
from tests.dialogs.turns import ANNE
from tests.fakes import FakeUnitOfWork

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
MONDAYS_9 = Recurrence(frozenset({0}), time(9, 0))


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(MONDAY_10))


def _reminder(unit: FakeUnitOfWork, first: datetime, recurrence: Recurrence | None = None,
              *, text: str = "ring til lægen", audience: str = "me",
              conversation_id: str | None = None, language: str = "da") -> Reminder:  # fmt: skip
    return unit.reminders.add(
        NewReminder(ANNE, audience, conversation_id, text, language, first, recurrence)
    )


def _queue(unit: FakeUnitOfWork, reminder: Reminder, due: datetime) -> bool:
    return queue_occurrence(unit, unit.reminders, reminder, occurrence_key(reminder, due), due)


def test_an_occurrences_key_names_the_reminder_its_revision_and_its_utc_minute(
    unit: FakeUnitOfWork,
):
    reminder = _reminder(unit, MONDAY_10)
    copenhagen = MONDAY_10.astimezone(ZoneInfo("Europe/Copenhagen"))  # 10.00 there

    assert occurrence_key(reminder, copenhagen) == "reminder:1:r0:20261123T0900Z"
    moved = unit.reminders.reschedule(reminder, MONDAY_10, None)
    assert moved is not None
    assert occurrence_key(moved, MONDAY_10) == "reminder:1:r1:20261123T0900Z"


def test_all_occurrences_of_one_reminder_share_a_prefix_no_other_reminder_or_card_has():
    prefix = all_occurrences(7)

    assert "reminder:7:r0:20261123T0900Z".startswith(prefix)
    assert "reminder:7:snooze:3".startswith(prefix)
    assert not "reminder:70:r0:20261123T0900Z".startswith(prefix)
    assert not "reminder-card:reminder:7:r0:20261123T0900Z".startswith(prefix)


def test_a_personal_reminder_goes_to_its_owner_and_a_shared_one_to_its_chat(
    unit: FakeUnitOfWork,
):
    mine = _reminder(unit, MONDAY_10)
    ours = _reminder(unit, MONDAY_10, audience="us", conversation_id="19:team@thread")
    lost = _reminder(unit, MONDAY_10, audience="us")

    assert address_of(mine) == ToPerson(ANNE)
    assert address_of(ours) == ToConversation("tenant-region", "19:team@thread")
    assert address_of(lost) == ToPerson(ANNE)


def test_an_occurrence_is_queued_at_its_time_as_a_card_and_recorded(unit: FakeUnitOfWork):
    due = MONDAY_10 + timedelta(days=1)
    reminder = _reminder(unit, due, language="en")

    assert _queue(unit, reminder, due)

    [message] = unit.outbox.pending()
    key = "reminder:1:r0:20261124T0900Z"
    assert (message.dedupe_key, message.card_key, message.due_at) == (key, key, due)
    assert (message.address, message.language, message.digest_group) == (ToPerson(ANNE), "en", None)
    assert message.content.text == "⏰ Reminder: ring til lægen"
    assert message.content.card is not None and key in str(message.content.card)
    [occurrence] = unit.reminders.occurrences.values()
    assert (occurrence.reminder_id, occurrence.key, occurrence.due_at, occurrence.state) == (
        1, key, due, "pending",
    )  # fmt: skip


def test_an_occurrence_already_queued_is_neither_queued_nor_recorded_again(unit: FakeUnitOfWork):
    reminder = _reminder(unit, MONDAY_10)

    assert _queue(unit, reminder, MONDAY_10)
    assert not _queue(unit, reminder, MONDAY_10)

    assert len(unit.outbox.pending()) == 1 and len(unit.reminders.occurrences) == 1


def test_the_summary_of_a_long_reminder_is_cut_to_what_a_notification_shows(
    unit: FakeUnitOfWork,
):
    reminder = _reminder(unit, MONDAY_10, text="x" * 500)

    _queue(unit, reminder, MONDAY_10)

    [message] = unit.outbox.pending()
    assert message.content.text is not None and len(message.content.text) == 200


def test_an_answered_card_replaces_every_sent_copy_at_once(unit: FakeUnitOfWork):
    reminder = _reminder(unit, MONDAY_10)
    _queue(unit, reminder, MONDAY_10)
    occurrence = unit.reminders.occurrences[1]

    show_answered(unit, reminder, occurrence, "done")

    update = unit.outbox.queued[f"reminder-card:{occurrence.key}"]
    assert (update.address, update.due_at) == (UpdateCopies(occurrence.key), MONDAY_10)
    assert update.content.card is not None
    assert "Action.Execute" not in str(update.content.card)  # no button left to press


def test_withdrawing_cancels_only_the_occurrences_still_to_come(unit: FakeUnitOfWork):
    reminder = _reminder(unit, MONDAY_10, MONDAYS_9)
    past, coming = MONDAY_10 - timedelta(days=7), MONDAY_10 + timedelta(days=7)
    for due in (past, coming):
        _queue(unit, reminder, due)

    withdrawn = withdraw_coming(unit, unit.reminders, reminder.id)

    states = {o.due_at: o.state for o in unit.reminders.occurrences.values()}
    assert states == {past: "pending", coming: "cancelled"}
    assert unit.outbox.pending_keys() == [occurrence_key(reminder, past)]
    assert withdrawn == 1


def test_a_repeat_that_has_come_due_queues_its_next_occurrence_once(unit: FakeUnitOfWork):
    start = MONDAYS_9.next_after(MONDAY_10)
    reminder = _reminder(unit, start, MONDAYS_9)
    _queue(unit, reminder, start)

    unit.clock.current = start - timedelta(seconds=1)  # type: ignore[attr-defined]
    before = roll_forward(unit)
    unit.clock.current = start  # type: ignore[attr-defined]
    rolled = [roll_forward(unit) for _ in range(3)]

    assert before == 0 and rolled == [1, 0, 0]
    next_week = start + timedelta(days=7)
    assert unit.reminders.reminders[reminder.id].next_due_at == next_week
    assert unit.outbox.pending_keys() == [
        occurrence_key(reminder, start), occurrence_key(reminder, next_week),
    ]  # fmt: skip


def test_a_repeat_after_a_long_stop_queues_only_the_next_occurrence(unit: FakeUnitOfWork):
    daily = Recurrence(frozenset(range(7)), time(8, 30))
    start = daily.next_after(MONDAY_10)
    reminder = _reminder(unit, start, daily)

    unit.clock.current = start + timedelta(days=10)  # type: ignore[attr-defined]

    assert roll_forward(unit) == 1
    [message] = unit.outbox.pending()
    assert message.due_at == start + timedelta(days=11)
    assert unit.reminders.reminders[reminder.id].next_due_at == message.due_at


def test_one_off_and_finished_reminders_do_not_roll_forward(unit: FakeUnitOfWork):
    _reminder(unit, MONDAY_10)
    stopped = _reminder(unit, MONDAY_10, MONDAYS_9)
    unit.reminders.finish(stopped.id, "stopped")

    unit.clock.current = MONDAY_10 + timedelta(days=30)  # type: ignore[attr-defined]

    assert roll_forward(unit) == 0 and unit.outbox.pending() == []


def test_the_view_of_a_reminder_shows_it_at_the_time_asked(unit: FakeUnitOfWork):
    reminder = _reminder(unit, MONDAY_10, MONDAYS_9, audience="us", conversation_id="19:c")
    later = MONDAY_10 + timedelta(days=7)

    view = view_of(reminder, later)

    assert (view.id, view.text, view.at, view.recurrence, view.audience) == (
        1, "ring til lægen", later, MONDAYS_9, "us",
    )  # fmt: skip
