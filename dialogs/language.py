"""Choosing a language: "sprog dansk", "language english", or a button on the help card.

The choice is kept on the person's users row and used for every message to them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from botbuilder.core import TurnContext

from cards.onboarding import SET_LANGUAGE, language_card
from cards.texts import LANGUAGES
from domain.clock import Clock
from domain.commands import chosen_language
from storage.db import Database
from storage.preferences import Preferences

from .actions import ActionRouter, CardAction
from .replies import LANGUAGE_KEY, Replies

LanguageChosen = Callable[[str, str], None]  # (teams_user_id, language)


class LanguageChoice:
    def __init__(
        self,
        replies: Replies,
        database: Database,
        clock: Clock,
        on_chosen: LanguageChosen = lambda _user, _language: None,
    ) -> None:
        self._replies = replies
        self._database = database
        self._clock = clock
        self._on_chosen = on_chosen

    def register(self, router: ActionRouter) -> None:
        router.register(SET_LANGUAGE, self.on_button)

    async def on_command(self, turn_context: TurnContext, argument: str) -> None:
        language = chosen_language(argument)
        if language is None:
            await self._replies.card(turn_context, language_card(self._replies.texts(turn_context)))
            return
        await self.choose(turn_context, language)

    async def on_button(self, turn_context: TurnContext, action: CardAction) -> None:
        language = action.get("language")
        if language not in LANGUAGES:
            await self._replies.text(turn_context, "common.invalid_action")
            return
        await self.choose(turn_context, language)

    async def choose(self, turn_context: TurnContext, language: str) -> None:
        sender = turn_context.activity.from_property
        if sender is None or not sender.id:
            return
        user_id, now = str(sender.id), self._clock.now()
        await self._database.run(
            lambda session: Preferences(session).set_language(user_id, language, now)
        )
        self._on_chosen(user_id, language)
        turn_context.turn_state[LANGUAGE_KEY] = language  # this turn's reply already uses it
        await self._replies.text(turn_context, "common.language.chosen")
