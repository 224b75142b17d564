"""Deciding and after, on fakes: only the poll's tovholder decides, moves and cancels; everyone
is told; the case and its course learn the meeting; written input reaches the tovholder once per
participant and never after a cancellation (issue #16, item 2)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dialogs.meetings import MeetingPolls
from dialogs.meetings.commands import Finalise, GiveInput, Move, PollAction
from domain.identity import PersonRef
from domain.keys import MessageKey
from domain.meetings import Answer
from domain.meetings.poll import PollStatus
from domain.messaging import Content, ToPerson, UpdateCopies
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork
from tests.dialogs.meeting_world import POLL_ID, polls, stored, world
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork
from tests.meeting_factories import local

Y, N = Answer.YES, Answer.NO
Hooked = list[tuple[str, datetime | None, PersonRef | None]]


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return world()


@pytest.fixture
def hooked() -> Hooked:
    return []


@pytest.fixture
def meetings(unit: FakeUnitOfWork, hooked: Hooked) -> MeetingPolls:
    def on_case_meeting(
        _unit: UnitOfWork, case: str, start: datetime | None, actor: PersonRef | None
    ) -> None:
        hooked.append((case, start, actor))

    return polls(unit, on_case_meeting)


def _topics(unit: FakeUnitOfWork) -> list[str | None]:
    return [MessageKey.parse(key).topic for key in unit.outbox.pending_keys()]


def _queued_before(unit: FakeUnitOfWork, *keys: str) -> None:
    for key in keys:
        unit.send(OutgoingMessage(key, ToPerson(BO), Content(text="…"), unit.now))


def test_a_slot_a_required_participant_said_no_to_asks_first(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit, votes={"p2": {"s1": N, "s2": Y}})

    asked = meetings.closing.finalise(unit, turn(ANNE), Finalise(POLL_ID, "s1"))

    assert "Bo Bertelsen (påkrævet) har svaret nej" in str(asked.card)
    assert unit.polls.polls[POLL_ID].status is PollStatus.OPEN and not unit.outbox.queued


def test_deciding_tells_everyone_withdraws_nudges_and_schedules_the_cases_meeting(
    meetings: MeetingPolls, unit: FakeUnitOfWork, hooked: Hooked
):
    stored(unit, votes={"p2": {"s1": N, "s2": Y}})
    nudge, deadline = f"poll:{POLL_ID}:nudge:p2:r1:2", f"poll:{POLL_ID}:deadline"
    _queued_before(unit, nudge, deadline, f"{deadline}:via:aad-bo")

    decided = meetings.closing.finalise(unit, turn(ANNE), Finalise(POLL_ID, "s1", confirmed=True))

    assert "fastlagt til tirsdag d. 8. december" in str(decided.card)
    assert sorted(map(str, _topics(unit))) == ["confirmed", "confirmed", "shared", "vote", "vote"]
    closed = unit.outbox.queued[f"poll:{POLL_ID}:vote:p2:closed:v1"]
    assert closed.address == UpdateCopies(f"poll:{POLL_ID}:vote:p2")
    assert "Mødet er fastlagt til tirsdag d. 8. december" in str(closed.content.card)
    assert unit.outbox.cancelled == {nudge, deadline, f"{deadline}:via:aad-bo"}
    bo_card = unit.outbox.queued[f"poll:{POLL_ID}:confirmed:0:0:p2"].content.card
    assert "meetings.input" in str(bo_card) and "calendar/" in str(bo_card)  # he said no
    start = local("2026-12-08 10:00")
    assert unit.polls.case_meetings["KI-2026-0007"] == (POLL_ID, (start, local("2026-12-08 11:00")))
    assert hooked == [("KI-2026-0007", start, ANNE)]
    assert unit.audit.actions() == ["meetings.finalised"]


@pytest.mark.parametrize("who", [BO, CLARA])
def test_nobody_but_the_tovholder_decides_moves_cancels_or_asks_again(
    meetings: MeetingPolls, unit: FakeUnitOfWork, who: PersonRef
):
    stored(unit)
    closing = meetings.closing

    replies = [
        closing.finalise(unit, turn(who), Finalise(POLL_ID, "s1", confirmed=True)),
        closing.repropose(unit, turn(who), PollAction(POLL_ID)),
        closing.cancel(unit, turn(who), PollAction(POLL_ID)),
    ]

    assert all(r.refused and r.text == "Kun tovholderen kan gøre dette." for r in replies)
    assert unit.polls.polls[POLL_ID].version == 0 and not unit.outbox.queued
    assert [action for action, _ in unit.audit.refusals()] == [
        "meetings.finalise",
        "meetings.repropose",
        "meetings.cancel",
    ]


async def test_a_move_by_someone_else_is_refused_too(meetings: MeetingPolls, unit: FakeUnitOfWork):
    stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")

    reply = await meetings.closing.move(turn(BO), Move(POLL_ID, "fredag d. 11/12 kl 12-13"))

    assert reply.refused and unit.audit.refusals() == [("meetings.move", "refused:not_tovholder")]


def test_new_proposals_go_out_as_a_new_round(meetings: MeetingPolls, unit: FakeUnitOfWork):
    stored(unit, votes={"p2": {"s1": N, "s2": N}})
    _queued_before(unit, f"poll:{POLL_ID}:nudge:p2:r1:2")

    reply = meetings.closing.repropose(unit, turn(ANNE), PollAction(POLL_ID))

    poll = unit.polls.polls[POLL_ID]
    assert poll.round == 2 and len(poll.current_slots) == 6
    assert "6 nye tider" in str(reply.card)
    assert sorted(map(str, _topics(unit))) == ["nudge"] * 2 + ["shared"] + ["vote"] * 4
    assert unit.outbox.cancelled == {f"poll:{POLL_ID}:nudge:p2:r1:2"}
    assert unit.audit.actions() == ["meetings.new_round"]


async def test_moving_sends_the_new_time_and_cancelling_says_it_is_off(
    meetings: MeetingPolls, unit: FakeUnitOfWork, hooked: Hooked
):
    stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")

    bad = await meetings.closing.move(turn(ANNE), Move(POLL_ID, "på et tidspunkt"))
    moved = await meetings.closing.move(turn(ANNE), Move(POLL_ID, "fredag d. 11/12 kl 12-13"))
    cancelled = meetings.closing.cancel(unit, turn(ANNE), PollAction(POLL_ID))

    assert bad.refused and "forstod jeg ikke" in str(bad.text)
    assert "flyttet til fredag d. 11. december" in str(moved.card)
    assert cancelled.text == "Mødet er aflyst. Alle har fået besked."
    poll = unit.polls.polls[POLL_ID]
    assert (poll.status, poll.sequence) == (PollStatus.CANCELLED, 2)
    sent = {MessageKey.parse(k) for k in unit.outbox.pending_keys()}
    assert MessageKey.of("poll", POLL_ID, "confirmed", 1, 0, "p2") in sent
    assert MessageKey.of("poll", POLL_ID, "confirmed", 2, 1, "p2") in sent
    assert unit.polls.case_meetings["KI-2026-0007"] == (POLL_ID, None)
    assert [h[1] for h in hooked] == [local("2026-12-11 12:00"), None]
    assert unit.audit.actions() == ["meetings.moved", "meetings.cancelled"]


def test_only_a_decided_meeting_is_moved_or_cancelled(meetings: MeetingPolls, unit: FakeUnitOfWork):
    stored(unit)

    reply = meetings.closing.cancel(unit, turn(ANNE), PollAction(POLL_ID))

    assert reply.refused and reply.text == "Mødet er ikke fastlagt endnu."


def test_written_input_reaches_the_tovholder_once_per_participant(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")
    give = meetings.closing.give_input

    first = give(unit, turn(BO, name="Bo Bertelsen"), GiveInput(POLL_ID, "Mine noter"))
    again = [give(unit, turn(BO), GiveInput(POLL_ID, f"Mere {n}")) for n in range(10)]

    [forwarded] = unit.outbox.pending()
    assert MessageKey.parse(forwarded.dedupe_key) == MessageKey.of("poll", POLL_ID, "input", "p2")
    assert forwarded.content.text == "Input til »Opfølgning« fra Bo Bertelsen: Mine noter"
    assert first.text == "Tak – dit input er givet videre til tovholderen."
    assert all(r.refused and "allerede" in str(r.text) for r in again)
    assert unit.audit.actions().count("meetings.input_given") == 1


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"status": PollStatus.CANCELLED, "chosen_slot": "s1", "sequence": 1}, "aflyst"),
        ({"status": PollStatus.OPEN}, "ikke fastlagt"),
    ],
)
def test_a_cancelled_or_undecided_meeting_takes_no_input_and_says_why(
    meetings: MeetingPolls, unit: FakeUnitOfWork, changes: dict[str, object], text: str
):
    stored(unit, **changes)

    replies = [
        meetings.closing.give_input(unit, turn(BO), GiveInput(POLL_ID, f"Note {n}"))
        for n in range(10)
    ]

    assert all(r.refused and text in str(r.text) for r in replies)
    assert not unit.outbox.queued


def test_input_from_outside_the_poll_or_without_text_is_refused(
    meetings: MeetingPolls, unit: FakeUnitOfWork
):
    stored(unit, status=PollStatus.FINALISED, chosen_slot="s1")

    outsider = meetings.closing.give_input(unit, turn(CLARA), GiveInput(POLL_ID, "Hej"))
    empty = meetings.closing.give_input(unit, turn(BO), GiveInput(POLL_ID, ""))

    assert outsider.refused and outsider.text == "Du er ikke deltager i denne afstemning."
    assert empty.refused and empty.text == "Skriv dit input, før du sender."
    assert not unit.outbox.queued
