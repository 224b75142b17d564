"""The sparring cards in both languages, each checked by Microsoft's card parser."""

from __future__ import annotations

import json

import pytest

from cards.sparring import (
    Choice,
    ListRow,
    ThreadView,
    ask_card,
    list_card,
    notice_card,
    relay_card,
    request_card,
    viewer_card,
)
from cards.texts import Texts
from domain.sparring import Relation, Status, viewer_actions
from tests.card_check import check_cards

VIEW = ThreadView(
    id=7,
    status=Status.CLAIMED,
    question="Skal vi lave en KI-plan?",
    asker_name="Anne Andersen",
    organisation_name="Psykiatrisk Center Amager",
    case_reference="KI-2026-0001",
    sectors=("region", "kommune"),
    urgency="today",
    claimer_name="Bo Bertelsen",
    proposal="level2",
    screening_verdict="eligible",
    screening_level=1,
)


def _all_cards(texts: Texts) -> list[dict]:
    cards = [
        ask_card(texts, owner="29:a"),
        ask_card(
            texts,
            owner="29:a",
            organisations=[Choice("pc-amager", "PC Amager")],
            screening_id="s1",
            screening_summary="Eligible.",
        ),
        request_card(texts, VIEW, viewers=["29:a", "29:b"]),
        request_card(texts, ThreadView(8, Status.CLOSED, "?", "Anne", "PC Amager")),
        relay_card(texts, thread=7, author="Bo", kind="answer", message="Ja", as_asker=True),
        relay_card(texts, thread=7, author="Anne", kind="follow_up", message="?", as_asker=False),
        notice_card(texts, thread=7, message="Afvist"),
        list_card(
            texts, title="Mine", empty="Ingen", rows=[ListRow(7, Status.NEW, "?" * 100, "3 t.")]
        ),
        list_card(texts, title="Mine", empty="Ingen", rows=[]),
    ]
    cards += [
        viewer_card(texts, VIEW, viewer_actions(status, relation), viewers=["29:a"])
        for status in Status
        for relation in Relation
    ]
    return cards


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_sparring_card_passes_the_card_parser_in_each_language(language: str):
    check_cards(_all_cards(Texts(language)))


def test_the_claimers_six_buttons_fit_teams_five_by_moving_the_first_into_the_body():
    card = viewer_card(Texts("da"), VIEW, viewer_actions(Status.CLAIMED, Relation.CLAIMER))

    assert len(card["actions"]) == 5
    [action_set] = [e for e in card["body"] if e["type"] == "ActionSet"]
    assert [a["verb"] for a in action_set["actions"]] == ["sparring.reply"]


def test_the_shared_card_offers_only_the_show_my_options_button_and_asks_teams_to_refresh():
    card = request_card(Texts("da"), VIEW, viewers=["29:a"])

    assert [a["verb"] for a in card["actions"]] == ["sparring.view"]
    assert card["refresh"]["userIds"] == ["29:a"]
    shown = json.dumps(card, ensure_ascii=False)
    assert "Taget af Bo Bertelsen" in shown and "niveau 2" in shown and "KI-2026-0001" in shown


def test_a_stranger_sees_the_request_without_any_button():
    card = viewer_card(Texts("en"), VIEW, viewer_actions(Status.CLAIMED, Relation.OTHER))

    assert "actions" not in card
    assert "You have no actions" in json.dumps(card)
