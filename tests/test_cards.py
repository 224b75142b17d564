"""Every card builder's output passes Microsoft's parser; the check itself can fail."""

from __future__ import annotations

import pytest

from cards.common import adaptive_card, choice_set, submit, text
from cards.onboarding import error_card, help_card, language_card, welcome_card
from cards.texts import Texts
from tests.card_check import CardRejected, check_cards, check_message_size

LANGUAGES = [Texts("da"), Texts("en")]


@pytest.mark.parametrize("texts", LANGUAGES, ids=lambda t: t.language)
def test_onboarding_cards_are_valid(texts: Texts):
    check_cards(
        [
            welcome_card(texts),
            help_card(texts),
            language_card(texts),
            error_card(texts, "abc123def456"),
        ]
    )


def test_an_unknown_element_is_rejected():
    card = adaptive_card([{"type": "TextBlok", "text": "typo"}])
    with pytest.raises(CardRejected, match="TextBlok"):
        check_cards([card])


def test_an_unknown_action_is_rejected():
    card = adaptive_card([text("x")], [{"type": "Action.Teleport", "title": "go"}])
    with pytest.raises(CardRejected, match=r"Action\.Teleport"):
        check_cards([card])


def test_duplicate_input_ids_are_rejected():
    card = adaptive_card(
        [choice_set("a", "A", [("1", "one")]), choice_set("a", "A", [("1", "one")])]
    )
    with pytest.raises(CardRejected, match="Duplicate Id"):
        check_cards([card])


def test_a_card_of_another_version_is_rejected():
    card = adaptive_card([text("x")]) | {"version": "1.6"}
    with pytest.raises(CardRejected, match=r"1\.5"):
        check_cards([card])


def test_a_message_over_80_kb_is_rejected():
    card = adaptive_card([text("x" * 90_000)], [submit("ok", "noop")])
    activity = {"type": "message", "attachments": [{"contentType": "x", "content": card}]}
    with pytest.raises(CardRejected, match="80"):
        check_message_size(activity)
