"""A poll's own rules: who has answered, the current round, the calendar's view of it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.meetings import Answer
from domain.meetings.event_text import EventHeadings
from domain.meetings.poll import PollStatus, TimeSlot
from tests.meeting_factories import BO, TOVHOLDER, local, poll

HEADINGS = EventHeadings(case="Forløb", agenda="Dagsorden", citizen_points="Borgerens punkter")


def test_only_the_teams_participants_are_in_the_authorisation_subject():
    subject = poll().subject

    assert subject.participants == frozenset({TOVHOLDER, BO}) and subject.tovholder == TOVHOLDER


def test_a_participant_has_answered_only_when_every_current_slot_has_an_answer():
    half = poll(votes={"p1": {"s1": Answer.YES}, "p3": {"s1": Answer.NO, "s2": Answer.YES}})

    assert not half.has_answered("p1") and half.has_answered("p3")
    assert not half.all_required_answered
    assert [p.key for p in half.waiting_for] == ["p1", "p2"]


def test_a_new_round_leaves_the_earlier_slots_out_of_the_ranking():
    later = poll(
        round=2,
        slots=(
            *poll().slots,
            TimeSlot("s3", local("2026-12-10 09:00"), local("2026-12-10 10:00"), 2),
        ),
        votes={"p1": {"s1": Answer.YES, "s3": Answer.YES}, "p3": {"s3": Answer.IF_NEED_BE}},
    )

    ranking = later.ranking()

    assert [e.slot.id for e in ranking.entries] == ["s3"] and ranking.recommended == "s3"


def test_there_is_no_invitation_before_a_time_is_decided_and_a_cancelled_one_says_so():
    stamp = datetime(2026, 12, 1, 8, tzinfo=UTC)
    host, bot = "ki-bot.example.dk", "ki-bot@ki-bot.example.dk"
    assert poll().meeting(host, stamp, bot, headings=HEADINGS) is None

    decided = poll(status=PollStatus.FINALISED, chosen_slot="s2", sequence=1)
    meeting = decided.meeting(host, stamp, bot, headings=HEADINGS)
    cancelled = replace(decided, status=PollStatus.CANCELLED, sequence=2).meeting(
        host, stamp, "x@ki-bot.example.dk", headings=HEADINGS
    )

    assert meeting is not None and cancelled is not None
    assert (meeting.start, meeting.sequence, meeting.organizer.email) == (
        local("2026-12-09 13:00"),
        1,
        "anne@region.dk",
    )
    assert [a.name for a in meeting.attendees] == ["Bo", "Jens"]
    assert cancelled.cancelled and cancelled.uid == meeting.uid


def test_the_description_puts_the_agenda_and_the_citizen_s_points_under_headings():
    decided = poll(
        status=PollStatus.FINALISED,
        chosen_slot="s2",
        case_reference="KI-2026-0007",
        agenda="Status\nBolig\n",
        citizen_points="Min medicin",
    )

    meeting = decided.meeting(
        "ki-bot.example.dk", datetime(2026, 12, 1, 8, tzinfo=UTC), "x@y.dk", headings=HEADINGS
    )

    assert meeting is not None and meeting.description == (
        "Forløb: KI-2026-0007\n\nDagsorden\nStatus\nBolig\n\nBorgerens punkter\nMin medicin"
    )
