"""Meeting-poll buttons become typed commands; what a poll card never sends is refused, never
crashed on (issue #16, item 5)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

import pytest

from cards.meeting_forms import FORM_FIELDS
from dialogs.meetings.commands import (
    CastVote,
    DraftForm,
    Finalise,
    FormFields,
    GiveInput,
    Move,
    PollAction,
    SlotAnswer,
)
from dialogs.router import MalformedCommand, parse
from domain.identity import PersonRef
from domain.meetings import Answer

POLL = "a" * 32


def test_the_form_command_knows_every_input_of_the_form():
    assert {f.name for f in fields(FormFields)} == set(FORM_FIELDS)


def test_the_forms_inputs_are_read_flat_from_the_form_or_nested_from_the_overview():
    flat = parse(DraftForm, {"draft": POLL, "title": " Status ", "minutes": "45", "doctor": "true"})
    nested = parse(DraftForm, {"draft": POLL, "form": flat.form.values()})

    assert flat.form.title == "Status" and flat.form.meeting_minutes == 45 and flat.form.doctor
    assert nested == flat


@pytest.mark.parametrize(("typed", "minutes"), [("", 60), ("5", 15), ("600", 420), ("90", 90)])
def test_the_meetings_length_is_kept_within_a_working_day(typed: str, minutes: int):
    assert parse(DraftForm, {"draft": POLL, "minutes": typed}).form.meeting_minutes == minutes


def test_picked_people_and_the_case_reference_are_read_from_what_the_card_sends():
    form = parse(
        DraftForm,
        {"draft": POLL, "people": "t|a, t|b,garbage,|x", "case": " ki-2026-0007 ", "answer_by": ""},
    ).form

    assert form.picked("people") == [PersonRef("t", "a"), PersonRef("t", "b")]
    assert form.case_reference == "KI-2026-0007" and form.answer_by is None
    assert parse(DraftForm, {"draft": POLL, "case": "KI 2026"}).form.case_reference is None
    assert parse(DraftForm, {"draft": POLL, "answer_by": "2026-12-04"}).form.answer_by == date(
        2026, 12, 4
    )


def test_a_vote_gathers_the_answer_of_every_slot_and_leaves_out_the_unanswered():
    vote = parse(
        CastVote,
        {"poll": POLL, "participant": "p2", "round": 1, "a_s1": "yes", "a_s2": "", "note": " x "},
    )

    assert vote.answers == (SlotAnswer("s1", Answer.YES),) and vote.note == "x"
    assert vote.by_slot() == {"s1": Answer.YES}


@pytest.mark.parametrize(
    ("command", "data"),
    [
        (DraftForm, {"draft": POLL, "minutes": "²"}),
        (DraftForm, {"draft": "not-a-poll"}),
        (DraftForm, {"draft": POLL, "answer_by": "i morgen"}),
        (CastVote, {"poll": POLL, "participant": "p2", "round": "²"}),
        (CastVote, {"poll": POLL, "participant": "p2", "round": True}),
        (CastVote, {"poll": POLL, "participant": "p2", "round": 1, "a_s1": "maybe"}),
        (CastVote, {"poll": POLL, "participant": "x", "round": 1}),
        (Finalise, {"poll": POLL}),
        (Finalise, {"poll": POLL, "slot": ["s1"]}),
        (Move, {"poll": POLL, "new_time": "x" * 201}),
        (GiveInput, {"poll": POLL, "input": {"text": "hej"}}),
        (PollAction, {"poll": 7}),
    ],
)
def test_what_a_poll_card_never_sends_is_refused(command: type[Any], data: dict[str, Any]):
    with pytest.raises(MalformedCommand):
        parse(command, data)


def test_only_a_real_yes_confirms_a_decision():
    assert parse(Finalise, {"poll": POLL, "slot": "s1", "confirmed": True}).confirmed
    assert not parse(Finalise, {"poll": POLL, "slot": "s1"}).confirmed
