"""The course's card data parsed strictly into typed commands; anything malformed is refused,
never crashed on (issue 16 item 5: a snooze's ``delay`` as a list or an object)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from dialogs.course.commands import CorrectDate, HandOver, OpenCase, Snooze, TakeStep
from dialogs.router import MalformedCommand, parse
from domain.course import DeadlineKind, Step
from domain.identity import PersonRef

SNOOZE = {"reference": "KI-2026-0001", "kind": "plan", "due": "2026-01-22", "offset": "7d"}


def test_a_step_with_a_picked_meeting_day_and_time_parses():
    command = parse(
        TakeStep,
        {
            "reference": "KI-2026-0001",
            "step": "schedule_meeting",
            "meeting_day": "2026-12-03",
            "meeting_time": "10:00",
            "when": "",
        },
    )

    assert (command.step, command.meeting_day, command.meeting_clock, command.when) == (
        Step.SCHEDULE_MEETING,
        date(2026, 12, 3),
        time(10),
        "",
    )


def test_empty_meeting_inputs_are_no_meeting_day_or_time():
    command = parse(
        TakeStep,
        {"reference": "KI-2026-0001", "step": "close", "meeting_day": "", "meeting_time": ""},
    )

    assert (command.meeting_day, command.meeting_clock) == (None, None)


def test_a_snooze_parses_its_deadline_and_delay():
    command = parse(Snooze, {**SNOOZE, "delay": "1w"})

    assert (command.kind, command.due, command.wait, command.base_offset) == (
        DeadlineKind.PLAN,
        date(2026, 1, 22),
        timedelta(weeks=1),
        "7d",
    )


def test_a_nudge_sent_before_keys_were_values_still_snoozes_by_its_first_offset():
    command = parse(Snooze, {**SNOOZE, "offset": "7d:snooze:2026-01-23T09:00", "delay": "1d"})

    assert command.base_offset == "7d"


def test_a_hand_over_names_the_new_tovholder_by_tenant_and_object_id():
    command = parse(HandOver, {"reference": "KI-2026-0001", "tovholder": "T-1/AAD-2"})

    assert command.new_tovholder == PersonRef("t-1", "aad-2")


def test_a_corrected_day_parses():
    command = parse(
        CorrectDate,
        {"reference": "KI-2026-0001", "step": "hold_meeting", "corrected_day": "2026-01-06"},
    )

    assert (command.step, command.corrected_day) == (Step.HOLD_MEETING, date(2026, 1, 6))


@pytest.mark.parametrize(
    ("command", "data"),
    [
        (TakeStep, {"reference": "KI-2026-0001", "step": "fly"}),
        (TakeStep, {"reference": "'; DROP", "step": "close"}),
        (TakeStep, {"reference": "KI-2026-0001", "step": "close", "meeting_day": "3/12"}),
        (TakeStep, {"reference": "KI-2026-0001", "step": "close", "meeting_time": "25:00"}),
        (TakeStep, {"reference": "KI-2026-0001", "step": ["close"]}),
        (TakeStep, {"reference": "KI-2026-0001", "step": "close", "when": "x" * 201}),
        (OpenCase, {"reference": "KI-2026-²⁰⁰¹"}),
        (OpenCase, {"reference": {"KI": 1}}),
        (OpenCase, {}),
        (Snooze, {**SNOOZE, "due": "x", "delay": "1w"}),
        (Snooze, {**SNOOZE, "delay": "1y"}),
        (Snooze, {**SNOOZE, "delay": ["1d"]}),
        (Snooze, {**SNOOZE, "delay": {"days": 1}}),
        (Snooze, {**SNOOZE, "delay": None}),
        (Snooze, {**SNOOZE, "kind": ["plan"], "delay": "1d"}),
        (Snooze, {**SNOOZE, "offset": "7d:anything", "delay": "1d"}),
        (Snooze, {**SNOOZE, "offset": ["7d"], "delay": "1d"}),
        (HandOver, {"reference": "KI-2026-0001", "tovholder": "someone"}),
        (HandOver, {"reference": "KI-2026-0001", "tovholder": "tænant/aad"}),
        (HandOver, {"reference": "KI-2026-0001"}),
        (CorrectDate, {"reference": "KI-2026-0001", "step": "hold_meeting"}),
    ],
)
def test_malformed_card_data_is_refused(command: type[Any], data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(command, data)
