"""Answering a poll on fakes: each participant on their own card, the tovholder for those
without Teams, and the results for whom the tovholder chose."""

from __future__ import annotations

import pytest

from dialogs.meetings import MeetingPolls
from dialogs.meetings.commands import CastVote, ForParticipant, PollAction, SlotAnswer
from domain.identity import PersonRef
from domain.keys import MessageKey
from domain.meetings import Answer
from domain.meetings.poll import PollStatus
from domain.messaging import Content, ToPerson
from storage.outbox import OutgoingMessage
from tests.dialogs.meeting_world import MONDAY_10, POLL_ID, polls, stored, world
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork

Y, N = Answer.YES, Answer.NO


def _vote(participant: str, *answers: Answer, round_: int = 1, note: str = "") -> CastVote:
    return CastVote(
        POLL_ID,
        participant,
        round_,
        tuple(SlotAnswer(f"s{n}", a) for n, a in enumerate(answers, start=1)),
        note,
    )


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


@pytest.fixture
def meetings(unit: FakeUnitOfWork) -> MeetingPolls:
    return polls(unit)


def test_a_vote_is_saved_the_persons_nudges_withdrawn_and_the_shared_card_updated(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit)
    nudge = f"poll:{POLL_ID}:nudge:p2:r1:1"
    unit.send(OutgoingMessage(nudge, ToPerson(BO), Content(text="Påmindelse"), MONDAY_10))

    reply = meetings.voting.vote(unit, turn(BO), _vote("p2", Y, N, note="Kun kort"))

    poll = unit.polls.polls[POLL_ID]
    assert reply.card is not None and "dine svar er gemt" in str(reply.card)
    assert poll.votes["p2"] == {"s1": Y, "s2": N} and poll.notes["p2"] == "Kun kort"
    assert nudge in unit.outbox.cancelled
    [update] = unit.outbox.pending()
    assert MessageKey.parse(update.dedupe_key) == MessageKey.of(
        "poll", POLL_ID, "shared", f"v{poll.version}"
    )
    assert unit.audit.actions() == ["meetings.vote_cast"]


def test_the_tovholder_is_told_when_the_last_required_participant_answers(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit, votes={"p1": {"s1": Y, "s2": Y}, "p3": {"s1": Y, "s2": Y}})

    meetings.voting.vote(unit, turn(BO), _vote("p2", Y, Y))

    topics = [MessageKey.parse(k).topic for k in unit.outbox.pending_keys()]
    assert "all_required" in topics


@pytest.mark.parametrize(
    ("who", "participant", "refusal"),
    [
        (CLARA, "p2", "refused:not_participant"),  # not in the poll
        (ANNE, "p2", "refused:not_own_card"),  # in the poll, but bo's card
        (BO, "p3", "refused:not_tovholder"),  # the citizen is answered by the tovholder only
        (BO, "p9", "refused:not_participant"),  # nobody
    ],
)
def test_only_the_participant_answers_on_their_card(
    meetings: MeetingPolls, unit: FakeUnitOfWork, who: PersonRef, participant: str, refusal: str
):
    stored(unit)

    reply = meetings.voting.vote(unit, turn(who), _vote(participant, Y, Y))

    assert reply.refused and not unit.polls.polls[POLL_ID].votes
    assert unit.audit.refusals() == [("meetings.vote", refusal)]


def test_the_tovholder_answers_for_the_citizen(meetings: MeetingPolls, unit: FakeUnitOfWork):
    stored(unit)

    reply = meetings.voting.vote(unit, turn(ANNE), _vote("p3", N, Y))

    assert "Svarene for Jens (borger) er gemt" in str(reply.card)
    assert unit.polls.polls[POLL_ID].votes["p3"] == {"s1": N, "s2": Y}


@pytest.mark.parametrize(
    ("changes", "round_", "text", "refusal"),
    [
        ({"status": PollStatus.FINALISED}, 1, "Afstemningen er lukket", "refused:closed"),
        ({}, 2, "Tiderne er ændret", "refused:stale_card"),
    ],
)
def test_a_closed_poll_or_a_stale_card_takes_no_vote(
    meetings: MeetingPolls,
    unit: FakeUnitOfWork,
    changes: dict[str, object],
    round_: int,
    text: str,
    refusal: str,
):
    stored(unit, **changes)

    reply = meetings.voting.vote(unit, turn(BO), _vote("p2", Y, Y, round_=round_))

    assert reply.refused and text in str(reply.text)
    assert unit.audit.refusals() == [("meetings.vote", refusal)]


def test_a_vote_with_an_answer_missing_asks_for_every_answer(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit)

    reply = meetings.voting.vote(unit, turn(BO), _vote("p2", Y))

    assert "Svar venligst på alle tider" in str(reply.card)
    assert not unit.polls.polls[POLL_ID].votes and not unit.outbox.queued


def test_only_the_tovholder_opens_the_card_of_a_participant_without_teams(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit)

    mine = meetings.voting.proxy(unit, turn(ANNE), ForParticipant(POLL_ID, "p3"))
    teams_user = meetings.voting.proxy(unit, turn(ANNE), ForParticipant(POLL_ID, "p2"))
    bo = meetings.voting.proxy(unit, turn(BO), ForParticipant(POLL_ID, "p3"))

    assert "Svar for Jens (borger)" in str(mine.card)
    assert teams_user.refused and bo.refused
    assert unit.audit.refusals() == [
        ("meetings.proxy", "refused:not_proxy"),
        ("meetings.proxy", "refused:not_tovholder"),
    ]


def test_the_results_are_the_tovholders_unless_shown_to_everyone(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit)
    results = meetings.voting.results

    tovholder = results(unit, turn(ANNE), PollAction(POLL_ID))
    hidden = results(unit, turn(BO), PollAction(POLL_ID))
    outsider = results(unit, turn(CLARA), PollAction(POLL_ID))
    stored(unit, show_answers=True)
    shown = results(unit, turn(BO), PollAction(POLL_ID))

    assert "meetings.finalise" in str(tovholder.card)
    assert hidden.refused and hidden.text == "Kun tovholderen kan se svarene."
    assert outsider.refused and outsider.text == "Du er ikke deltager i denne afstemning."
    assert shown.card is not None and "meetings.finalise" not in str(shown.card)
    assert unit.audit.refusals() == [("meetings.results", "refused:not_participant")]
