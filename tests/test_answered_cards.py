from __future__ import annotations

from cards.answered import answered_card
from cards.common import adaptive_card, choice_set, submit, text
from tests.card_check import check_cards


def _questionnaire() -> dict:
    return adaptive_card(
        [
            text("Spørgsmål"),
            choice_set("consent", "Samtykke?", [("given", "Ja"), ("refused", "Nej")]),
            {"type": "ActionSet", "actions": [submit("Hjælp", "help")]},
        ],
        [submit("Se svaret", "screening.answers", with_inputs=True)],
    )


def test_an_answered_card_shows_the_chosen_answers_and_has_no_buttons_left():
    card = answered_card(_questionnaire(), {"consent": "given"}, "Svar modtaget")

    shown = str(card)
    assert "Samtykke?" in shown and "Ja" in shown and "Svar modtaget" in shown
    assert "actions" not in card and "Action." not in shown and "Input." not in shown
    check_cards([card])


def test_an_unanswered_input_is_shown_as_a_dash():
    card = answered_card(_questionnaire(), {}, "Svar modtaget")

    assert "**Samtykke?**  \n–" in [element.get("text") for element in card["body"]]
