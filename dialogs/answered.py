"""Which cards a user already answered, so a second submit of one card (a double click) is
recognised as such instead of being mistaken for an old or foreign card."""

from __future__ import annotations

from botbuilder.core import BotState, TurnContext

KEEP = 20


class AnsweredCards:
    """The ids of the last cards whose submit a dialog accepted, per user and conversation
    (kept in the same state as the dialogs, so both are saved together)."""

    def __init__(self, state: BotState) -> None:
        self._ids = state.create_property("AnsweredCards")

    async def remember(self, turn_context: TurnContext, card_id: str) -> None:
        ids: list[str] = list(await self._ids.get(turn_context, list))
        ids.append(card_id)
        await self._ids.set(turn_context, ids[-KEEP:])

    async def contains(self, turn_context: TurnContext, card_id: object) -> bool:
        if not isinstance(card_id, str):
            return False
        return card_id in (await self._ids.get(turn_context, list))
