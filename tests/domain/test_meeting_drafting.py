"""Reading the creation card: typed times, people without Teams, where to meet."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.meetings.drafting import (
    distinct_times,
    read_people_lines,
    read_slot_lines,
    suggest_location,
)
from tests.meeting_factories import local

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_each_typed_line_becomes_a_time_or_names_why_it_could_not():
    lines = read_slot_lines(
        "tirsdag d. 8/12 kl 10-11\n\n  onsdag kl 13  \nfoo bar\nmandag d. 2/11 kl 9",
        MONDAY,
        "da",
        45,
    )

    assert [(line.start, line.end) for line in lines[:2]] == [
        (local("2026-12-08 10:00"), local("2026-12-08 11:00")),
        (local("2026-12-02 13:00"), local("2026-12-02 13:45")),  # no end: the meeting's length
    ]
    assert lines[2].error is not None and lines[2].text == "foo bar"
    assert lines[3].error is not None  # before "now" (or not understood), never silently kept


def test_the_same_time_typed_twice_is_one_slot_and_slots_come_in_time_order():
    lines = read_slot_lines("onsdag kl 13-14\ntirsdag kl 10-11\nonsdag kl 13-14", MONDAY, "da", 60)

    assert distinct_times(lines) == [
        (local("2026-12-01 10:00"), local("2026-12-01 11:00")),
        (local("2026-12-02 13:00"), local("2026-12-02 14:00")),
    ]


def test_people_without_teams_are_required_unless_marked_optional():
    people = read_people_lines("Mor til Jens\n  Egen læge   (valgfri)\n\nDad (optional)")

    assert [(p.name, p.required) for p in people] == [
        ("Mor til Jens", True),
        ("Egen læge", False),
        ("Dad", False),
    ]


def test_the_hospital_is_suggested_only_when_a_psychiatric_doctor_must_attend():
    assert suggest_location("Rådhuset", "Psykiatrisk Center Amager", True) == (
        "Psykiatrisk Center Amager"
    )
    assert suggest_location("Rådhuset", "Psykiatrisk Center Amager", False) == "Rådhuset"
    assert suggest_location("Rådhuset", None, True) == "Rådhuset"
