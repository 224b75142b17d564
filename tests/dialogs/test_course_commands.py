"""The course's card actions become typed commands; anything malformed is refused."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from dialogs.actions import CardAction
from dialogs.course.commands import (
    InvalidCommand,
    correct_date,
    hand_over,
    snooze_reminder,
    take_step,
)
from domain.course import DeadlineKind, Step


def _action(**data: Any) -> CardAction:
    return CardAction("course.step", data, "29:anne", "aad-anne")


def test_a_step_with_a_picked_meeting_day_and_time_parses():
    command = take_step(
        _action(
            reference="KI-2026-0001",
            step="schedule_meeting",
            meeting_day="2026-12-03",
            meeting_time="10:00",
        )
    )
    assert (command.step, command.meeting_day, command.meeting_time) == (
        Step.SCHEDULE_MEETING,
        date(2026, 12, 3),
        time(10),
    )


def test_a_snooze_parses_its_deadline_and_delay():
    command = snooze_reminder(
        _action(reference="KI-2026-0001", kind="plan", due="2026-01-22", offset="7d", delay="1w")
    )
    assert (command.kind, command.due, command.delay) == (
        DeadlineKind.PLAN,
        date(2026, 1, 22),
        timedelta(weeks=1),
    )


@pytest.mark.parametrize(
    ("parse", "data"),
    [
        (take_step, {"reference": "KI-2026-0001", "step": "fly"}),
        (take_step, {"reference": "'; DROP", "step": "close"}),
        (take_step, {"reference": "KI-2026-0001", "step": "close", "meeting_day": "3/12"}),
        (
            snooze_reminder,
            {
                "reference": "KI-2026-0001",
                "kind": "plan",
                "due": "x",
                "offset": "7d",
                "delay": "1w",
            },
        ),
        (
            snooze_reminder,
            {
                "reference": "KI-2026-0001",
                "kind": "plan",
                "due": "2026-01-22",
                "offset": "7d",
                "delay": "1y",
            },
        ),
        (hand_over, {"reference": "KI-2026-0001", "tovholder": "someone"}),
        (correct_date, {"reference": "KI-2026-0001", "step": "hold_meeting"}),
    ],
)
def test_malformed_actions_are_refused(parse: Any, data: dict[str, Any]):
    with pytest.raises(InvalidCommand):
        parse(_action(**data))
