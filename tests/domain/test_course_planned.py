"""What a change withdraws from what a course has queued: everything of a deadline met or moved,
what is ahead and no longer wanted; never a snooze of an open deadline, nor what is already due;
a handover withdraws the tovholder's own reminders, not the coordinators' escalations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.course import (
    Deadline,
    DeadlineKind,
    EscalationKey,
    Planned,
    ReminderKey,
    tovholders,
    withdrawn,
)

REF = "KI-2026-0001"
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
DUE = date(2026, 1, 22)
PLAN = Deadline(DeadlineKind.PLAN, DUE)
AHEAD, PAST = NOW + timedelta(days=3), NOW - timedelta(hours=1)


def _reminder(offset: str, at: datetime, snoozed: str | None = None) -> Planned:
    return Planned(ReminderKey(REF, DeadlineKind.PLAN, offset, DUE, snoozed), at)


def test_everything_of_a_met_deadline_is_withdrawn():
    planned = [_reminder("7d", PAST), Planned(EscalationKey(REF, DeadlineKind.PLAN, DUE), AHEAD)]

    assert withdrawn(planned, wanted=set(), still_open=[], now=NOW) == planned


def test_what_is_ahead_and_no_longer_wanted_goes_but_what_is_due_stays():
    ahead, due, snooze = (
        _reminder("2d", AHEAD),
        _reminder("7d", PAST),
        _reminder("7d", AHEAD, "2026-01-15T09:00"),
    )

    gone = withdrawn([ahead, due, snooze], wanted=set(), still_open=[PLAN], now=NOW)

    assert gone == [ahead]


def test_what_is_still_wanted_stays():
    ahead = _reminder("2d", AHEAD)

    assert withdrawn([ahead], wanted={ahead.key}, still_open=[PLAN], now=NOW) == []


def test_a_handover_withdraws_the_tovholders_reminders_and_snoozes_only():
    mine, snooze = _reminder("7d", AHEAD), _reminder("7d", AHEAD, "2026-01-15T09:00")
    forward = Planned(ReminderKey(REF, DeadlineKind.FORWARD, "0d", DUE), AHEAD)
    escalation = Planned(EscalationKey(REF, DeadlineKind.PLAN, DUE), AHEAD)

    assert tovholders([mine, snooze, forward, escalation]) == [mine, snooze]


def test_a_key_written_before_keys_were_values_is_withdrawn_as_it_was_written():
    old = "course:KI-2026-0001:plan:7d:snooze:2026-01-15T09:00:2026-01-22"
    planned = _reminder("7d", AHEAD, "2026-01-15T09:00")

    assert Planned(planned.key, AHEAD, old).text == old != planned.text
