"""Reminder buttons become typed commands; anything a reminder card never sends is refused."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.actions import CardAction
from dialogs.reminders.commands import (
    CancelReminder,
    ChangeTime,
    InvalidCommand,
    MarkDone,
    Reschedule,
    Snooze,
    StopRepeat,
    parse_command,
)

KEY = "reminder:7:r0:20261124T0800Z"


def _action(verb: str, **data: Any) -> CardAction:
    return CardAction(verb, data, "29:anne", "aad-anne")


@pytest.mark.parametrize(
    ("action", "command"),
    [
        (_action("reminders.change", reminder=7), ChangeTime(7)),
        (
            _action("reminders.reschedule", reminder=7, when="  i morgen   kl 9 "),
            Reschedule(7, "i morgen kl 9"),
        ),
        (_action("reminders.reschedule", reminder=7), Reschedule(7, "")),
        (_action("reminders.cancel", reminder=7), CancelReminder(7, from_list=False)),
        (_action("reminders.cancel", reminder=7, origin="list"), CancelReminder(7, from_list=True)),
        (_action("reminders.done", reminder=7, occurrence=KEY), MarkDone(7, KEY)),
        (_action("reminders.snooze", reminder=7, occurrence=KEY, kind="1h"), Snooze(7, KEY, "1h")),
        (_action("reminders.stop", reminder=7, occurrence=KEY), StopRepeat(7, KEY)),
    ],
)
def test_each_button_becomes_its_command(action: CardAction, command: object):
    assert parse_command(action) == command


@pytest.mark.parametrize(
    "action",
    [
        _action("reminders.change"),
        _action("reminders.change", reminder="7"),
        _action("reminders.change", reminder=True),
        _action("reminders.change", reminder=0),
        _action("reminders.reschedule", reminder=7, when=["kl 9"]),
        _action("reminders.reschedule", reminder=7, when="x" * 121),
        _action("reminders.done", reminder=7),
        _action("reminders.done", reminder=7, occurrence="reminder:8:r0:x"),
        _action("reminders.snooze", reminder=7, occurrence=KEY, kind="forever"),
        _action("reminders.stop", reminder=7, occurrence=KEY * 10),
        _action("reminders.unknown", reminder=7, occurrence=KEY),
    ],
)
def test_malformed_button_data_is_refused(action: CardAction):
    with pytest.raises(InvalidCommand):
        parse_command(action)
