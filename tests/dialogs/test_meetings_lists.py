"""``mine møder`` on fakes: *Åbn* gives the tovholder the results (a read, audited), a
participant their own vote card (closed once decided), and anyone else a refusal, audited."""

from __future__ import annotations

from dialogs.meetings.commands import PollAction
from domain.meetings.poll import PollStatus
from tests.dialogs.meeting_world import POLL_ID, polls, stored, world
from tests.dialogs.turns import ANNE, BO, CLARA, turn


def test_open_gives_the_tovholder_the_results_and_a_participant_their_own_vote_card():
    unit = world()
    stored(unit)
    mine = polls(unit).mine

    results = mine.view(unit, turn(ANNE), PollAction(POLL_ID))
    vote = mine.view(unit, turn(BO), PollAction(POLL_ID))

    assert "meetings.finalise" in str(results.card)
    assert "meetings.vote" in str(vote.card) and "'participant': 'p2'" in str(vote.card)
    assert unit.audit.actions() == ["poll.answers_viewed"]


def test_open_after_the_meeting_is_fixed_shows_the_closed_vote_card():
    unit = world()
    stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")

    closed = polls(unit).mine.view(unit, turn(BO), PollAction(POLL_ID))

    assert closed.card is not None and "meetings.vote" not in str(closed.card)
    assert "fastlagt til" in str(closed.card)


def test_open_refuses_whoever_neither_runs_nor_answers_the_poll():
    unit = world()
    stored(unit)

    refused = polls(unit).mine.view(unit, turn(CLARA), PollAction(POLL_ID))

    assert refused.card is None
    assert unit.audit.actions() == ["meetings.view"]
