"""Sparring card data parsed strictly into commands: what a card sends is read, anything else
refused, never crashed on (issue #16 item 5: "²", "①", "⁵" as a thread number)."""

from __future__ import annotations

import pytest

from dialogs.router import MalformedCommand, parse
from dialogs.sparring.commands import AskQuestion, OnThread, ProposeLevel, WriteOnThread
from domain.sparring import Urgency


@pytest.mark.parametrize(
    "thread",
    ["²", "①", "⁵", "٣", "\uff11", "", " ", "1.0", "-1", 0, 2**31, True, None, [1], {"id": 1}, 1.5],
)
@pytest.mark.parametrize("command", [OnThread, WriteOnThread, ProposeLevel])
def test_a_thread_number_that_is_not_plain_ascii_digits_in_range_is_refused(command, thread):
    with pytest.raises(MalformedCommand) as refused:
        parse(command, {"thread": thread, "level": 2})

    assert refused.value.fields == ["thread"]


def test_a_thread_number_is_read_from_a_number_or_from_digits():
    assert parse(OnThread, {"thread": 7}) == OnThread(7)
    assert parse(OnThread, {"thread": " 7 ", "extra": "ignored"}) == OnThread(7)


def test_written_text_is_stripped_bounded_and_empty_when_missing():
    assert parse(WriteOnThread, {"thread": 1, "text": "  svar  "}).text == "svar"
    assert parse(WriteOnThread, {"thread": 1, "text": None}).text == ""
    assert parse(WriteOnThread, {"thread": 1}).text == ""
    with pytest.raises(MalformedCommand):
        parse(WriteOnThread, {"thread": 1, "text": "x" * 2001})
    with pytest.raises(MalformedCommand):
        parse(WriteOnThread, {"thread": 1, "text": 42})


@pytest.mark.parametrize(("level", "read"), [(2, 2), ("3", 3)])
def test_a_proposal_is_level_2_or_3(level, read):
    assert parse(ProposeLevel, {"thread": 1, "level": level}).level == read


@pytest.mark.parametrize("level", [1, 4, "²", None, True])
def test_any_other_level_is_refused(level):
    with pytest.raises(MalformedCommand):
        parse(ProposeLevel, {"thread": 1, "level": level})


def test_a_question_reads_its_reference_sectors_and_urgency():
    command = parse(
        AskQuestion,
        {
            "owner": "29:anne",
            "question": " Hvem? ",
            "case_reference": " KI-2026-0001 ",
            "sectors": "region,,kommune,region",
            "urgency": "",
            "organisation": "",
        },
    )

    assert (command.question, command.reference) == ("Hvem?", "KI-2026-0001")
    assert command.chosen_sectors == ("region", "kommune")
    assert command.how_soon is Urgency.NORMAL and command.organisation is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sectors", "region,hospital"),
        ("urgency", "soon"),
        ("case_reference", "KI 2026"),
        ("organisation", "../etc"),
        ("screening_id", "x" * 41),
        ("owner", ""),
        ("question", ["a"]),
    ],
)
def test_a_question_with_a_field_no_card_sends_is_refused_naming_it(field, value):
    data = {"owner": "29:anne", "question": "Hvem?", field: value}

    with pytest.raises(MalformedCommand) as refused:
        parse(AskQuestion, data)

    assert refused.value.fields == [field]
