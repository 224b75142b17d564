"""Welcome on install, help, the hint for text the bot does not understand, the apology for a
failed turn, and the welcome card's capability buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated

from cards.onboarding import (
    CAPABILITY_NAMES,
    OPEN_CAPABILITY,
    error_card,
    help_card,
    welcome_card,
)
from cards.texts import Texts
from domain.capabilities import BY_NAME

from .fields import Matching
from .reply import Card, Reply, post, refuse, say, show
from .router import Router
from .turn import Turn

Start = Callable[[Turn], Awaitable[Reply]]
IsAdmin = Callable[[Turn], Awaitable[bool]]


async def _nobody_is_admin(_turn: Turn) -> bool:
    return False


@dataclass(frozen=True)
class OpenCapability:
    capability: Annotated[str, Matching("[a-z_]{1,40}", 40)]


class Onboarding:
    """``is_admin`` says whether the reader may use the administrators' commands (the help card
    lists them only then)."""

    def __init__(self, starters: Mapping[str, Start], is_admin: IsAdmin = _nobody_is_admin) -> None:
        self._starters = dict(starters)
        self._is_admin = is_admin

    def register(self, router: Router) -> None:
        router.verb(OPEN_CAPABILITY, OpenCapability, self.open_capability, needs_actor=False)

    def welcome(self, turn: Turn) -> Reply:
        return show(welcome_card(turn.texts))

    async def help(self, turn: Turn) -> Reply:
        return show(help_card(turn.texts, admin=await self._is_admin(turn)))

    def hint(self, turn: Turn) -> Reply:
        return say(turn.texts("common.unknown_text"))

    @staticmethod
    def apology(texts: Texts, correlation_id: str) -> Card:
        return error_card(texts, correlation_id)

    async def start(self, turn: Turn, capability: str) -> Reply:
        starter = self._starters.get(capability)
        if starter is not None:
            return await starter(turn)
        feature = turn.texts(BY_NAME[capability].text_key("title"))
        return say(turn.texts("common.coming_soon", feature=feature))

    async def open_capability(self, turn: Turn, command: OpenCapability) -> Reply:
        """A welcome card button: the capability starts with new messages in the conversation."""
        if command.capability not in CAPABILITY_NAMES:
            return refuse(turn.texts("common.invalid_action"))
        started = await self.start(turn, command.capability)
        return post(*(part for part in (started.card, started.text) if part), *started.posts)
