"""Snoozing: an hour of real time, tomorrow morning or next Monday morning on the wall clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.reminders import SNOOZE_KINDS, SnoozeKind, snooze_until
from tests.domain.time_table import MONDAY, cph


@pytest.mark.parametrize(
    ("kind", "now", "expected"),
    [
        ("1h", MONDAY, "2026-11-23T10:00:00+01:00"),
        ("tomorrow_morning", MONDAY, "2026-11-24T08:00:00+01:00"),
        ("next_week", MONDAY, "2026-11-30T08:00:00+01:00"),
        ("next_week", cph(2026, 11, 29, 22), "2026-11-30T08:00:00+01:00"),  # Sunday night
        ("1h", cph(2026, 3, 29, 1, 30), "2026-03-29T03:30:00+02:00"),  # over the spring gap
        ("tomorrow_morning", cph(2026, 3, 28, 21), "2026-03-29T08:00:00+02:00"),
        ("tomorrow_morning", cph(2026, 10, 24, 21), "2026-10-25T08:00:00+01:00"),
        ("next_week", cph(2027, 3, 26, 15), "2027-03-29T08:00:00+02:00"),
    ],
)
def test_a_snooze_ends_at_the_promised_moment(kind: SnoozeKind, now: datetime, expected: str):
    assert snooze_until(kind, now).isoformat() == expected


def test_every_snooze_ends_after_now():
    assert all(snooze_until(kind, MONDAY) > MONDAY for kind in SNOOZE_KINDS)


def test_an_unknown_snooze_is_refused():
    with pytest.raises(ValueError):
        snooze_until("forever", MONDAY)  # type: ignore[arg-type]
