"""Each change to a poll returns the new poll (one version up) and what happened, or says why
the poll does not allow it; the poll it was asked of is never changed."""

from __future__ import annotations

import pytest

from domain.meetings import Answer
from domain.meetings.events import (
    AllRequiredAnswered,
    DraftRevised,
    InputGiven,
    MeetingCancelled,
    MeetingMoved,
    PollFinalised,
    PollOpened,
    RoundStarted,
    VoteCast,
)
from domain.meetings.lifecycle import PollError
from domain.meetings.poll import DraftContent, PersonKind, Poll, PollPerson, PollStatus
from tests.meeting_factories import BO, TOVHOLDER, local, poll

Y, MAYBE, N = Answer.YES, Answer.IF_NEED_BE, Answer.NO
ID = "0" * 32


def _code(error: pytest.ExceptionInfo[PollError]) -> str:
    return error.value.code


def _content(**changes: object) -> DraftContent:
    fields: dict[str, object] = {
        "title": "Opfølgning",
        "slots": ((local("2026-12-08 10:00"), local("2026-12-08 11:00")),),
        "people": (
            PollPerson("p1", "Anne", PersonKind.TEAMS, True, TOVHOLDER),
            PollPerson("p2", "Bo", PersonKind.TEAMS, True, BO),
        ),
        **changes,
    }
    return DraftContent(**fields)  # type: ignore[arg-type]


def test_a_new_draft_belongs_to_whoever_opened_the_form_and_revising_keeps_it_theirs():
    draft = Poll.draft(ID, TOVHOLDER, "Anne")

    revised = draft.revise(_content())

    assert revised.poll.tovholder == TOVHOLDER and revised.poll.status is PollStatus.DRAFT
    assert [s.key for s in revised.poll.slots] == ["s1"]
    assert revised.events == (DraftRevised(ID),)
    assert (draft.version, revised.poll.version) == (0, 1) and draft.title == ""


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"title": " "}, ("no_title",)),
        ({"slots": ()}, ("no_times",)),
        (
            {"people": (PollPerson("p1", "Anne", PersonKind.TEAMS, True, TOVHOLDER),)},
            ("no_people",),
        ),
    ],
)
def test_a_draft_with_problems_is_not_saved(changes: dict[str, object], problems: tuple[str, ...]):
    content = _content(**changes)

    assert content.problems(TOVHOLDER) == problems
    with pytest.raises(PollError) as refused:
        Poll.draft(ID, TOVHOLDER, "Anne").revise(content)
    assert _code(refused) == "incomplete"


def test_an_empty_draft_cannot_be_sent_out_and_a_complete_one_opens_once():
    with pytest.raises(PollError) as empty:
        Poll.draft(ID, TOVHOLDER, "Anne").open()
    opened = Poll.draft(ID, TOVHOLDER, "Anne").revise(_content()).poll.open()

    assert _code(empty) == "incomplete"
    assert opened.poll.status is PollStatus.OPEN and opened.events == (PollOpened(ID),)
    with pytest.raises(PollError) as again:
        opened.poll.open()
    assert _code(again) == "already_opened"


def test_a_vote_replaces_the_participants_answers_and_note():
    first = poll().vote("p2", {"s1": Y, "s2": N}, "Kun kort", round=1)
    changed = first.poll.vote("p2", {"s1": N, "s2": Y}, None, round=1)

    assert first.events == (VoteCast(ID, "p2", False),)
    assert changed.poll.votes["p2"] == {"s1": N, "s2": Y} and "p2" not in changed.poll.notes
    assert first.poll.notes["p2"] == "Kun kort"
    assert changed.poll.version == 2


def test_the_last_required_answer_is_announced_once():
    anne = poll().vote("p1", {"s1": Y, "s2": Y}, None, round=1)
    citizen = anne.poll.vote(
        "p3",
        {"s1": MAYBE, "s2": Y},
        None,
        round=1,
    )
    optional = citizen.poll.vote("p2", {"s1": Y, "s2": Y}, None, round=1)

    assert AllRequiredAnswered(ID) not in anne.events
    assert citizen.events == (VoteCast(ID, "p3", True), AllRequiredAnswered(ID))
    assert AllRequiredAnswered(ID) not in optional.events


@pytest.mark.parametrize(
    ("status", "round_", "answers", "code"),
    [
        (PollStatus.FINALISED, 1, {"s1": Y, "s2": Y}, "closed"),
        (PollStatus.DRAFT, 1, {"s1": Y, "s2": Y}, "closed"),
        (PollStatus.OPEN, 2, {"s1": Y, "s2": Y}, "stale_card"),
        (PollStatus.OPEN, 1, {"s1": Y}, "missing_answers"),
        (PollStatus.OPEN, 1, {"s1": Y, "s9": Y}, "missing_answers"),
    ],
)
def test_a_vote_is_refused_on_a_closed_poll_a_stale_card_or_with_an_answer_missing(
    status: PollStatus, round_: int, answers: dict[str, Answer], code: str
):
    with pytest.raises(PollError) as refused:
        poll(status=status).vote("p2", answers, None, round=round_)

    assert _code(refused) == code


def test_a_vote_for_someone_not_in_the_poll_is_refused():
    with pytest.raises(PollError) as refused:
        poll().vote("p9", {"s1": Y, "s2": Y}, None, round=1)

    assert _code(refused) == "not_participant"


def test_a_new_round_adds_slots_after_the_tried_ones_and_only_they_count():
    times = [(local("2026-12-10 10:00"), local("2026-12-10 11:00"))]

    renewed = poll(votes={"p1": {"s1": Y, "s2": N}}).new_round(times)

    assert renewed.events == (RoundStarted(ID, 2, 1),)
    assert [(s.key, s.round) for s in renewed.poll.current_slots] == [("s3", 2)]
    assert not renewed.poll.has_answered("p1")


def test_finalising_a_slot_a_required_participant_said_no_to_asks_first():
    voted = poll(votes={"p1": {"s1": Y, "s2": Y}, "p3": {"s1": N, "s2": Y}})

    with pytest.raises(PollError) as asked:
        voted.finalise("s1")
    decided = voted.finalise("s1", confirmed=True)

    assert _code(asked) == "needs_confirmation"
    assert [p.key for p in voted.objections("s1").said_no] == ["p3"]
    assert voted.objections("s1").not_answered == ()
    assert decided.poll.status is PollStatus.FINALISED and decided.poll.chosen_slot == "s1"
    assert decided.events == (PollFinalised(ID, "s1"),)


def test_finalising_a_slot_a_required_participant_has_not_answered_asks_first():
    voted = poll(votes={"p1": {"s1": Y, "s2": Y}, "p2": {"s1": N}})  # bo is optional

    with pytest.raises(PollError) as asked:
        voted.finalise("s1")
    answered = poll(votes={"p1": {"s1": Y}, "p3": {"s1": MAYBE}})

    assert _code(asked) == "needs_confirmation"
    assert [p.key for p in voted.objections("s1").not_answered] == ["p3"]
    assert voted.objections("s1").said_no == ()
    assert answered.finalise("s1").poll.chosen_slot == "s1", "an optional no asks nothing"


def test_only_a_slot_of_the_current_round_can_be_decided():
    with pytest.raises(PollError) as refused:
        poll().finalise("s7")

    assert _code(refused) == "stale_slot"


def test_moving_and_cancelling_a_decided_meeting_raise_the_invitations_sequence():
    decided = poll().finalise("s2", confirmed=True).poll
    moved = decided.move(local("2026-12-11 12:00"), local("2026-12-11 13:00"))
    cancelled = moved.poll.cancel()

    assert moved.events == (MeetingMoved(ID, "s3", 1),)
    assert (moved.poll.chosen_slot, moved.poll.slot("s3").round) == ("s3", 0)  # type: ignore[union-attr]
    assert cancelled.events == (MeetingCancelled(ID, 2),)
    assert (cancelled.poll.status, cancelled.poll.sequence) == (PollStatus.CANCELLED, 2)


@pytest.mark.parametrize("status", [PollStatus.OPEN, PollStatus.DRAFT, PollStatus.CANCELLED])
def test_only_a_decided_meeting_is_moved_or_cancelled(status: PollStatus):
    for change in (
        lambda p: p.cancel(),
        lambda p: p.move(local("2026-12-11 12:00"), local("2026-12-11 13:00")),
    ):
        with pytest.raises(PollError) as refused:
            change(poll(status=status))
        assert _code(refused) == "not_finalised"


def test_written_input_is_taken_once_per_participant_while_the_meeting_is_to_come():
    decided = poll().finalise("s2", confirmed=True).poll
    before = local("2026-12-09 09:00")

    given = decided.input_from("p2", before)
    with pytest.raises(PollError) as twice:
        given.poll.input_from("p2", before)
    with pytest.raises(PollError) as over:
        decided.input_from("p2", local("2026-12-09 14:00"))
    with pytest.raises(PollError) as cancelled:
        decided.cancel().poll.input_from("p2", before)
    with pytest.raises(PollError) as undecided:
        poll().input_from("p2", before)

    assert given.events == (InputGiven(ID, "p2"),) and given.poll.inputs == {"p2"}
    assert given.poll.status is PollStatus.FINALISED
    assert [_code(e) for e in (twice, over, cancelled, undecided)] == [
        "input_given",
        "meeting_over",
        "cancelled",
        "not_decided",
    ]


def test_nobody_but_the_participants_gives_input():
    with pytest.raises(PollError) as refused:
        poll().finalise("s2", confirmed=True).poll.input_from("p9", local("2026-12-01 09:00"))

    assert _code(refused) == "not_participant"
