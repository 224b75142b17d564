"""A card recorded only when answered: the first answer is kept, a second finds it, and it never
stands in the way of an open card of the same person."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import Database
from storage.prompt_cards import PromptCard, PromptCards

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CONFIRMATION = PromptCard("c" * 32, "29:admin", "a:chat", "pool_change", {"outcome": "confirmed"})


def test_an_answer_is_recorded_once_and_the_first_one_is_kept(database: Database):
    def record(outcome: str) -> bool:
        card = PromptCard(
            CONFIRMATION.card_id, "29:admin", "a:chat", "pool_change", {"outcome": outcome}
        )
        return database.run_sync(lambda s: PromptCards(s, NOW).record_answered(card))

    first, second = record("confirmed"), record("cancelled")
    stored = database.run_sync(lambda s: PromptCards(s, NOW).get(CONFIRMATION.card_id))

    assert (first, second) == (True, False)
    assert stored is not None and (stored.status, stored.state) == (
        "answered",
        {"outcome": "confirmed"},
    )


def test_an_answered_card_does_not_close_or_count_as_the_open_card(database: Database):
    questions = PromptCard("a" * 16, "29:admin", "a:chat", "questions")
    database.run_sync(lambda s: PromptCards(s, NOW).issue(questions))

    database.run_sync(lambda s: PromptCards(s, NOW).record_answered(CONFIRMATION))
    still_open = database.run_sync(lambda s: PromptCards(s, NOW).open_of("29:admin", "a:chat"))

    assert still_open is not None and still_open.card_id == questions.card_id
