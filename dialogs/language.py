"""Choosing a language: "sprog dansk", "language english", or a button on the help card.

The choice is kept on the person's users row and used for every message to them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cards.onboarding import SET_LANGUAGE, language_card
from cards.texts import Texts
from domain.commands import chosen_language
from storage.unit_of_work import UnitOfWork, Units

from .reply import Reply, say, show
from .router import Router
from .turn import Turn

LanguageChosen = Callable[[str, str], None]  # (teams_user_id, language)


@dataclass(frozen=True)
class SetLanguage:
    language: Literal["da", "en"]


class LanguageChoice:
    def __init__(
        self, units: Units, on_chosen: LanguageChosen = lambda _user, _language: None
    ) -> None:
        self._units = units
        self._on_chosen = on_chosen

    def register(self, router: Router) -> None:
        router.text("language", self.on_command)
        router.verb(SET_LANGUAGE, SetLanguage, self.on_button, needs_actor=False)

    async def on_command(self, turn: Turn, argument: str) -> Reply:
        language = chosen_language(argument)
        if language is None:
            return show(language_card(turn.texts))
        return await self.choose(turn, language)

    async def on_button(self, turn: Turn, command: SetLanguage) -> Reply:
        return await self.choose(turn, command.language)

    async def choose(self, turn: Turn, language: str) -> Reply:
        user_id = turn.teams_user_id

        def remember(unit: UnitOfWork) -> None:
            unit.preferences.set_language(user_id, language, unit.now)

        await self._units.run(remember)
        self._on_chosen(user_id, language)
        return say(Texts(language)("common.language.chosen"))  # already in the new language
