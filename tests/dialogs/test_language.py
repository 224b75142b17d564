"""Choosing a language: typed ("sprog engelsk") or with a button, kept for the person's Teams id
and answered in the language just chosen; a word it does not know shows the choice instead."""

from __future__ import annotations

import pytest

from cards.onboarding import SET_LANGUAGE
from dialogs.language import LanguageChoice, SetLanguage
from dialogs.router import Router
from tests.dialogs.turns import turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork


@pytest.fixture
def unit() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _choice(unit: FakeUnitOfWork, told: list[tuple[str, str]]) -> LanguageChoice:
    return LanguageChoice(
        FakeUnitsOfWork(unit), lambda user, language: told.append((user, language))
    )


@pytest.mark.parametrize(("argument", "language"), [("engelsk", "en"), ("English", "en"),
                                                    ("dansk", "da")])  # fmt: skip
async def test_a_typed_choice_is_kept_and_answered_in_the_new_language(
    unit: FakeUnitOfWork, argument: str, language: str
):
    told: list[tuple[str, str]] = []

    reply = await _choice(unit, told).on_command(turn(language="da" if language == "en" else "en"),
                                                 argument)  # fmt: skip

    assert unit.preferences.chosen_by_user == {"29:aad-anne": language}
    assert told == [("29:aad-anne", language)]
    assert reply.text == {"en": "I will write to you in English from now on.",
                          "da": "Jeg skriver til dig på dansk fra nu af."}[language]  # fmt: skip


@pytest.mark.parametrize("argument", ["", "klingon", "fr"])
async def test_a_language_it_does_not_know_shows_the_choice_and_keeps_nothing(
    unit: FakeUnitOfWork, argument: str
):
    told: list[tuple[str, str]] = []

    reply = await _choice(unit, told).on_command(turn(), argument)

    assert reply.card is not None and SET_LANGUAGE in str(reply.card)
    assert unit.preferences.chosen_by_user == {} and told == []


async def test_the_button_chooses_even_for_someone_teams_sent_no_entra_id_for(unit: FakeUnitOfWork):
    router = Router(FakeUnitsOfWork(unit))
    _choice(unit, []).register(router)

    reply = await router.click(
        turn(None, teams_user_id="29:guest"), SET_LANGUAGE, {"language": "en"}
    )

    assert reply is not None and not reply.refused
    assert unit.preferences.chosen_by_user == {"29:guest": "en"}


@pytest.mark.parametrize("sent", ["fr", "EN", "", None, 1])
async def test_the_button_refuses_a_language_there_is_no_button_for(unit: FakeUnitOfWork, sent):
    router = Router(FakeUnitsOfWork(unit))
    _choice(unit, []).register(router)

    reply = await router.click(turn(), SET_LANGUAGE, {"language": sent})

    assert reply is not None and reply.refused
    assert unit.preferences.chosen_by_user == {}


async def test_the_choice_is_kept_in_one_unit_of_work(unit: FakeUnitOfWork):
    await _choice(unit, []).on_button(turn(), SetLanguage("en"))

    assert unit.commits == 1 and unit.preferences.chosen_by_user == {"29:aad-anne": "en"}
