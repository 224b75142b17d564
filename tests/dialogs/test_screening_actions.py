"""The result card's buttons on fakes: a case opens once, for its own screening, with the course
started in the same unit of work."""

from __future__ import annotations

import json

import pytest

from dialogs.reply import Reply, say
from dialogs.screening.actions import ScreeningActions
from dialogs.screening.commands import AskCoordinator, StartCase
from dialogs.turn import Turn
from domain.identity import PersonRef
from domain.screening import load_policy
from storage.screenings import NewScreening, StoredCase
from tests.dialogs.turns import ANNE, BO, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _screening(unit: FakeUnitOfWork, verdict: str = "eligible", user: str = "29:aad-anne") -> str:
    result = {"next_steps": [{"code": "obtain_consent", "params": {}}]}
    return unit.screenings.save(
        NewScreening(user, "personal:aad-anne", "national", "{}", json.dumps(result), verdict, 1,
                     unit.now)
    )  # fmt: skip


def _actions(unit: FakeUnitOfWork, opened: list[tuple[PersonRef, StoredCase]]) -> ScreeningActions:
    async def ask(turn: Turn, screening_id: str) -> Reply:
        return say(f"asked about {screening_id}")

    return ScreeningActions(
        FakeUnitsOfWork(unit),
        load_policy("national"),
        on_opened=lambda _unit, actor, case: opened.append((actor, case)),
        ask_coordinator=ask,
    )


def test_starting_a_case_opens_it_once_and_starts_its_course(unit: FakeUnitOfWork):
    opened: list[tuple[PersonRef, StoredCase]] = []
    actions = _actions(unit, opened)
    screening_id = _screening(unit)
    start = StartCase(screening_id, "29:aad-anne", "a.b")

    first = actions.start_case(unit, turn(), start)
    second = actions.start_case(unit, turn(), start)

    assert first.card is not None and "KI-2026-0001" in str(first.card)
    assert second.refused and second.text and "KI-2026-0001" in second.text
    [(actor, case)] = opened
    assert actor == ANNE and case.initials == "AB"


@pytest.mark.parametrize(
    ("who", "verdict", "initials", "expected"),
    [
        (BO, "eligible", "", "tilhører en kollega"),
        (ANNE, "not_eligible", "", "kan kun startes"),
        (ANNE, "eligible", "ABCDE", "Initialer skal være"),
    ],
)
def test_a_case_is_refused_for_a_colleague_a_verdict_without_one_and_bad_initials(
    unit: FakeUnitOfWork, who: PersonRef, verdict: str, initials: str, expected: str
):
    actions = _actions(unit, [])
    screening_id = _screening(unit, verdict)

    reply = actions.start_case(
        unit, turn(who), StartCase(screening_id, f"29:{who.aad_object_id}", initials)
    )

    assert reply.refused and reply.text and expected in reply.text
    assert not unit.screenings.cases


async def test_asking_a_coordinator_hands_the_own_screening_to_sparring(unit: FakeUnitOfWork):
    actions = _actions(unit, [])
    screening_id = _screening(unit)

    mine = await actions.ask_coordinator(turn(), AskCoordinator(screening_id, "29:aad-anne"))
    theirs = await actions.ask_coordinator(turn(BO), AskCoordinator(screening_id, "29:aad-bo"))

    assert mine.text == f"asked about {screening_id}"
    assert theirs.refused
