"""'påmind mig <tid> om <hvad>': 'om' is both a time word and the start of what to remember."""

from __future__ import annotations

from datetime import time

import pytest

from domain.reminders import ReminderRequest, parse_reminder_request
from domain.timeparse import Recurrence, TimeNotUnderstood
from tests.domain.time_table import MONDAY, cph


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "påmind mig om 10 minutter om at ringe til lægen",
            ReminderRequest("me", "ringe til lægen", cph(2026, 11, 23, 9, 10)),
        ),
        (
            "påmind mig i morgen kl 9 om mødet",
            ReminderRequest("me", "mødet", cph(2026, 11, 24, 9)),
        ),
        (
            "Påmind os fredag kl 9 om at tale med Ole om planen",
            ReminderRequest("us", "tale med Ole om planen", cph(2026, 11, 27, 9)),
        ),
        (
            "påmind mig i morgen fra kl 9 til 10 om mødet",
            ReminderRequest("me", "mødet", cph(2026, 11, 24, 9)),
        ),
        (
            "påmind mig om at ringe til lægen i morgen kl 9",
            ReminderRequest("me", "ringe til lægen", cph(2026, 11, 24, 9)),
        ),
        (
            "påmind mig i morgen kl 9.15: mødet",
            ReminderRequest("me", "mødet", cph(2026, 11, 24, 9, 15)),
        ),
        (
            "remind me tomorrow at 9 to talk to Ole",
            ReminderRequest("me", "talk to Ole", cph(2026, 11, 24, 9)),
        ),
        (
            "mind mig om 2 timer om opfølgningen",
            ReminderRequest("me", "opfølgningen", cph(2026, 11, 23, 11)),
        ),
        (
            "remind me tomorrow at 2pm to call the doctor",
            ReminderRequest("me", "call the doctor", cph(2026, 11, 24, 14)),
        ),
        (
            "Remind us in 10 minutes about the follow-up meeting",
            ReminderRequest("us", "the follow-up meeting", cph(2026, 11, 23, 9, 10)),
        ),
        (
            "remind me to call Ole in 2 hours",
            ReminderRequest("me", "call Ole", cph(2026, 11, 23, 11)),
        ),
    ],
)
def test_a_reminder_request_is_split_into_time_and_text(text: str, expected: ReminderRequest):
    assert parse_reminder_request(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "weekdays", "at", "first"),
    [
        ("påmind mig hver mandag kl 9 om ugeplanen", {0}, time(9), cph(2026, 11, 30, 9)),
        (
            "påmind os hver dag kl 8.30 om tavlemødet",
            set(range(7)),
            time(8, 30),
            cph(2026, 11, 24, 8, 30),
        ),
        ("påmind mig hver hverdag kl 8 om posten", set(range(5)), time(8), cph(2026, 11, 24, 8)),
        ("remind us every Friday at 2pm to send the report", {4}, time(14), cph(2026, 11, 27, 14)),
    ],
)
def test_a_repeating_request_carries_its_rule_and_first_time(
    text: str, weekdays: set[int], at: time, first: object
):
    request = parse_reminder_request(text, MONDAY)

    assert request.recurrence == Recurrence(frozenset(weekdays), at)
    assert request.first == first


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hej med dig", "not_a_reminder"),
        ("påmind mig om 5 minutter", "no_reminder_text"),
        ("remind me tomorrow at 9", "no_reminder_text"),
        ("påmind mig onsdag om mødet", "no_time_of_day"),
        ("påmind mig kl 25 om mødet", "hour_out_of_range"),
        ("påmind mig i går kl 9 om mødet", "past"),
        ("påmind mig i dag kl 8 om mødet", "past"),
        ("påmind mig hver mandag om mødet", "no_time_of_day"),
    ],
)
def test_a_request_that_cannot_become_a_reminder_says_why(text: str, code: str):
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_reminder_request(text, MONDAY)

    assert refused.value.code == code
