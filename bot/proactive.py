"""Send messages outside a user's turn (reminders, relayed answers) from stored references."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import ConversationReference

from bot.replies import LANGUAGE_KEY
from domain.loggable import loggable
from storage.db import Database
from storage.preferences import Preferences
from storage.turns import ConversationReferences

log = logging.getLogger(__name__)

TurnCallback = Callable[[TurnContext], Awaitable[None]]


class Proactive:
    def __init__(
        self,
        adapter: CloudAdapter,
        app_id: str,
        references: ConversationReferences,
        database: Database,
    ) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._references = references
        self._database = database

    async def continue_with_user(self, teams_user_id: str, callback: TurnCallback) -> bool:
        """Run ``callback`` in the user's personal chat with the bot; False if none is known."""
        stored = await self._references.personal_chat_of(teams_user_id)
        if stored is None:
            log.info("no personal chat known for user %s", loggable(teams_user_id))
            return False
        language = await self._database.run(
            lambda session: Preferences(session).language_for_user(teams_user_id)
        )
        await self.continue_in(stored.reference_json, _in_language(language, callback))
        return True

    async def continue_in(self, reference_json: str, callback: TurnCallback) -> None:
        reference = ConversationReference().deserialize(json.loads(reference_json))
        await self._adapter.continue_conversation(reference, callback, self._app_id or None)


def _in_language(language: str, callback: TurnCallback) -> TurnCallback:
    """Run ``callback`` in the person's language (``domain.language``), as their turns have it."""

    async def with_language(turn_context: TurnContext) -> None:
        turn_context.turn_state[LANGUAGE_KEY] = language
        await callback(turn_context)

    return with_language
