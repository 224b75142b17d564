"""Wording that users misread in use (issue 6, item 6), in Danish and English."""

from __future__ import annotations

import pytest

from cards.screening import case_created_card, follow_up_card
from cards.texts import LANGUAGES, Texts
from tests.card_check import check_cards

REFERENCE = {"da": ("bilag §", "KI-modellen, bilag §"), "en": ("annex §", "KI model, annex §")}
BARE_ANSWERS = {"Ja", "Nej", "Yes", "No"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_annex_reference_names_the_ki_model(language: str):
    texts = Texts(language)
    bare, named = REFERENCE[language]
    for key in texts.all_keys():
        value = texts.raw(key)
        if isinstance(value, str) and bare in value:
            assert value.count(bare) == value.count(named), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_speaks_of_an_unnamed_policy_or_evaluation(language: str):
    texts = Texts(language)
    vague = ("politikkens", "evalueringens anbefaling", "policy's", "the evaluation's")
    for key in texts.all_keys():
        value = str(texts.raw(key))
        assert not any(word in value for word in vague), key
    assert "2017" in texts("screening.next_step.network_meeting")


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_up_yes_no_answers_say_what_they_mean(language: str):
    card = follow_up_card(Texts(language), card_id="c", owner="u")
    yes_no = [
        element
        for element in card["body"]
        if element["type"] == "Input.ChoiceSet" and not element["isMultiSelect"]
    ]
    assert len(yes_no) == 2
    for element in yes_no:
        titles = {choice["title"] for choice in element["choices"]}
        assert not titles & BARE_ANSWERS, element["id"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_card_shows_the_initials_entered(language: str):
    card = case_created_card(
        Texts(language), reference="KI-2026-0001", initials="AB", level=1, next_steps=[]
    )
    check_cards([card])
    facts = [
        fact
        for element in card["body"]
        if element["type"] == "FactSet"
        for fact in element["facts"]
    ]
    assert {"title": Texts(language)("screening_card.case_initials"), "value": "AB"} in facts


@pytest.mark.parametrize(
    ("language", "not_stored", "delete"),
    [("da", "ikke gemt", "slet"), ("en", "did not store", "delete")],
)
def test_the_cpr_notice_says_it_was_not_stored_and_asks_to_delete_the_message(
    language: str, not_stored: str, delete: str
):
    notice = Texts(language)("common.cpr_removed")
    assert not_stored in notice
    assert delete in notice
    assert "fjernet" not in notice and "removed" not in notice
