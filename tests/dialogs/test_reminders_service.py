"""A reminder change on fakes: only its owner acts (every refusal audited), each change queues or
withdraws its occurrences and is audited with codes only, and a card answered before is
recognised, not answered twice. (The same promises on both databases:
tests/storage/test_reminder_changes.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from dialogs.reminders import service
from dialogs.reminders.occurrences import occurrence_key, queue_occurrence
from dialogs.turn import Where
from domain.clock import FixedClock
from domain.reminders import When
from domain.timeparse import Recurrence
from storage.reminders import NewReminder, Reminder
from tests.dialogs.turns import ANNE, BO
from tests.fakes import FakeUnitOfWork

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen
SOON = MONDAY_10 + timedelta(hours=1)
MONDAYS_9 = Recurrence(frozenset({0}), time(9, 0))


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(MONDAY_10))


def _create(
    unit: FakeUnitOfWork,
    first: datetime = SOON,
    recurrence: Recurrence | None = None,
    *,
    text: str = "ring til lægen",
    conversation_id: str | None = None,
) -> Reminder:
    audience = "us" if conversation_id else "me"
    new = NewReminder(ANNE, audience, conversation_id, text, "da", first, recurrence)
    return service.create(unit, new)


def _key(unit: FakeUnitOfWork) -> str:
    [key] = [k for k in unit.outbox.pending_keys() if k.startswith("reminder:")]
    return key


def _at(unit: FakeUnitOfWork, moment: datetime) -> None:
    unit.clock.current = moment  # type: ignore[attr-defined]


def test_a_new_reminder_is_stored_queued_at_its_time_and_audited(unit: FakeUnitOfWork):
    reminder = _create(unit, SOON, MONDAYS_9)

    assert unit.reminders.get(reminder.id) == reminder
    assert unit.outbox.pending_keys() == [occurrence_key(reminder, SOON)]
    [entry] = unit.audit.entries
    assert (entry.actor, entry.action, entry.subject_kind, entry.subject_id) == (
        ANNE, "reminder.created", "reminder", str(reminder.id),
    )  # fmt: skip
    assert entry.detail == {"audience": "me", "repeats": True, "due": SOON.isoformat()}


def test_the_owner_sees_her_reminder_at_its_next_time(unit: FakeUnitOfWork):
    reminder = _create(unit)

    view = service.current(unit, ANNE, reminder.id)

    assert not isinstance(view, service.Refused | service.AlreadyAnswered)
    assert (view.id, view.text, view.at) == (reminder.id, "ring til lægen", SOON)
    assert unit.audit.actions() == ["reminder.created"]


def test_someone_else_is_refused_every_change_and_each_refusal_is_audited(unit: FakeUnitOfWork):
    reminder = _create(unit)
    key = _key(unit)

    attempts = [
        service.current(unit, BO, reminder.id),
        service.reschedule(unit, BO, reminder.id, When(SOON + timedelta(hours=1))),
        service.cancel(unit, BO, reminder.id),
        service.done(unit, BO, reminder.id, key),
        service.snooze(unit, BO, reminder.id, key, "1h"),
        service.stop(unit, BO, reminder.id, key),
    ]

    assert attempts == [service.Refused("not_owner")] * 6
    assert unit.audit.refusals() == [
        ("reminder.rescheduled", "refused:not_owner"),
        ("reminder.rescheduled", "refused:not_owner"),
        ("reminder.cancelled", "refused:not_owner"),
        ("reminder.done", "refused:not_owner"),
        ("reminder.snoozed", "refused:not_owner"),
        ("reminder.stopped", "refused:not_owner"),
    ]
    assert {e.actor for e in unit.audit.entries[1:]} == {BO}
    assert unit.outbox.pending_keys() == [key] and unit.reminders.get(reminder.id) == reminder


def test_an_unknown_reminder_is_gone_and_nothing_is_audited(unit: FakeUnitOfWork):
    assert service.cancel(unit, ANNE, 999) == service.Refused("gone")
    assert service.current(unit, ANNE, 999) == service.Refused("gone")
    assert unit.audit.entries == []


def test_a_card_of_another_reminder_is_gone(unit: FakeUnitOfWork):
    first, second = _create(unit), _create(unit, SOON + timedelta(hours=1))
    first_key = occurrence_key(first, SOON)

    assert service.done(unit, ANNE, second.id, first_key) == service.Refused("gone")
    assert service.done(unit, ANNE, second.id, "reminder:2:r0:nothing") == service.Refused("gone")


def test_moving_a_reminder_withdraws_its_coming_occurrence_and_queues_the_new_time(
    unit: FakeUnitOfWork,
):
    reminder = _create(unit)
    old_key = _key(unit)
    later = SOON + timedelta(hours=2)

    moved = service.reschedule(unit, ANNE, reminder.id, When(later, MONDAYS_9))

    assert isinstance(moved, service.Changed) and moved.next_at == later
    assert (moved.reminder.revision, moved.reminder.next_due_at) == (1, later)
    assert moved.reminder.recurrence == MONDAYS_9
    assert old_key in unit.outbox.cancelled
    assert unit.outbox.pending_keys() == [occurrence_key(moved.reminder, later)]
    assert unit.reminders.occurrence(old_key).state == "cancelled"  # type: ignore[union-attr]
    detail = unit.audit.entries[-1].detail
    assert detail["repeats"] is True and datetime.fromisoformat(str(detail["due"])) == later


def test_cancelling_withdraws_everything_still_to_come_once(unit: FakeUnitOfWork):
    reminder = _create(unit, SOON, MONDAYS_9)

    cancelled = service.cancel(unit, ANNE, reminder.id)
    again = service.cancel(unit, ANNE, reminder.id)

    assert isinstance(cancelled, service.Changed) and cancelled.reminder.status == "cancelled"
    assert isinstance(again, service.AlreadyAnswered) and again.reminder.status == "cancelled"
    assert unit.outbox.pending() == []
    assert unit.audit.actions() == ["reminder.created", "reminder.cancelled"]
    assert unit.audit.entries[-1].detail == {"withdrawn": 1}  # the occurrence to come


def test_a_cancelled_reminder_can_no_longer_be_moved_and_shows_its_state(unit: FakeUnitOfWork):
    reminder = _create(unit)
    service.cancel(unit, ANNE, reminder.id)

    moved = service.reschedule(unit, ANNE, reminder.id, When(SOON + timedelta(days=1)))
    shown = service.current(unit, ANNE, reminder.id)

    assert isinstance(moved, service.AlreadyAnswered) and isinstance(shown, service.AlreadyAnswered)
    assert unit.outbox.pending() == []


def test_done_finishes_a_one_off_updates_every_copy_and_a_second_click_is_recognised(
    unit: FakeUnitOfWork,
):
    reminder = _create(unit)
    key = _key(unit)
    _at(unit, SOON)

    done = service.done(unit, ANNE, reminder.id, key)
    again = service.done(unit, ANNE, reminder.id, key)

    assert isinstance(done, service.Changed) and done.occurrence is not None
    assert isinstance(again, service.AlreadyAnswered)
    assert again.occurrence is not None and again.occurrence.state == "done"
    assert unit.reminders.reminders[reminder.id].status == "done"
    assert [k for k in unit.outbox.pending_keys() if k.startswith("reminder-card:")] == [
        f"reminder-card:{key}"
    ]
    assert unit.audit.actions() == ["reminder.created", "reminder.done"]


def test_done_on_a_repeat_answers_this_time_and_keeps_the_repeat(unit: FakeUnitOfWork):
    reminder = _create(unit, SOON, MONDAYS_9)

    done = service.done(unit, ANNE, reminder.id, _key(unit))

    assert isinstance(done, service.Changed)
    assert unit.reminders.reminders[reminder.id].active


def test_a_card_snoozed_twice_fires_once_more_at_the_first_snoozes_time(unit: FakeUnitOfWork):
    reminder = _create(unit)
    key = _key(unit)
    _at(unit, SOON + timedelta(minutes=5))

    first = service.snooze(unit, ANNE, reminder.id, key, "1h")
    second = service.snooze(unit, ANNE, reminder.id, key, "next_week")

    in_an_hour = SOON + timedelta(minutes=65)
    assert isinstance(first, service.Changed) and first.next_at == in_an_hour
    assert isinstance(second, service.AlreadyAnswered)
    snoozes = [m for m in unit.outbox.pending() if ":snooze:" in m.dedupe_key]
    assert [(m.dedupe_key, m.due_at) for m in snoozes] == [("reminder:1:snooze:1", in_an_hour)]
    detail = unit.audit.entries[-1].detail
    assert (detail["occurrence"], detail["kind"]) == (1, "1h")
    assert datetime.fromisoformat(str(detail["due"])) == in_an_hour


def test_stopping_a_repeat_withdraws_what_is_still_to_come(unit: FakeUnitOfWork):
    reminder = _create(unit, SOON, MONDAYS_9)
    key = _key(unit)
    next_week = SOON + timedelta(days=7)
    queue_occurrence(unit, unit.reminders, reminder, occurrence_key(reminder, next_week), next_week)

    stopped = service.stop(unit, ANNE, reminder.id, key)
    again = service.stop(unit, ANNE, reminder.id, key)

    assert isinstance(stopped, service.Changed) and stopped.reminder.status == "stopped"
    assert isinstance(again, service.AlreadyAnswered)
    states = sorted(o.state for o in unit.reminders.occurrences.values())
    assert states == ["cancelled", "stopped"]
    assert [k for k in unit.outbox.pending_keys() if k.startswith("reminder:")] == []
    assert unit.audit.actions() == ["reminder.created", "reminder.stopped"]


def test_the_list_shows_each_active_reminder_at_its_next_time(unit: FakeUnitOfWork):
    later = MONDAY_10 + timedelta(days=1)
    gone = _create(unit, later, text="b")
    _create(unit, SOON, text="a")
    service.cancel(unit, ANNE, gone.id)

    views = service.coming_views(unit, ANNE, None)

    assert [(v.text, v.at) for v in views] == [("a", SOON)]
    assert service.coming_views(unit, BO, None) == []


def test_a_shared_conversation_lists_only_the_reminders_posted_there(unit: FakeUnitOfWork):
    _create(unit, text="mine")
    _create(unit, text="ours", conversation_id="19:team")
    _create(unit, text="elsewhere", conversation_id="19:other")

    personal = service.coming_here(unit, ANNE, Where("a:anne", "personal"))
    team = service.coming_here(unit, ANNE, Where("19:team", "channel"))

    assert sorted(v.text for v in personal) == ["elsewhere", "mine", "ours"]
    assert [v.text for v in team] == ["ours"]


def test_the_audit_log_holds_codes_never_the_reminders_text(unit: FakeUnitOfWork):
    reminder = _create(unit, text="ring til lægen om Peters medicin")
    service.done(unit, ANNE, reminder.id, _key(unit))

    assert "Peter" not in str([(e.detail, e.subject_id) for e in unit.audit.entries])
