"""Fakes of the prompt cards and the screenings with the cases opened from them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from storage.prompt_cards import PromptCard
from storage.screenings import (
    CaseOpening,
    NewScreening,
    StoredCase,
    StoredScreening,
    case_reference,
)


@dataclass
class FakePromptCards:
    cards: dict[str, PromptCard] = field(default_factory=dict)

    def issue(self, card: PromptCard) -> None:
        self.close_open(card.owner, card.conversation_id)
        self.cards[card.card_id] = replace(card, status="open")

    def get(self, card_id: str) -> PromptCard | None:
        return self.cards.get(card_id)

    def answer(self, card_id: str) -> bool:
        card = self.cards.get(card_id)
        if card is None or card.status != "open":
            return False
        self.cards[card_id] = replace(card, status="answered")
        return True

    def record_answered(self, card: PromptCard) -> bool:
        if card.card_id in self.cards:
            return False
        self.cards[card.card_id] = replace(card, status="answered")
        return True

    def close_open(self, owner: str, conversation_id: str) -> int:
        closing = [
            c
            for c in self.cards.values()
            if (c.owner, c.conversation_id, c.status) == (owner, conversation_id, "open")
        ]
        for card in closing:
            self.cards[card.card_id] = replace(card, status="closed")
        return len(closing)

    def open_of(self, owner: str, conversation_id: str) -> PromptCard | None:
        return next(
            (
                c
                for c in self.cards.values()
                if (c.owner, c.conversation_id, c.status) == (owner, conversation_id, "open")
            ),
            None,
        )


@dataclass
class FakeScreenings:
    year: int = 2026
    screenings: dict[str, StoredScreening] = field(default_factory=dict)
    cases: dict[str, StoredCase] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def save(self, screening: NewScreening) -> str:
        screening_id = f"screening{next(self._ids)}"
        self.screenings[screening_id] = StoredScreening(
            screening_id,
            screening.teams_user_id,
            screening.policy,
            screening.answers_json,
            screening.result_json,
            screening.verdict,
            screening.level,
        )
        return screening_id

    def get(self, screening_id: str) -> StoredScreening | None:
        return self.screenings.get(screening_id)

    def open_case(
        self, screening: StoredScreening, tovholder_teams_user_id: str, initials: str | None
    ) -> CaseOpening:
        existing = next((c for c in self.cases.values() if c.screening_id == screening.id), None)
        if existing is not None:
            return CaseOpening(existing, created=False)
        case = StoredCase(
            case_reference(self.year, len(self.cases) + 1),
            initials,
            tovholder_teams_user_id,
            screening.level,
            screening.id,
        )
        self.cases[case.reference] = case
        return CaseOpening(case, created=True)
