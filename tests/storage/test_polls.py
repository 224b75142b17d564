"""The poll repository on both databases: a poll round-trips, a draft's content is replaced,
every save is conditional on the version it was made from, and votes arriving at the same moment
are all kept (each change locks the poll first)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from domain.clock import FixedClock
from domain.identity import PersonRef
from domain.meetings import Answer
from domain.meetings.poll import DraftContent, PersonKind, Poll, PollPerson, PollStatus
from storage.db import Database
from storage.meetings import Origin, Polls
from storage.unit_of_work import UnitOfWork, UnitsOfWork

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ANNE = PersonRef("tenant", "aad-anne")
VOTERS = 12
ID = "c" * 32


def _content(people: int = VOTERS) -> DraftContent:
    return DraftContent(
        title="Opfølgning",
        slots=(
            (NOW + timedelta(days=7), NOW + timedelta(days=7, hours=1)),
            (NOW + timedelta(days=8), NOW + timedelta(days=8, hours=1)),
        ),
        people=(
            PollPerson("p1", "Anne", PersonKind.TEAMS, True, ANNE, "anne@region.dk"),
            *(
                PollPerson(
                    f"p{n}",
                    f"Person {n}",
                    PersonKind.TEAMS,
                    n % 2 == 0,
                    PersonRef("tenant", f"aad-{n}"),
                )
                for n in range(2, people + 1)
            ),
            PollPerson(f"p{people + 1}", "Jens", PersonKind.CITIZEN, True),
        ),
        case_reference="KI-2026-0007",
        location="PC Amager",
        answer_by=NOW.date() + timedelta(days=5),
        minutes=60,
    )


async def _open_poll(database: Database) -> Poll:
    def work(session: Session) -> Poll:
        polls = Polls(session)
        draft = Poll.draft(ID, ANNE, "Anne")
        polls.add(draft, Origin("29:anne", "tenant", "19:channel;messageid=1"), NOW)
        revised = draft.revise(_content())
        assert polls.save(revised, NOW)
        opened = revised.poll.open()
        assert polls.save(opened, NOW)
        return opened.poll

    return await database.run(work)


async def test_a_poll_round_trips_with_its_people_slots_votes_notes_and_inputs(
    database: Database,
):
    opened = await _open_poll(database)

    def work(session: Session) -> tuple[Poll | None, Origin | None]:
        polls = Polls(session)
        voted = opened.vote("p2", {"s1": Answer.YES, "s2": Answer.NO}, "Kun kort", round=1)
        assert polls.save(voted, NOW)
        decided = voted.poll.finalise("s1", confirmed=True)
        assert polls.save(decided, NOW)
        assert polls.save(decided.poll.input_from("p2", NOW), NOW)
        return polls.get(ID), polls.origin(ID)

    loaded, origin = await database.run(work)

    assert loaded is not None and origin is not None
    assert loaded.status is PollStatus.FINALISED and loaded.chosen_slot == "s1"
    assert loaded.people == opened.people and loaded.slots == opened.slots
    assert loaded.votes == {"p2": {"s1": Answer.YES, "s2": Answer.NO}}
    assert loaded.notes == {"p2": "Kun kort"} and loaded.inputs == {"p2"}
    assert (loaded.tovholder, loaded.version) == (ANNE, opened.version + 3)
    assert origin.conversation_id == "19:channel;messageid=1"


async def test_a_drafts_times_and_people_are_replaced_when_it_is_saved_again(database: Database):
    def work(session: Session) -> Poll | None:
        polls = Polls(session)
        draft = Poll.draft(ID, ANNE, "Anne")
        polls.add(draft, Origin("29:anne", "tenant", "19:chat"), NOW)
        first = draft.revise(_content(people=4))
        assert polls.save(first, NOW)
        second = first.poll.revise(_content(people=2))
        assert polls.save(second, NOW)
        return polls.get(ID)

    loaded = await database.run(work)

    assert loaded is not None and [p.key for p in loaded.people] == ["p1", "p2", "p3"]
    assert [s.key for s in loaded.slots] == ["s1", "s2"]


async def test_of_two_changes_made_from_one_version_only_the_first_is_saved(database: Database):
    opened = await _open_poll(database)

    def work(session: Session) -> tuple[bool, bool, Poll | None]:
        polls = Polls(session)
        first = polls.save(
            opened.vote("p2", {"s1": Answer.YES, "s2": Answer.YES}, None, round=1), NOW
        )
        second = polls.save(
            opened.vote("p3", {"s1": Answer.NO, "s2": Answer.NO}, None, round=1), NOW
        )
        return first, second, polls.get(ID)

    first, second, loaded = await database.run(work)

    assert (first, second) == (True, False)
    assert loaded is not None and set(loaded.votes) == {"p2"}


async def test_moves_and_new_rounds_add_slots_and_the_case_learns_its_meeting(database: Database):
    opened = await _open_poll(database)

    def work(session: Session) -> tuple[Poll | None, Poll | None]:
        polls = Polls(session)
        renewed = opened.new_round([(NOW + timedelta(days=9), NOW + timedelta(days=9, hours=1))])
        assert polls.save(renewed, NOW)
        decided = renewed.poll.finalise("s3", confirmed=True)
        assert polls.save(decided, NOW)
        moved = decided.poll.move(NOW + timedelta(days=10), NOW + timedelta(days=10, hours=1))
        assert polls.save(moved, NOW)
        slot = moved.poll.slot(moved.poll.chosen_slot)
        assert slot is not None
        polls.record_case_meeting("KI-2026-0007", ID, (slot.start, slot.end), NOW)
        polls.record_case_meeting("KI-2026-0007", ID, None, NOW)
        polls.record_case_meeting("KI-2026-0099", ID, None, NOW)  # never planned: nothing
        return polls.get(ID), moved.poll

    loaded, moved = await database.run(work)

    assert loaded is not None and moved is not None
    assert [(s.key, s.round) for s in loaded.slots] == [("s1", 1), ("s2", 1), ("s3", 2), ("s4", 0)]
    assert (loaded.round, loaded.chosen_slot, loaded.sequence) == (2, "s4", 1)


async def test_votes_arriving_at_the_same_moment_are_all_kept(database: Database):
    await _open_poll(database)
    units = UnitsOfWork(database, FixedClock(NOW))

    def vote(participant: str) -> Callable[[UnitOfWork], bool]:
        def work(unit: UnitOfWork) -> bool:
            unit.polls.lock(ID)
            poll = unit.polls.get(ID)
            assert poll is not None
            return unit.polls.save(
                poll.vote(participant, {"s1": Answer.YES, "s2": Answer.NO}, None, round=1),
                unit.now,
            )

        return work

    saved = await asyncio.gather(*(units.run(vote(f"p{n}")) for n in range(1, VOTERS + 1)))

    loaded = await database.run(lambda session: Polls(session).get(ID))
    assert all(saved)
    assert loaded is not None and len(loaded.votes) == VOTERS
