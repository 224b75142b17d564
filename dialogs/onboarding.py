"""Welcome on install, help, the hint for text the bot does not understand, and capability buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from botbuilder.core import TurnContext

from bot.replies import Replies
from cards.onboarding import (
    CAPABILITY_NAMES,
    OPEN_CAPABILITY,
    error_card,
    help_card,
    welcome_card,
)
from domain.capabilities import BY_NAME

from .actions import ActionRouter, CardAction

CapabilityStarter = Callable[[TurnContext], Awaitable[None]]


class Onboarding:
    def __init__(self, replies: Replies, starters: Mapping[str, CapabilityStarter]) -> None:
        self._replies = replies
        self._starters = dict(starters)

    def register(self, router: ActionRouter) -> None:
        router.register(OPEN_CAPABILITY, self.open_capability)

    async def welcome(self, turn_context: TurnContext) -> None:
        await self._replies.card(turn_context, welcome_card(self._replies.texts(turn_context)))

    async def help(self, turn_context: TurnContext) -> None:
        await self._replies.card(turn_context, help_card(self._replies.texts(turn_context)))

    async def hint(self, turn_context: TurnContext) -> None:
        await self._replies.text(turn_context, "common.unknown_text")

    async def apologise(self, turn_context: TurnContext, correlation_id: str) -> None:
        await self._replies.card(
            turn_context, error_card(self._replies.texts(turn_context), correlation_id)
        )

    async def start(self, turn_context: TurnContext, capability: str) -> None:
        starter = self._starters.get(capability)
        if starter is not None:
            await starter(turn_context)
            return
        texts = self._replies.texts(turn_context)
        await self._replies.text(
            turn_context,
            "common.coming_soon",
            feature=texts(BY_NAME[capability].text_key("title")),
        )

    async def open_capability(self, turn_context: TurnContext, action: CardAction) -> None:
        capability = action.get("capability")
        if capability not in CAPABILITY_NAMES:
            await self._replies.text(turn_context, "common.invalid_action")
            return
        await self.start(turn_context, capability)
