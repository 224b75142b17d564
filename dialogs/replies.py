"""The one way dialogs talk back: cards and texts in the user's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity, ResourceResponse

from cards.texts import LANGUAGES, Texts, texts_for

# turn_state key for the language the user chose ("sprog dansk"); set once per turn by the
# turn-recording middleware (read in the same transaction) and by proactive sends.
LANGUAGE_KEY = "ki.language"


def card_activity(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


@dataclass(frozen=True)
class Replies:
    default_locale: str = "da-DK"

    def texts(self, turn_context: TurnContext) -> Texts:
        """The user's chosen language first, then their Teams locale, then the default."""
        chosen = turn_context.turn_state.get(LANGUAGE_KEY)
        if chosen in LANGUAGES:
            return Texts(chosen)
        return texts_for(turn_context.activity.locale, self.default_locale.split("-")[0])

    async def card(
        self, turn_context: TurnContext, card: dict[str, Any]
    ) -> ResourceResponse | None:
        return await turn_context.send_activity(card_activity(card))

    async def text(
        self, turn_context: TurnContext, key: str, **fields: object
    ) -> ResourceResponse | None:
        return await turn_context.send_activity(
            MessageFactory.text(self.texts(turn_context)(key, **fields))
        )
