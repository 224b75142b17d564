"""No identifying detail in chat by design: every box for free text says not to identify the
citizen, shared cards show no screening answers, a deleted case's cards name nothing, and with
CASE_INITIALS=off the initials are not asked for."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from cards.course import course_card
from cards.meeting_polls import shared_card
from cards.privacy import deleted_card, handed_over_card
from cards.screening import result_card
from cards.sparring import request_card
from cards.texts import LANGUAGES, Texts
from tests.card_check import check_cards
from tests.meeting_factories import poll
from tests.test_course_cards import VIEW as COURSE_VIEW
from tests.test_meeting_cards import every_card as meeting_cards
from tests.test_screening_cards import _elements, _result_card
from tests.test_sparring_cards import VIEW as THREAD_VIEW
from tests.test_sparring_cards import _all_cards as sparring_cards

# Inputs that hold a format, not the user's own words: their placeholder shows the format.
FORMATTED = {"case", "case_reference", "slots", "new_time", "when", "initials", "location"}


def _text_inputs(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for card in cards for e in _elements(card) if e.get("type") == "Input.Text"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_free_text_box_asks_not_to_identify_the_citizen(language: str):
    texts = Texts(language)
    boxes = _text_inputs(sparring_cards(texts) + meeting_cards(texts))
    free = [box for box in boxes if box["id"] not in FORMATTED]

    assert {box["id"] for box in free} >= {"question", "text", "agenda", "citizen_points", "note"}
    for box in free:
        assert box.get("placeholder") == texts("privacy.no_identifying_placeholder"), box["id"]
    assert "CPR" in texts("privacy.no_identifying_placeholder")


def _screening_answer_texts(texts: Texts) -> set[str]:
    """Every sentence that could only come from a screening's answers or criteria."""
    return {
        str(texts.raw(key))
        for key in texts.all_keys()
        if key.startswith(("screening.criterion.", "screening.choice.", "screening.question."))
        and isinstance(texts.raw(key), str)
        and len(str(texts.raw(key))) > 12
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_shared_in_channels_and_group_chats_show_no_screening_answers(language: str):
    texts = Texts(language)
    voted = poll(show_answers=True, citizen_points="Bolig", agenda="Status")
    shared = [
        request_card(texts, THREAD_VIEW, viewers=["29:a"]),  # the pool's channel
        shared_card(texts, voted, voted.ranking()),  # the chat the poll was made in
        course_card(texts, COURSE_VIEW, personal=False),  # every copy of the case card
    ]
    shown = json.dumps(shared, ensure_ascii=False)

    assert THREAD_VIEW.case_reference in shown and COURSE_VIEW.reference in shown
    assert [s for s in _screening_answer_texts(texts) if s in shown] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_of_a_deleted_case_names_nothing_and_the_handover_notice_is_valid(
    language: str,
):
    texts = Texts(language)
    deleted = deleted_card(texts)
    notice = handed_over_card(texts, reference="KI-2026-0001", tovholder="Bo Bertelsen")

    check_cards([deleted, notice])
    assert "KI-" not in json.dumps(deleted) and "actions" not in deleted
    assert texts("privacy.deleted_title") in json.dumps(deleted, ensure_ascii=False)
    assert "KI-2026-0001" in json.dumps(notice) and "Bo Bertelsen" in json.dumps(notice)


def test_the_deleted_state_reads_as_the_issue_asks_in_danish():
    assert Texts("da")("privacy.deleted_title") == "Slettet efter opbevaringsperioden"


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_case_initials_off_the_result_card_does_not_ask_for_them(language: str):
    texts = Texts(language)
    asking = _result_card(texts, "level 1")
    view_ids = {e.get("id") for e in _elements(asking)}
    assert "initials" in view_ids

    from dialogs.screening.flow import result_view
    from domain.screening import ScreeningAnswers, load_policy, screen
    from tests.factories import typical_answers

    policy = load_policy("national")
    result = screen(ScreeningAnswers.from_mapping(typical_answers()), policy)
    view = result_view(texts, result, policy, screening_id="s1", owner="u1",
                       can_ask_coordinator=True)  # fmt: skip
    card = result_card(texts, replace(view, ask_initials=False))

    check_cards([card])
    assert "initials" not in {e.get("id") for e in _elements(card)}
    assert any(a["data"]["ki_action"] == "screening.start_case" for a in card["actions"])
