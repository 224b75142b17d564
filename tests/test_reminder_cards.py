"""Reminder cards in both languages: valid for Teams, the time in full, the right buttons."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from cards.answered import answered_card
from cards.reminders import (
    ReminderView,
    answer_note,
    change_card,
    fired_card,
    list_card,
    repeat_text,
    set_card,
)
from cards.texts import LANGUAGES, Texts
from domain.timeparse import Recurrence
from tests.card_check import check_cards

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
MONDAYS = Recurrence(frozenset({0}), time(9, 0))
ONCE = ReminderView(7, "ringe til lægen", TUESDAY_10)
WEEKLY = ReminderView(8, "ugeplanen", TUESDAY_10, MONDAYS, "us")


def _titles(card: dict) -> list[str]:
    actions = list(card.get("actions") or [])
    for element in card["body"]:
        for item in element.get("items") or []:
            actions += item.get("actions") or []
    return [a["title"] for a in actions]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reminder_card_is_valid_in_each_language(language: str):
    texts = Texts(language)
    cards = [
        set_card(texts, ONCE, now=NOW),
        set_card(texts, WEEKLY, now=NOW),
        change_card(texts, ONCE, now=NOW, error=texts("time.error.past")),
        fired_card(texts, ONCE, "reminder:7:r0:x", now=NOW),
        fired_card(texts, WEEKLY, "reminder:8:r0:x", now=NOW),
        list_card(texts, [WEEKLY, ONCE], now=NOW, note="x"),
        list_card(texts, [], now=NOW),
        answered_card(
            fired_card(texts, ONCE, "k", now=NOW), {}, answer_note(texts, "done", now=NOW)
        ),
    ]
    check_cards(cards)


def test_the_set_card_shows_the_time_in_full_and_offers_change_and_cancel():
    card = set_card(Texts("da"), ONCE, now=NOW)

    assert "Jeg minder dig tirsdag d. 24. november kl. 10.00 om:" in str(card)
    assert _titles(card) == ["Skift tidspunkt", "Annuller påmindelse"]


def test_a_fired_repeat_offers_done_three_snoozes_and_stop_a_one_off_no_stop():
    texts = Texts("en")

    assert _titles(fired_card(texts, WEEKLY, "k", now=NOW)) == [
        "Done",
        "In 1 hour",
        "Tomorrow at 8",
        "Next week",
        "Stop repeating",
    ]
    assert "Stop repeating" not in _titles(fired_card(texts, ONCE, "k", now=NOW))


def test_the_list_is_soonest_first_with_a_cancel_button_each():
    later = ReminderView(9, "senere", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    card = list_card(Texts("da"), [later, ONCE], now=NOW)

    shown = str(card)
    assert shown.index("ringe til lægen") < shown.index("senere")
    assert _titles(card) == ["Annuller påmindelse", "Annuller påmindelse"]


@pytest.mark.parametrize(
    ("days", "language", "expected"),
    [
        ({0}, "da", "hver mandag kl. 09.00"),
        ({0, 3}, "da", "hver mandag og torsdag kl. 09.00"),
        ({0, 2, 4}, "en", "every Monday, Wednesday and Friday at 09:00"),
        (set(range(7)), "da", "hver dag kl. 09.00"),
        (set(range(5)), "en", "every weekday at 09:00"),
    ],
)
def test_a_repeat_is_worded_in_the_users_language(days: set[int], language: str, expected: str):
    assert repeat_text(Texts(language), Recurrence(frozenset(days), time(9, 0))) == expected
