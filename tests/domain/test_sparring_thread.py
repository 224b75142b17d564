"""A sparring thread's moves: one table says who may make which move in which state; every move
returns the thread after it (one version higher if it changed) and what happened, or why not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from domain.identity import PersonRef
from domain.sparring import (
    TRANSITIONS,
    Answered,
    Changed,
    Claimed,
    Closed,
    Declined,
    FollowedUp,
    Forwarded,
    Move,
    NewThread,
    Proposal,
    Proposed,
    Refusal,
    Refused,
    Relation,
    Status,
    Thread,
    Urgency,
)

ANNE = PersonRef("t-region", "anne")
BO = PersonRef("t-region", "bo")
ERIK = PersonRef("t-region", "erik")
ASKED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
NEW = Thread.asked(
    1,
    NewThread(ANNE, "Anne", "pc-amager", "pc-amager", "Hvem?", None, (), Urgency.NORMAL),
    ASKED,
)
CLAIMED = replace(NEW, status=Status.CLAIMED, claimer=BO, claimer_name="Bo", version=2)
ANSWERED = replace(CLAIMED, status=Status.ANSWERED, first_answer_at=ASKED, version=3)
R = Relation


def _changed(outcome: object) -> Changed:
    assert isinstance(outcome, Changed), outcome
    return outcome


def test_a_pool_member_claims_a_new_thread_once():
    claimed = _changed(NEW.claim(BO, R.POOL, "Bo Bertelsen", LATER))

    assert claimed.thread == replace(
        NEW,
        status=Status.CLAIMED,
        claimer=BO,
        claimer_name="Bo Bertelsen",
        claimed_at=LATER,
        version=2,
    )
    assert claimed.events == (Claimed(BO, "Bo Bertelsen"),) and claimed.moved
    assert claimed.thread.claim(ERIK, R.POOL, "Erik", LATER) == Refused(Refusal.ALREADY_CLAIMED)


def test_the_first_answer_marks_the_thread_answered_and_keeps_its_time():
    first = _changed(CLAIMED.write(BO, R.CLAIMER, "Ring mig op.", LATER))
    second = _changed(first.thread.write(BO, R.CLAIMER, "Og i morgen.", ASKED))

    assert first.thread.status is Status.ANSWERED and first.thread.first_answer_at == LATER
    assert first.events == (Answered(BO, "Ring mig op."),)
    assert not second.moved and second.thread.first_answer_at == LATER


def test_a_follow_up_changes_nothing_on_the_thread_but_is_written():
    followed = _changed(ANSWERED.write(ANNE, R.ASKER, "Hvornår?", LATER))

    assert followed.thread == ANSWERED and not followed.moved
    assert followed.events == (FollowedUp(ANNE, "Hvornår?"),)
    [event] = followed.events
    assert event.written is not None and event.written.kind == "follow_up"


def test_a_proposal_is_noted_and_written_with_its_level_when_there_is_no_note():
    proposed = _changed(CLAIMED.propose(BO, R.CLAIMER, 3, ""))

    assert proposed.thread.proposal is Proposal.LEVEL_3 and proposed.thread.status is Status.CLAIMED
    [event] = proposed.events
    assert event == Proposed(BO, Proposal.LEVEL_3, "") and event.level == 3
    assert event.written is not None and (event.written.kind, event.written.text) == (
        "proposal_level3",
        "level3",
    )


def test_forwarding_moves_the_thread_to_the_partner_unclaimed():
    forwarded = _changed(CLAIMED.forward(BO, R.CLAIMER, "kk-misbrug", ""))

    thread = forwarded.thread
    assert (thread.organisation_id, thread.status, thread.claimer, thread.claimer_name) == (
        "kk-misbrug",
        Status.FORWARDED,
        None,
        "",
    )
    assert forwarded.events == (Forwarded(BO, "pc-amager", "kk-misbrug", ""),)
    assert forwarded.events[0].written is None  # no note, nothing written
    assert NEW.forward(BO, R.POOL, None, "") == Refused(Refusal.NO_PARTNER)


def test_declining_needs_a_reason_and_closes_the_thread():
    assert NEW.decline(BO, R.POOL, "", LATER) == Refused(Refusal.REASON_MISSING)
    declined = _changed(NEW.decline(BO, R.POOL, "Ingen KI.", LATER))

    assert declined.thread.status is Status.DECLINED and declined.thread.closed_at == LATER
    assert declined.events == (Declined(BO, "Ingen KI."),)


@pytest.mark.parametrize(
    ("thread", "by", "relation", "tell"),
    [(NEW, ANNE, R.ASKER, None), (CLAIMED, ANNE, R.ASKER, BO), (ANSWERED, BO, R.CLAIMER, ANNE)],
    ids=["unclaimed by the asker", "claimed, by the asker", "by the claimer"],
)
def test_closing_tells_the_other_side_if_there_is_one(thread, by, relation, tell):
    closed = _changed(thread.close(by, relation, LATER))

    assert closed.thread.status is Status.CLOSED
    assert closed.events == (Closed(by, relation is R.ASKER, tell),)


@pytest.mark.parametrize(
    ("thread", "attempt", "refusal"),
    [
        (CLAIMED, lambda t: t.write(ERIK, R.POOL, "svar", LATER), Refusal.NOT_CLAIMER),
        (NEW, lambda t: t.write(BO, R.POOL, "svar", LATER), Refusal.CLAIM_FIRST),
        (NEW, lambda t: t.propose(BO, R.POOL, 2, ""), Refusal.CLAIM_FIRST),
        (NEW, lambda t: t.write(ANNE, R.ASKER, "Hallo?", LATER), Refusal.WAIT_FOR_CLAIM),
        (CLAIMED, lambda t: t.write(BO, R.CLAIMER, "", LATER), Refusal.TEXT_MISSING),
        (CLAIMED, lambda t: t.forward(ERIK, R.POOL, "kk-misbrug", ""), Refusal.NOT_CLAIMER),
        (CLAIMED, lambda t: t.decline(ERIK, R.POOL, "nej", LATER), Refusal.NOT_CLAIMER),
        (NEW, lambda t: t.close(ERIK, R.POOL, LATER), Refusal.NOT_ALLOWED),
        (NEW, lambda t: t.claim(ERIK, R.OTHER, "Erik", LATER), Refusal.NOT_ALLOWED),
    ],
    ids=[
        "answer by another pool member",
        "answer before a claim",
        "proposal before a claim",
        "follow-up before a claim",
        "an empty answer",
        "forward by another pool member",
        "decline by another pool member",
        "close by the pool",
        "an outsider may do nothing",
    ],
)
def test_a_move_the_table_does_not_allow_is_refused_with_its_reason(thread, attempt, refusal):
    assert attempt(thread) == Refused(refusal)


@pytest.mark.parametrize("status", [Status.DECLINED, Status.CLOSED])
@pytest.mark.parametrize("move", list(Move))
def test_nothing_moves_on_a_declined_or_closed_thread(status, move):
    done = replace(CLAIMED, status=status)
    attempts = {
        Move.CLAIM: lambda: done.claim(ERIK, R.POOL, "Erik", LATER),
        Move.ANSWER: lambda: done.write(BO, R.CLAIMER, "svar", LATER),
        Move.FOLLOW_UP: lambda: done.write(ANNE, R.ASKER, "?", LATER),
        Move.PROPOSE: lambda: done.propose(BO, R.CLAIMER, 2, ""),
        Move.FORWARD: lambda: done.forward(BO, R.CLAIMER, "kk-misbrug", ""),
        Move.DECLINE: lambda: done.decline(BO, R.CLAIMER, "nej", LATER),
        Move.CLOSE: lambda: done.close(ANNE, R.ASKER, LATER),
    }

    assert attempts[move]() == Refused(Refusal.CLOSED)


def test_the_table_names_every_open_state_and_no_closed_one():
    states = {status for status, _ in TRANSITIONS}

    assert states == {Status.NEW, Status.FORWARDED, Status.CLAIMED, Status.ANSWERED}
    assert all(to in Status for moves in TRANSITIONS.values() for to in moves.values())


def test_how_someone_stands_to_a_thread():
    assert CLAIMED.relation_of(ANNE, in_pool=True) is R.ASKER
    assert CLAIMED.relation_of(BO, in_pool=True) is R.CLAIMER
    assert CLAIMED.relation_of(ERIK, in_pool=True) is R.POOL
    assert CLAIMED.relation_of(ERIK, in_pool=False) is R.OTHER
    assert (CLAIMED.other_side(ANNE), CLAIMED.other_side(BO)) == (BO, ANNE)
    assert NEW.other_side(ANNE) is None
