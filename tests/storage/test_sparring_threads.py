"""Sparring threads on both databases: a thread round-trips with its version, a change is stored
only over the version it was made from, and of simultaneous claims exactly one wins, whether the
claimers queue on the row lock or all read before any of them writes."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from domain.identity import PersonRef
from domain.sparring import Changed, NewThread, Refusal, Refused, Relation, Status, Urgency
from storage.db import Database
from storage.sparring import SparringThreads

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANNE = PersonRef("t-region", "anne")
COORDINATORS = [PersonRef("t-region", f"coordinator-{n}") for n in range(6)]


async def _ask(database: Database) -> int:
    new = NewThread(
        ANNE, "Anne", "pc-amager", "pc-amager", "Hvem?", "KI-1", ("region",), Urgency.TODAY
    )
    return await database.run(lambda s: SparringThreads(s, NOW).create(new).id)


async def test_a_thread_round_trips_and_a_change_is_stored_with_its_version(database: Database):
    thread_id = await _ask(database)

    def claim(session: Session) -> bool:
        threads = SparringThreads(session, NOW)
        thread = threads.get(thread_id, for_update=True)
        assert thread is not None and thread.version == 1
        outcome = thread.claim(COORDINATORS[0], Relation.POOL, "Bo", NOW)
        assert isinstance(outcome, Changed)
        return threads.save(outcome.thread)

    assert await database.run(claim)
    stored = await database.run(lambda s: SparringThreads(s, NOW).get(thread_id))
    assert stored is not None
    assert (stored.status, stored.claimer, stored.claimer_name, stored.version) == (
        Status.CLAIMED,
        COORDINATORS[0],
        "Bo",
        2,
    )
    assert (stored.sectors, stored.urgency, stored.claimed_at) == (("region",), Urgency.TODAY, NOW)


async def test_a_change_made_from_a_stale_read_is_not_stored(database: Database):
    thread_id = await _ask(database)
    stale = await database.run(lambda s: SparringThreads(s, NOW).get(thread_id))
    assert stale is not None

    def claim(by: PersonRef, session: Session) -> bool:
        outcome = stale.claim(by, Relation.POOL, by.aad_object_id, NOW)
        assert isinstance(outcome, Changed)
        return SparringThreads(session, NOW).save(outcome.thread)

    first = await database.run(lambda s: claim(COORDINATORS[0], s))
    second = await database.run(lambda s: claim(COORDINATORS[1], s))

    stored = await database.run(lambda s: SparringThreads(s, NOW).get(thread_id))
    assert (first, second) == (True, False)
    assert stored is not None and stored.claimer == COORDINATORS[0]


async def test_of_simultaneous_claims_on_the_row_lock_exactly_one_wins(database: Database):
    thread_id = await _ask(database)

    def claim(by: PersonRef, session: Session) -> object:
        threads = SparringThreads(session, NOW)
        thread = threads.get(thread_id, for_update=True)
        assert thread is not None
        outcome = thread.claim(by, Relation.POOL, by.aad_object_id, NOW)
        if isinstance(outcome, Changed) and not threads.save(outcome.thread):
            return "lost the save"
        return outcome

    outcomes = await asyncio.gather(
        *(database.run(lambda s, by=by: claim(by, s)) for by in COORDINATORS)
    )

    winners = [o for o in outcomes if isinstance(o, Changed)]
    assert len(winners) == 1
    assert [o for o in outcomes if not isinstance(o, Changed)] == [
        Refused(Refusal.ALREADY_CLAIMED)
    ] * (len(COORDINATORS) - 1)
    stored = await database.run(lambda s: SparringThreads(s, NOW).get(thread_id))
    assert stored is not None and stored.claimer == winners[0].thread.claimer


async def test_claims_that_all_read_before_any_writes_still_have_exactly_one_winner(
    database: Database,
):
    if database.is_sqlite:
        pytest.skip("SQLite takes its write lock when a transaction begins: nobody reads early")
    thread_id = await _ask(database)
    everyone_read = threading.Barrier(len(COORDINATORS), timeout=20)

    def claim(by: PersonRef, session: Session) -> bool:
        threads = SparringThreads(session, NOW)
        thread = threads.get(thread_id)  # no lock: only the conditional save guards
        assert thread is not None
        everyone_read.wait()
        outcome = thread.claim(by, Relation.POOL, by.aad_object_id, NOW)
        assert isinstance(outcome, Changed)
        return threads.save(outcome.thread)

    saved = await asyncio.gather(
        *(database.run(lambda s, by=by: claim(by, s)) for by in COORDINATORS)
    )

    assert sorted(saved) == [False] * (len(COORDINATORS) - 1) + [True]
    stored = await database.run(lambda s: SparringThreads(s, NOW).get(thread_id))
    assert stored is not None and stored.version == 2


async def test_messages_get_their_own_ids_in_order(database: Database):
    thread_id = await _ask(database)

    def write(session: Session) -> list[int]:
        threads = SparringThreads(session, NOW)
        return [threads.add_message(thread_id, ANNE, "follow_up", t) for t in ("a", "b")]

    ids = await database.run(write)
    messages = await database.run(lambda s: SparringThreads(s, NOW).messages(thread_id))

    assert ids[0] < ids[1]
    assert [(m.kind, m.text) for m in messages] == [
        ("question", "Hvem?"),
        ("follow_up", "a"),
        ("follow_up", "b"),
    ]
