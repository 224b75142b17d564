"""The iCalendar invitation: parsed back with icalendar and held to what Outlook needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from icalendar import Calendar

from domain.meetings import Invitee, Meeting, content_type, copenhagen_vtimezone, invitation_ics
from tests.ics_check import IcsRejected, check_ics
from tests.meeting_factories import COPENHAGEN, local

AGENDA = "1. Status fra hver deltager\n2. Borgerens egne punkter; mål, handlinger"


def meeting(**changes: Any) -> Meeting:
    values: dict[str, Any] = {
        "poll_id": "3f2a9c",
        "domain": "ki-bot.example.dk",
        "start": local("2027-03-30 10:00"),
        "end": local("2027-03-30 11:00"),
        "summary": "KI-møde (sag KI-0042)",
        "organizer": Invitee("Anna Sørensen", "anna@kk.dk"),
        "attendees": (
            Invitee("Bo Ørsted, overlæge", "bo@regionh.dk", required=True),
            Invitee("Eva Hansen", "eva@kk.dk", required=False),
            Invitee("Borgeren"),  # no e-mail: the tovholder answers by proxy
        ),
        "stamp": datetime(2027, 3, 1, 11, 0, tzinfo=UTC),
        "location": "PC Amager, mødelokale 2",
        "description": AGENDA,
    }
    return Meeting(**{**values, **changes})


def event_of(data: bytes) -> Any:
    return check_ics(data).walk("VEVENT")[0]


def test_the_invitation_is_a_request_with_every_property_outlook_reads():
    calendar = check_ics(invitation_ics(meeting()))
    event = calendar.walk("VEVENT")[0]

    assert (calendar["METHOD"], calendar["VERSION"]) == ("REQUEST", "2.0")
    assert str(calendar["PRODID"]).startswith("-//KI-bot//")
    assert event["UID"] == "ki-poll-3f2a9c@ki-bot.example.dk"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTAMP") == datetime(2027, 3, 1, 11, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event.decoded("DTSTART") == local("2027-03-30 10:00")
    assert event.decoded("DTEND").isoformat() == "2027-03-30T11:00:00+02:00"
    assert (event["SUMMARY"], event["LOCATION"]) == (
        "KI-møde (sag KI-0042)",
        "PC Amager, mødelokale 2",
    )
    assert event["DESCRIPTION"] == AGENDA
    assert (event["STATUS"], event["TRANSP"], event["CLASS"]) == ("CONFIRMED", "OPAQUE", "PRIVATE")


def test_organizer_and_attendees_carry_name_role_and_a_request_for_an_answer():
    event = event_of(invitation_ics(meeting()))

    assert event["ORGANIZER"] == "mailto:anna@kk.dk"
    assert event["ORGANIZER"].params["CN"] == "Anna Sørensen"
    attendees = {str(a): dict(a.params) for a in event["ATTENDEE"]}
    common = {"CUTYPE": "INDIVIDUAL", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    assert attendees == {
        "mailto:bo@regionh.dk": {**common, "CN": "Bo Ørsted, overlæge", "ROLE": "REQ-PARTICIPANT"},
        "mailto:eva@kk.dk": {**common, "CN": "Eva Hansen", "ROLE": "OPT-PARTICIPANT"},
    }


def test_the_timezone_definition_travels_with_the_invitation_and_has_the_eu_dst_rules():
    zone = check_ics(invitation_ics(meeting())).walk("VTIMEZONE")[0]

    assert zone["TZID"] == "Europe/Copenhagen"
    rules = {sub.name: sub for sub in zone.subcomponents}
    assert rules["DAYLIGHT"]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert rules["STANDARD"]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert (rules["DAYLIGHT"]["TZNAME"], rules["STANDARD"]["TZNAME"]) == ("CEST", "CET")


def test_the_vtimezone_rules_agree_with_the_iana_zone_every_hour_around_each_change():
    own = copenhagen_vtimezone().to_tz(lookup_tzid=False)
    days = [datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=n) for n in range(365 * 15)]
    changes = [
        day
        for day, after in pairwise(days)
        if day.astimezone(COPENHAGEN).utcoffset() != after.astimezone(COPENHAGEN).utcoffset()
    ]

    assert len(changes) == 30
    for day in changes:
        for instant in (day + timedelta(hours=h) for h in range(25)):
            assert instant.astimezone(own).utcoffset() == instant.astimezone(COPENHAGEN).utcoffset()


def test_a_winter_meeting_is_written_in_winter_time():
    event = event_of(
        invitation_ics(meeting(start=local("2026-12-16 13:00"), end=local("2026-12-16 14:30")))
    )

    assert event.decoded("DTSTART").isoformat() == "2026-12-16T13:00:00+01:00"
    assert event.decoded("DTEND").isoformat() == "2026-12-16T14:30:00+01:00"


def test_a_time_given_in_utc_is_written_as_copenhagen_wall_time():
    start = datetime(2027, 3, 30, 8, 0, tzinfo=UTC)

    event = event_of(invitation_ics(meeting(start=start, end=start + timedelta(hours=1))))

    assert "DTSTART;TZID=Europe/Copenhagen:20270330T100000" in event.to_ical().decode()


def test_moving_keeps_the_uid_and_raises_the_sequence():
    first = meeting()
    moved = first.moved(
        local("2027-04-06 09:00"), local("2027-04-06 10:00"), stamp=local("2027-03-20 08:00")
    )

    event = event_of(invitation_ics(moved))

    assert event["UID"] == event_of(invitation_ics(first))["UID"]
    assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == local("2027-04-06 09:00")
    assert event.decoded("DTSTAMP") == local("2027-03-20 08:00")


def test_cancelling_sends_a_cancel_with_the_same_uid_and_a_higher_sequence():
    moved = meeting().moved(
        local("2027-04-06 09:00"), local("2027-04-06 10:00"), stamp=local("2027-03-20 08:00")
    )

    data = invitation_ics(moved.cancel(stamp=local("2027-03-25 08:00")))

    calendar = check_ics(data)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2 and event["UID"] == "ki-poll-3f2a9c@ki-bot.example.dk"
    assert len(event["ATTENDEE"]) == 2
    assert content_type(moved.cancel(stamp=local("2027-03-25 08:00"))).endswith("method=CANCEL")


def test_the_http_content_type_names_the_method():
    assert content_type(meeting()) == "text/calendar; charset=utf-8; method=REQUEST"


def test_a_name_with_double_quotes_or_a_line_break_still_gives_a_valid_invitation():
    odd = Invitee('Ole "Doc"\nOlsen', "ole@regionh.dk")

    event = event_of(invitation_ics(meeting(attendees=(odd,))))

    assert event["ATTENDEE"].params["CN"] == "Ole 'Doc' Olsen"


def test_without_location_or_agenda_those_lines_are_left_out_and_class_can_be_public():
    event = event_of(invitation_ics(meeting(location="", description="", private=False)))

    assert "LOCATION" not in event and "DESCRIPTION" not in event and event["CLASS"] == "PUBLIC"


def test_the_same_meeting_gives_the_same_bytes():
    assert invitation_ics(meeting()) == invitation_ics(meeting())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"poll_id": "a b"}, "poll id"),
        ({"domain": "Not A Host"}, "host name"),
        ({"start": datetime(2027, 3, 30, 10)}, "aware"),  # noqa: DTZ001
        ({"end": local("2027-03-30 09:00")}, "end after"),
        ({"sequence": -1}, "sequence"),
        ({"organizer": Invitee("Anna")}, "organizer"),
        ({"summary": " "}, "summary"),
    ],
)
def test_a_meeting_that_cannot_become_a_valid_invitation_is_refused(
    changes: dict[str, Any], message: str
):
    with pytest.raises(ValueError, match=message):
        meeting(**changes)


def test_an_invitee_needs_a_name_and_an_address_that_looks_like_e_mail():
    with pytest.raises(ValueError, match="e-mail"):
        Invitee("Bo", "bo at regionh")
    with pytest.raises(ValueError, match="name"):
        Invitee(" ", "bo@regionh.dk")


# The validator itself: each broken invitation below must be rejected.

GOOD = invitation_ics(meeting())


def without_component(data: bytes, name: bytes) -> bytes:
    start, end = data.index(b"BEGIN:" + name), data.index(b"END:" + name + b"\r\n")
    return data[:start] + data[end + len(b"END:" + name + b"\r\n") :]


def without_line(data: bytes, prefix: bytes) -> bytes:
    return b"\r\n".join(line for line in data.split(b"\r\n") if not line.startswith(prefix))


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (without_component(GOOD, b"VTIMEZONE"), "no VTIMEZONE defines it"),
        (without_line(GOOD, b"UID:"), "UID is missing"),
        (without_line(GOOD, b"METHOD:"), "METHOD"),
        (without_line(GOOD, b"SEQUENCE:"), "SEQUENCE"),
        (GOOD.replace(b"DTSTAMP:20270301T110000Z", b"DTSTAMP:20270301T110000"), "DTSTAMP"),
        (GOOD.replace(b"DTSTART;TZID=Europe/Copenhagen:", b"DTSTART:"), "TZID"),
        (GOOD.replace(b"T110000\r\n", b"T090000\r\n"), "DTEND must come after"),
        (GOOD.replace(b"BYMONTH=3", b"BYMONTH=4"), "disagrees with the IANA zone"),
        (GOOD.replace(b"19810329T020000", b"19810329T030000"), "disagrees with the IANA zone"),
        (without_component(GOOD, b"DAYLIGHT"), "STANDARD and DAYLIGHT"),
        (GOOD.replace(b";RSVP=TRUE:mailto:eva", b":mailto:eva"), "ROLE and RSVP"),
        (GOOD.replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED"), "METHOD:CANCEL"),
        (GOOD.replace(b"mailto:anna@kk.dk", b"anna@kk.dk"), "ORGANIZER"),
        (GOOD.replace(b"\r\n", b"\n"), "CRLF"),
        (GOOD.replace(b"\r\n ", b""), "75 octets"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_validator_rejects_a_broken_invitation(broken: bytes, problem: str):
    assert broken != GOOD
    with pytest.raises(IcsRejected, match=problem):
        check_ics(broken)


def test_the_validator_accepts_what_icalendar_parses_back_unchanged():
    assert Calendar.from_ical(GOOD).to_ical() == GOOD
