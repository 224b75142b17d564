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
