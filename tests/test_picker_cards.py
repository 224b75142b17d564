"""The person pickers on the cards (issue #18, item 25): Teams' typeahead search over our
datasets, a short static list for clients without it, the chosen people kept when a form is
shown again; checked by Microsoft's parser for the rest of the card and by our own schema for
``choices.data``, which that parser knows only from schema 1.6."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from cards.common import adaptive_card
from cards.directory import OrganisationChoice, PersonChoice, PoolView, pools_card
from cards.meeting_forms import creation_card
from cards.pickers import FALLBACK_CHOICES, person_picker
from cards.texts import Texts
from tests.card_check import CardRejected, check_cards

TODAY = date(2026, 12, 7)
MANY = [(f"t|p{n:03d}", f"Person {n:03d}") for n in range(300)]


def _pickers(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Input.ChoiceSet":
                found[str(node["id"])] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_meeting_forms_pickers_search_people_and_list_a_short_fallback(language: str):
    card = creation_card(Texts(language), "0" * 32, MANY, {}, today=TODAY)
    pickers = _pickers(card)

    for input_id in ("people", "optional"):
        picker = pickers[input_id]
        assert picker["choices.data"] == {"type": "Data.Query", "dataset": "ki.people"}
        assert picker["isMultiSelect"] is True and picker["style"] == "filtered"
        assert [c["value"] for c in picker["choices"]] == [v for v, _ in MANY[:FALLBACK_CHOICES]]
        assert picker["placeholder"]
    check_cards([card])


def test_people_chosen_beyond_the_fallback_stay_chosen_and_named_when_the_form_comes_back():
    chosen = [("t|p250", "Person 250"), ("t|p299", "Person 299")]
    values = {"people": "t|p250,t|p299", "optional": "t|p299"}

    card = creation_card(Texts("da"), "0" * 32, MANY, values, today=TODAY, chosen=chosen)
    pickers = _pickers(card)

    assert pickers["people"]["value"] == "t|p250,t|p299"
    assert pickers["people"]["choices"][:2] == [
        {"title": "Person 250", "value": "t|p250"},
        {"title": "Person 299", "value": "t|p299"},
    ]
    assert len(pickers["people"]["choices"]) == FALLBACK_CHOICES + 2
    assert pickers["optional"]["value"] == "t|p299"
    check_cards([card])


def test_a_chosen_value_nobody_can_name_is_dropped_not_shown_as_an_id():
    picker = person_picker(
        "people",
        "Deltagere",
        "ki.people",
        MANY[:3],
        value="t|gone,t|p001",
        multi=True,
        chosen=[("t|p001", "Person 001")],
    )

    assert picker["value"] == "t|p001"
    assert "t|gone" not in str(picker["choices"])


def test_a_picker_names_only_datasets_the_bot_answers():
    with pytest.raises(ValueError, match="unknown dataset"):
        person_picker("people", "Deltagere", "graph.microsoft.com/users", MANY[:3])


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_pool_administrators_person_picker_searches_the_directory(language: str):
    people = [PersonChoice(str(n), f"Person {n:03d} – Region") for n in range(1, 500)]

    region = PoolView(OrganisationChoice("pc-amager", "Psykiatrisk Center Amager", "region"))
    card = pools_card(Texts(language), [region], people, owner="29:admin")
    picker = _pickers(card)["person"]

    assert picker["choices.data"] == {"type": "Data.Query", "dataset": "ki.directory"}
    assert picker["isMultiSelect"] is False and picker["isRequired"] is True
    assert [c["value"] for c in picker["choices"]] == [str(n) for n in range(1, 26)]
    check_cards([card])


def _card_with(picker: dict[str, Any]) -> dict[str, Any]:
    return adaptive_card([picker])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: p["choices.data"].update(dataset="npm"), "dataset"),
        (lambda p: p["choices.data"].update(type="Data.Other"), "Data.Query"),
        (lambda p: p["choices.data"].pop("dataset"), "dataset"),
        (lambda p: p["choices.data"].update(count=-1), "count"),
        (lambda p: p.update(choices=[]), "no static choices"),
        (lambda p: p.update(value="t|p001,t|p999"), "'t|p999' is not among its choices"),
    ],
)
def test_the_card_check_rejects_a_broken_typeahead(change: Any, problem: str):
    picker = copy.deepcopy(person_picker("people", "Deltagere", "ki.people", MANY[:3], multi=True))
    change(picker)

    with pytest.raises(CardRejected, match=problem):
        check_cards([_card_with(picker)])


def test_the_card_check_still_hands_the_rest_of_a_picker_to_microsofts_parser():
    picker = person_picker("people", "Deltagere", "ki.people", MANY[:3])
    picker["style"] = "sideways"

    with pytest.raises(CardRejected, match="style"):
        check_cards([_card_with(picker)])
