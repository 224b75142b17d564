"""Reminder buttons become typed commands; anything a reminder card never sends is refused."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.reminders.commands import (
    CancelReminder,
    ChangeTime,
    MarkDone,
    Reschedule,
    Snooze,
    StopRepeat,
)
from dialogs.router import MalformedCommand, parse

KEY = "reminder:7:r0:20261124T0800Z"


@pytest.mark.parametrize(
    ("kind", "data", "command"),
    [
        (ChangeTime, {"reminder": 7}, ChangeTime(7)),
        (ChangeTime, {"reminder": "7"}, ChangeTime(7)),
        (
            Reschedule,
            {"reminder": 7, "when": "  i morgen   kl 9 "},
            Reschedule(7, "i morgen   kl 9"),
        ),
        (Reschedule, {"reminder": 7}, Reschedule(7, "")),
        (CancelReminder, {"reminder": 7}, CancelReminder(7)),
        (CancelReminder, {"reminder": 7, "origin": "list"}, CancelReminder(7, "list")),
        (MarkDone, {"reminder": 7, "occurrence": KEY}, MarkDone(7, KEY)),
        (Snooze, {"reminder": 7, "occurrence": KEY, "kind": "1h"}, Snooze(7, KEY, "1h")),
        (StopRepeat, {"reminder": 7, "occurrence": KEY, "extra": [1]}, StopRepeat(7, KEY)),
    ],
)
def test_each_button_becomes_its_command(kind: type[Any], data: dict[str, Any], command: object):
    assert parse(kind, data) == command


def test_a_typed_time_is_read_with_its_spaces_folded():
    assert parse(Reschedule, {"reminder": 7, "when": " i  morgen\tkl 9 "}).when_text == (
        "i morgen kl 9"
    )


def test_a_list_cancel_is_told_apart_from_a_card_cancel():
    assert parse(CancelReminder, {"reminder": 7, "origin": "list"}).from_list
    assert not parse(CancelReminder, {"reminder": 7}).from_list


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (ChangeTime, {}),
        (ChangeTime, {"reminder": True}),
        (ChangeTime, {"reminder": 0}),
        (ChangeTime, {"reminder": "²"}),
        (ChangeTime, {"reminder": "7.0"}),
        (Reschedule, {"reminder": 7, "when": ["kl 9"]}),
        (Reschedule, {"reminder": 7, "when": "x" * 121}),
        (MarkDone, {"reminder": 7}),
        (Snooze, {"reminder": 7, "occurrence": KEY, "kind": "forever"}),
        (Snooze, {"reminder": 7, "occurrence": KEY}),
        (StopRepeat, {"reminder": 7, "occurrence": KEY * 10}),
    ],
)
def test_malformed_button_data_is_refused(kind: type[Any], data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(kind, data)


def test_an_occurrence_of_another_reminder_does_not_belong_to_this_one():
    assert not parse(MarkDone, {"reminder": 7, "occurrence": "reminder:8:r0:x"}).belongs
    assert parse(MarkDone, {"reminder": 7, "occurrence": KEY}).belongs
