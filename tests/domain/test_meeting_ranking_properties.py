"""Properties of the ranking for any poll (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.meetings import Answer, Participant, PollSlot, Ranking, Reason, rank_slots
from tests.meeting_factories import COPENHAGEN

BASE = datetime(2026, 12, 1, 9, 0, tzinfo=COPENHAGEN)


@dataclass
class Poll:
    slots: list[PollSlot]
    participants: list[Participant]
    votes: dict[str, dict[str, Answer]]

    def rank(self) -> Ranking:
        return rank_slots(self.slots, self.participants, self.votes)


@st.composite
def polls(draw: st.DrawFn) -> Poll:
    hours = draw(st.lists(st.integers(0, 30), max_size=8))  # equal start times are allowed
    slots = [PollSlot(f"s{n}", BASE + timedelta(hours=h)) for n, h in enumerate(hours)]
    required = draw(st.lists(st.booleans(), max_size=6))
    participants = [Participant(f"p{n}", r) for n, r in enumerate(required)]
    answers = st.one_of(st.none(), st.sampled_from(Answer))
    votes: dict[str, dict[str, Answer]] = {}
    for person in participants:
        row = {s.id: draw(answers) for s in slots}
        answered = {slot: answer for slot, answer in row.items() if answer is not None}
        if answered or draw(st.booleans()):
            votes[person.id] = answered
    return Poll(slots, participants, votes)


def position(ranking: Ranking, slot_id: str) -> int:
    return next(e.rank for e in ranking.entries if e.slot.id == slot_id)


def oracle(poll: Poll) -> str | None:
    """FindTime's rule written out directly, to check the implementation against."""
    required = [p.id for p in poll.participants if p.required]
    optional = [p.id for p in poll.participants if not p.required]

    def answer(person: str, slot: str) -> Answer | None:
        return poll.votes.get(person, {}).get(slot)

    if any(answer(p, s.id) is None for p in required for s in poll.slots):
        return None
    can = {Answer.YES, Answer.IF_NEED_BE}
    suitable = [s for s in poll.slots if all(answer(p, s.id) in can for p in required)]
    if not suitable:
        return None
    best = min(
        suitable,
        key=lambda s: (
            -sum(answer(p, s.id) is Answer.YES for p in required),
            -sum(answer(p, s.id) in can for p in optional),
            s.start,
            s.id,
        ),
    )
    return best.id


@given(polls())
def test_the_recommendation_is_what_findtimes_rule_picks(poll: Poll):
    assert poll.rank().recommended == oracle(poll)


@given(polls())
def test_the_recommended_slot_is_never_one_a_required_participant_said_no_to(poll: Poll):
    ranking = poll.rank()

    if ranking.recommended is not None:
        for person in poll.participants:
            if person.required:
                assert poll.votes[person.id][ranking.recommended] is not Answer.NO


@given(polls(), st.data())
def test_adding_a_yes_never_lowers_a_slots_rank(poll: Poll, data: st.DataObject):
    if not poll.slots or not poll.participants:
        return
    slot = data.draw(st.sampled_from(poll.slots)).id
    person = data.draw(st.sampled_from(poll.participants)).id
    before = position(poll.rank(), slot)

    poll.votes[person] = {**poll.votes.get(person, {}), slot: Answer.YES}

    assert position(poll.rank(), slot) <= before


@given(polls(), st.randoms(use_true_random=False))
def test_the_order_is_total_and_does_not_depend_on_input_order(poll: Poll, rnd: random.Random):
    ranking = poll.rank()
    shuffled = Poll(
        rnd.sample(poll.slots, len(poll.slots)),
        rnd.sample(poll.participants, len(poll.participants)),
        {p: dict(rnd.sample(list(v.items()), len(v))) for p, v in reversed(poll.votes.items())},
    )

    assert shuffled.rank() == ranking
    assert [e.rank for e in ranking.entries] == list(range(1, len(poll.slots) + 1))
    assert sorted(e.slot.id for e in ranking.entries) == sorted(s.id for s in poll.slots)


@given(polls())
def test_the_reason_matches_the_recommendation(poll: Poll):
    ranking = poll.rank()

    assert (ranking.recommended is not None) == (ranking.reason is Reason.ALL_REQUIRED_CAN)
    assert bool(ranking.waiting_for) == (ranking.reason is Reason.WAITING_FOR)
    if ranking.recommended is not None:
        assert ranking.entries[0].slot.id == ranking.recommended
        assert ranking.entries[0].required.can == ranking.entries[0].required.total


@given(polls(), st.data())
def test_optional_answers_never_decide_whether_there_is_a_recommendation(
    poll: Poll, data: st.DataObject
):
    optional = [p for p in poll.participants if not p.required]
    if not optional or not poll.slots:
        return
    before = poll.rank().reason
    person = data.draw(st.sampled_from(optional)).id

    poll.votes[person] = {s.id: data.draw(st.sampled_from(Answer)) for s in poll.slots}

    assert poll.rank().reason is before
