from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from storage.db import Database
from storage.screenings import Cases, NewScreening, Screenings, case_reference

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _screening(verdict: str = "eligible", level: int | None = 1) -> NewScreening:
    return NewScreening(
        teams_user_id="29:alice",
        conversation_id="c1",
        policy="national",
        answers_json="{}",
        result_json="{}",
        verdict=verdict,
        level=level,
        created_at=NOW,
    )


async def test_a_saved_screening_reads_back_and_is_counted(database: Database):
    screenings = Screenings(database)
    first = await screenings.save(_screening())
    await screenings.save(_screening("ask_coordinator", None))

    stored = await screenings.get(first)

    assert stored is not None and stored.verdict == "eligible" and stored.level == 1
    assert await screenings.get("missing") is None
    assert await screenings.count_by_verdict() == {"eligible": 1, "ask_coordinator": 1}


async def test_cases_get_consecutive_references_per_year(database: Database):
    screenings, cases = Screenings(database), Cases(database)
    one = await screenings.get(await screenings.save(_screening()))
    two = await screenings.get(await screenings.save(_screening()))

    first = await cases.open_from_screening(one, "29:alice", "AB", NOW)
    second = await cases.open_from_screening(two, "29:alice", None, NOW)

    assert (first.case.reference, second.case.reference) == ("KI-2026-0001", "KI-2026-0002")
    assert first.case.initials == "AB" and first.case.level == 1


async def test_opening_the_same_screening_twice_returns_the_first_case(database: Database):
    screenings, cases = Screenings(database), Cases(database)
    screening = await screenings.get(await screenings.save(_screening()))

    results = await asyncio.gather(
        *(cases.open_from_screening(screening, "29:alice", None, NOW) for _ in range(4))
    )

    assert {r.case.reference for r in results} == {"KI-2026-0001"}
    assert sum(r.created for r in results) == 1


def test_references_are_zero_padded():
    assert case_reference(2027, 12) == "KI-2027-0012"


async def test_eighty_cases_opened_at_once_by_twenty_users_all_get_distinct_references(
    database: Database,
):
    screenings, cases = Screenings(database), Cases(database)
    stored = []
    for user in range(20):
        for _ in range(4):
            screening_id = await screenings.save(_screening())
            found = await screenings.get(screening_id)
            assert found is not None
            stored.append((found, f"29:user-{user}"))

    openings = await asyncio.gather(
        *(cases.open_from_screening(screening, user, None, NOW) for screening, user in stored)
    )

    references = sorted(opening.case.reference for opening in openings)
    assert all(opening.created for opening in openings)
    assert references == [case_reference(2026, n) for n in range(1, 81)]


async def test_numbering_continues_after_cases_that_existed_before_the_counter(
    database: Database,
):
    from sqlalchemy import text

    screenings, cases = Screenings(database), Cases(database)
    first = await screenings.get(await screenings.save(_screening()))
    second = await screenings.get(await screenings.save(_screening()))
    assert first is not None and second is not None
    await cases.open_from_screening(first, "29:alice", None, NOW)
    database.run_sync(lambda session: session.execute(text("DELETE FROM case_counters")))

    opening = await cases.open_from_screening(second, "29:alice", None, NOW)

    assert opening.case.reference == case_reference(2026, 2)
