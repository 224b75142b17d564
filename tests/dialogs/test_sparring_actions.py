"""Sparring on the router: every verb of its cards and its two typed commands are registered
with a strict command, and a malformed click is refused clearly before any handler runs."""

from __future__ import annotations

import pytest

from cards.sparring import VERBS
from dialogs.router import Router
from dialogs.sparring import SparringActions
from dialogs.sparring.commands import AskQuestion, OnThread, ProposeLevel, WriteOnThread
from domain.calendar import WorkingCalendar
from domain.identity import PersonRef
from tests.dialogs.sparring_world import FINN, asked, unit_in_world
from tests.dialogs.turns import BO, CLARA, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return unit_in_world()


@pytest.fixture
def router(unit: FakeUnitOfWork) -> Router:
    router = Router(FakeUnitsOfWork(unit))
    actions = SparringActions(
        router.units, timezone="Europe/Copenhagen", calendar=WorkingCalendar.from_settings()
    )
    actions.register(router)
    return router


def test_every_card_verb_and_both_lists_are_registered(router: Router):
    assert router.commands() == {
        "sparring.ask": AskQuestion,
        "sparring.view": OnThread,
        "sparring.claim": OnThread,
        "sparring.reply": WriteOnThread,
        "sparring.propose": ProposeLevel,
        "sparring.forward": WriteOnThread,
        "sparring.decline": WriteOnThread,
        "sparring.close": OnThread,
    }
    assert set(router.commands()) == set(VERBS)
    assert router.knows_text("my_questions") and router.knows_text("inbox")


@pytest.mark.parametrize("value", ["²", "①", "⁵"])
async def test_a_click_with_unicode_digits_is_refused_before_any_handler(
    router: Router, unit: FakeUnitOfWork, value: str
):
    asked(unit)

    reply = await router.click(turn(BO), "sparring.claim", {"thread": value})

    assert reply is not None and reply.refused
    assert reply.text == "Kortet sendte noget, jeg ikke kunne læse. Prøv igen fra et nyt kort."
    assert unit.threads.at(1).claimer is None and not unit.audit.entries


async def test_a_malformed_question_is_refused_with_sparrings_own_words(router: Router):
    reply = await router.click(turn(BO), "sparring.ask", {"owner": "29:aad-bo", "urgency": "x"})

    assert (
        reply is not None and reply.text == "Kortet kunne ikke læses. Prøv igen med **sparring**."
    )


async def test_a_click_from_someone_teams_cannot_name_is_refused(router: Router):
    reply = await router.click(turn(None), "sparring.claim", {"thread": 1})

    assert reply is not None and reply.refused and "Entra" in (reply.text or "")


async def test_a_click_reaches_its_handler_in_one_unit_of_work(
    router: Router, unit: FakeUnitOfWork
):
    asked(unit)

    reply = await router.click(turn(BO), "sparring.claim", {"thread": "1"})

    assert reply is not None and reply.card is not None and unit.commits == 1
    assert unit.threads.at(1).claimer == BO


@pytest.mark.parametrize("verb", [v for v in VERBS if v != "sparring.ask"])
@pytest.mark.parametrize("who", [FINN, CLARA], ids=["not in a pool", "another pool"])
async def test_no_verb_acts_on_a_thread_the_clicker_has_no_part_in(
    router: Router, unit: FakeUnitOfWork, verb: str, who: PersonRef
):
    thread = asked(unit)
    queued = set(unit.outbox.pending_keys())

    reply = await router.click(turn(who), verb, {"thread": thread.id, "text": "x", "level": 2})

    assert reply is not None and reply.refused and "ikke adgang" in (reply.text or "")
    assert unit.threads.at(thread.id) == thread and len(unit.threads.messages(thread.id)) == 1
    assert set(unit.outbox.pending_keys()) == queued
    [(action, outcome)] = unit.audit.refusals()
    assert action.startswith("sparring.") and outcome.startswith("refused:")
