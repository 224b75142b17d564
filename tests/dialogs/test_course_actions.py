"""The course on the router, on fakes: every card verb has a typed command, malformed data and a
click without a known person are refused clearly, the case card opens for those on the case, and
a screening's new case starts its course with the case card to the tovholder."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.course import CourseActions
from dialogs.router import Router
from domain.capabilities import DEADLINES
from domain.course import Stage
from domain.messaging import ToPerson
from storage.screenings import StoredCase
from tests.dialogs.course_fixtures import (
    ANNE,
    BO,
    ERIK,
    REFERENCE,
    as_,
    context,
    course_unit,
    started,
)
from tests.fakes import FakeUnitsOfWork

BAD_REQUEST = "Det forstod jeg ikke. Åbn sagskortet igen og prøv en gang til."


def _router() -> tuple[Router, Any]:
    unit = course_unit()
    router = Router(FakeUnitsOfWork(unit))
    CourseActions(context(unit)).register(router)
    return router, unit


def test_every_card_verb_of_the_capability_is_on_the_router():
    router, _ = _router()

    assert set(router.commands()) == set(DEADLINES.card_verbs)


@pytest.mark.parametrize(
    ("verb", "data"),
    [
        ("course.snooze", {"delay": ["1d"], "kind": "plan", "due": "2026-01-22", "offset": "7d"}),
        ("course.snooze", {"delay": {"d": 1}, "kind": "plan", "due": "2026-01-22", "offset": "7d"}),
        ("course.step", {"step": ["close"]}),
        ("course.correct", {"step": "hold_meeting", "corrected_day": "²"}),
        ("course.view", {"reference": "KI-²⁰²⁶-0001"}),
        ("course.nudge", {"reference": None}),
    ],
)
async def test_malformed_card_data_is_refused_clearly(verb: str, data: dict[str, Any]):
    router, unit = _router()
    started(unit)

    reply = await router.click(as_(ANNE), verb, {"reference": REFERENCE, **data})

    assert reply is not None and reply.refused and reply.text == BAD_REQUEST
    assert unit.audit.entries == []


async def test_a_hand_over_without_a_chosen_person_asks_for_one():
    router, unit = _router()
    started(unit)

    reply = await router.click(as_(BO), "course.hand_over", {"reference": REFERENCE})

    assert reply is not None and reply.text == "Vælg en person fra organisationen."


async def test_a_click_without_a_known_person_is_refused():
    router, unit = _router()
    started(unit)

    reply = await router.click(as_(None), "course.view", {"reference": REFERENCE})

    assert reply is not None and reply.refused and reply.text is not None
    assert "hvem du er" in reply.text


async def test_the_case_card_opens_with_the_viewers_buttons_and_not_for_a_stranger():
    router, unit = _router()
    started(unit)

    mine = await router.click(as_(ANNE), "course.view", {"reference": REFERENCE})
    stranger = await router.click(as_(ERIK), "course.view", {"reference": REFERENCE})

    assert mine is not None and mine.card is not None and "Samtykke givet" in str(mine.card)
    assert stranger is not None and stranger.refused and stranger.card is None
    assert unit.audit.refusals() == [("course.view", "refused:not_on_case")]


def test_a_case_opened_by_a_screening_starts_its_course_and_sends_the_case_card():
    unit = course_unit()
    unit.preferences.languages[ANNE] = "en"
    case = StoredCase(REFERENCE, "AB", "29:aad-anne", 2, "screening1")

    CourseActions(context(unit)).start_in(unit, ANNE, case)

    stored = unit.courses.get(REFERENCE)
    assert stored is not None and stored.course.stage is Stage.IDEA
    assert (stored.organisation_id, stored.other_organisation_id, stored.course.level) == (
        "pc-amager",
        "crb-kbh",
        2,
    )
    [card] = [m for m in unit.outbox.pending() if m.card_key is not None]
    assert card.address == ToPerson(ANNE) and card.card_key == f"course:{REFERENCE}:en"
    assert card.dedupe_key == f"course:{REFERENCE}:opened"
    assert unit.audit.actions() == ["course.started"]
