"""A reply says "sent" only for people the bot can reach: the others are named, once each, with
what would change it."""

from __future__ import annotations

from cards.texts import Texts
from dialogs.reachability import not_reached, unreachable_names
from tests.dialogs.turns import ANNE, BO, CLARA
from tests.fakes import FakeUnitOfWork


def test_only_the_people_the_bot_cannot_reach_are_named_in_order():
    unit = FakeUnitOfWork()
    unit.reach.unreachable = {BO, CLARA}

    names = unreachable_names(unit, [(CLARA, "Clara"), (ANNE, "Anne"), (BO, "Bo")])

    assert names == ["Clara", "Bo"]


def test_a_person_listed_twice_is_named_once():
    unit = FakeUnitOfWork()
    unit.reach.unreachable = {BO}

    assert unreachable_names(unit, [(BO, "Bo"), (BO, "Bo")]) == ["Bo"]


def test_nobody_is_named_when_everyone_can_be_reached():
    assert unreachable_names(FakeUnitOfWork(), [(ANNE, "Anne"), (BO, "Bo")]) == []


def test_the_sentence_names_them_and_how_long_the_message_waits_for_them():
    danish = not_reached(Texts("da"), ["Bo", "Clara"])
    english = not_reached(Texts("en"), ["Bo"])

    assert danish.startswith("Bo, Clara kan ikke nås af botten lige nu")
    assert "inden for 7 dage" in danish
    assert english.startswith("KI-bot cannot reach Bo right now") and "within 7 days" in english
