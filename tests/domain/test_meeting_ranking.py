"""Ranking poll answers by FindTime's rule, and the reasons a card shows."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.meetings import (
    Answer,
    InvalidPoll,
    Participant,
    PollSlot,
    Reason,
    SlotVerdict,
    rank_slots,
)
from tests.meeting_factories import people, slots, votes

THREE = slots("2026-12-01 10:00", "2026-12-02 10:00", "2026-12-03 13:00")


def order(**rows: str) -> list[str]:
    ranking = rank_slots(THREE, people(2, 2), votes(**rows))
    return [entry.slot.id for entry in ranking.entries]


def test_a_slot_every_required_participant_can_make_beats_one_with_more_yes_in_total():
    ranking = rank_slots(THREE, people(2, 2), votes(r1="yyy", r2="yny", o1="yyn", o2="yyn"))

    assert ranking.recommended == "s1"
    assert [e.slot.id for e in ranking.entries] == ["s1", "s3", "s2"]
    assert ranking.reason is Reason.ALL_REQUIRED_CAN


def test_among_suitable_slots_more_required_yes_wins_over_if_need_be():
    assert order(r1="iyy", r2="iyy", o1="yyy", o2="yyy")[0] == "s2"


def test_then_more_optional_participants_who_can_come_wins():
    assert order(r1="yyy", r2="yyy", o1="nyy", o2="nni")[0] == "s3"


def test_if_need_be_counts_as_can_come_for_optional_participants():
    assert order(r1="yyy", r2="yyy", o1="niy", o2="nin")[:2] == ["s2", "s3"]


def test_then_the_earliest_slot_wins():
    assert order(r1="yyy", r2="yyy", o1="yyy", o2="yyy") == ["s1", "s2", "s3"]


def test_a_required_no_rules_a_slot_out_however_many_optional_yes_it_has():
    ranking = rank_slots(THREE, people(2, 2), votes(r1="nyy", r2="yyy", o1="yin", o2="ynn"))

    assert ranking.recommended == "s2"
    last = ranking.entries[-1]
    assert (last.slot.id, last.verdict, last.required_no) == (
        "s1",
        SlotVerdict.REQUIRED_SAID_NO,
        ("r1",),
    )


def test_a_required_participant_who_has_not_answered_blocks_the_recommendation():
    ranking = rank_slots(THREE, people(3, 1), votes(r1="yyy", r2="yyy", o1="yyy"))

    assert ranking.recommended is None
    assert ranking.reason is Reason.WAITING_FOR and ranking.waiting_for == ("r3",)
    assert ranking.entries[0].verdict is SlotVerdict.REQUIRED_NOT_ANSWERED


def test_a_required_participant_who_skipped_one_slot_is_still_waited_for():
    ranking = rank_slots(THREE, people(1, 1), votes(r1="yy."))

    assert ranking.recommended is None and ranking.waiting_for == ("r1",)


def test_an_optional_participant_who_has_not_answered_blocks_nothing():
    ranking = rank_slots(THREE, people(2, 1), votes(r1="nyy", r2="yyy"))

    assert ranking.recommended == "s2" and ranking.waiting_for == ()
    assert ranking.entries[0].optional.unanswered == 1


def test_no_slot_for_every_required_participant_is_said_so():
    ranking = rank_slots(THREE, people(2), votes(r1="nyn", r2="yny"))

    assert ranking.recommended is None
    assert ranking.reason is Reason.NO_SLOT_FOR_ALL_REQUIRED
    assert {e.verdict for e in ranking.entries} == {SlotVerdict.REQUIRED_SAID_NO}


def test_without_a_suitable_slot_the_one_fewest_required_miss_comes_first():
    ranking = rank_slots(THREE, people(3), votes(r1="nnn", r2="nyy", r3="nyn"))

    assert [e.slot.id for e in ranking.entries] == ["s2", "s3", "s1"]
    assert ranking.entries[0].required_no == ("r1",)


def test_without_a_suitable_slot_if_need_be_counts_as_can_come_for_the_required():
    # s1: two required can come "if need be"; s2 and s3: one can, and says yes.
    ranking = rank_slots(THREE, people(3), votes(r1="iyn", r2="iny", r3="nnn"))

    assert [e.slot.id for e in ranking.entries] == ["s1", "s2", "s3"]
    assert ranking.recommended is None


def test_a_poll_without_slots_has_no_recommendation():
    ranking = rank_slots([], people(1), {})

    assert ranking.entries == () and ranking.recommended is None
    assert ranking.reason is Reason.NO_SLOT_FOR_ALL_REQUIRED


def test_entries_carry_the_counts_a_card_explains_the_pick_with():
    ranking = rank_slots(THREE, people(2, 3), votes(r1="yyy", r2="iyy", o1="yyy", o2="nyy", o3="y"))

    top = ranking.entries[0]
    assert top.slot.id == "s2" and top.rank == 1
    assert (top.required.yes, top.required.if_need_be, top.required.total) == (2, 0, 2)
    assert (top.optional.can, top.optional.unanswered, top.optional.total) == (2, 1, 3)
    assert (top.can_come, top.participants) == (4, 5)  # "alle påkrævede kan; 4 af 5 i alt"
    assert [e.rank for e in ranking.entries] == [1, 2, 3]


def test_the_ranking_serialises_for_the_cli_and_cards():
    mapping = rank_slots(THREE, people(1, 1), votes(r1="yin", o1="yyy")).to_mapping()

    assert mapping["recommended"] == "s1" and mapping["reason"] == "all_required_can"
    first = mapping["ranking"][0]
    assert first["slot"] == "s1" and first["start"] == "2026-12-01T10:00:00+01:00"
    assert first["required"] == {
        "yes": 1,
        "if_need_be": 0,
        "no": 0,
        "unanswered": 0,
        "can": 1,
        "total": 1,
    }
    assert (first["can_come"], first["participants"], first["verdict"]) == (
        2,
        2,
        "all_required_can",
    )


def test_a_waiting_ranking_serialises_every_count_and_name():
    mapping = rank_slots(THREE, people(2, 1), votes(r1="yin", o1="yy.")).to_mapping()

    assert (mapping["recommended"], mapping["reason"], mapping["waiting_for"]) == (
        None,
        "waiting_for",
        ["r2"],
    )
    assert [entry["rank"] for entry in mapping["ranking"]] == [1, 2, 3]
    assert mapping["ranking"][2] == {
        "slot": "s3",
        "start": "2026-12-03T13:00:00+01:00",
        "rank": 3,
        "verdict": "required_said_no",
        "can_come": 0,
        "participants": 3,
        "required": {"yes": 0, "if_need_be": 0, "no": 1, "unanswered": 1, "can": 0, "total": 2},
        "optional": {"yes": 0, "if_need_be": 0, "no": 0, "unanswered": 1, "can": 0, "total": 1},
        "required_no": ["r1"],
        "required_unanswered": ["r2"],
    }


@pytest.mark.parametrize(
    ("poll", "message"),
    [
        ((slots("2026-12-01 10:00") * 2, people(1), {}), "slot ids"),
        ((THREE, people(1) * 2, {}), "participant ids"),
        ((THREE, people(1), {"x": {"s1": Answer.YES}}), "not a participant"),
        ((THREE, people(1), {"r1": {"s9": Answer.YES}}), "not a slot"),
        ((THREE, people(1), {"r1": {"s1": "maybe"}}), "unknown answer"),
        (([PollSlot("s1", datetime(2026, 12, 1, 10))], people(1), {}), "aware"),  # noqa: DTZ001
        ((THREE, [Participant("", True)], {}), "empty"),
    ],
)
def test_inconsistent_polls_are_refused(poll: tuple, message: str):  # type: ignore[type-arg]
    with pytest.raises(InvalidPoll, match=message):
        rank_slots(*poll)
