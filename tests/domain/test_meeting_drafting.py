"""Reading the creation card: typed times, people without Teams, where to meet."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.directory.model import Absence, Directory, Organisation, OrgKind, Person
from domain.identity import PersonRef
from domain.meetings.drafting import (
    Invitable,
    busy_times,
    distinct_times,
    participants,
    read_people_lines,
    read_slot_lines,
    suggest_location,
    suggested_place,
)
from domain.meetings.poll import PersonKind, PollPerson
from tests.meeting_factories import COPENHAGEN, local

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


def test_the_tovholder_and_the_citizen_are_required_and_only_known_people_are_invited():
    anne = Invitable(PersonRef("t", "anne"), "Anne", "anne@region.dk")
    bo, erik = Invitable(PersonRef("t", "bo"), "Bo"), Invitable(PersonRef("t", "erik"), "Erik")
    stranger = PersonRef("t", "stranger")

    people = participants(
        anne,
        [bo.person, stranger, anne.person, erik.person, bo.person],
        {erik.person},
        [bo, erik],
        "  Jens  (borger) ",
        "Mor (valgfri)",
    )

    assert [(p.key, p.name, p.kind, p.required) for p in people] == [
        ("p1", "Anne", PersonKind.TEAMS, True),
        ("p2", "Bo", PersonKind.TEAMS, True),
        ("p3", "Erik", PersonKind.TEAMS, False),
        ("p4", "Jens (borger)", PersonKind.CITIZEN, True),
        ("p5", "Mor", PersonKind.PROXY, False),
    ]
    assert people[0].upn == "anne@region.dk"


def test_only_the_absences_of_the_people_asked_make_times_busy():
    bo, erik = PersonRef("t", "bo"), PersonRef("t", "erik")
    absences = [
        Absence(bo, date(2026, 12, 1), date(2026, 12, 2)),
        Absence(erik, date(2026, 12, 3), date(2026, 12, 3)),
    ]

    busy = busy_times({bo}, absences, COPENHAGEN)

    assert busy == {"absence0": [(local("2026-12-01 00:00"), local("2026-12-03 00:00"))]}


def test_a_hospital_is_suggested_when_a_doctor_must_come_and_someone_works_at_one():
    anne, doctor = PersonRef("t", "anne"), PersonRef("t", "doc")
    directory = Directory.of(
        [
            Organisation("k", OrgKind.KOMMUNE, "Bostedet", "t"),
            Organisation("r", OrgKind.REGION, "PC Amager", "t"),
        ],
        [Person(anne, None, "Anne", "k"), Person(doctor, None, "Doc", "r")],
    )
    people = [PollPerson("p2", "Doc", PersonKind.TEAMS, True, doctor)]

    assert suggested_place(directory, anne, people, doctor=True) == ("PC Amager", True)
    assert suggested_place(directory, anne, people, doctor=False) == ("Bostedet", False)
