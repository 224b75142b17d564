"""A dialog step that sends a card and waits for that card's submit.

It accepts only the submit of the card it sent (matched by ``card_id``), so an old card or a
double click cannot feed a step twice (the second click is told its answer was already received);
typed text gets a reminder to fill in the card.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogReason, DialogTurnResult

from bot.replies import Replies
from cards.answered import answered_card

from .actions import current_card_action
from .answered import AnsweredCards
from .outcomes import Outcome, ShowCard

ANSWERED_CARD_KEY: Final = "ki.answered_card"
CardBuilder = Callable[[Any, str, str], dict[str, Any]]  # (texts, card_id, owner) -> card


@dataclass(frozen=True)
class CardPromptOptions:
    card: str  # name of the card factory registered on the prompt


class CardPrompt(Dialog):
    def __init__(
        self,
        dialog_id: str,
        verb: str,
        cards: dict[str, CardBuilder],
        replies: Replies,
        answered: AnsweredCards | None = None,
    ) -> None:
        super().__init__(dialog_id)
        self._answered = answered
        self._verb = verb
        self._cards = cards
        self._replies = replies

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        if not isinstance(options, CardPromptOptions):
            raise TypeError("CardPrompt needs CardPromptOptions")
        card_id = uuid.uuid4().hex[:16]
        owner = dialog_context.context.activity.from_property.id
        dialog_context.active_dialog.state["card_id"] = card_id
        dialog_context.active_dialog.state["card"] = options.card
        dialog_context.active_dialog.state["owner"] = owner
        texts = self._replies.texts(dialog_context.context)
        await self._replies.card(
            dialog_context.context, self._cards[options.card](texts, card_id, owner)
        )
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        action = current_card_action(dialog_context.context)
        if action is None or action.verb != self._verb:
            await self._replies.text(dialog_context.context, "common.fill_in_card")
            return Dialog.end_of_turn
        card_id = action.get("card_id")
        if card_id != dialog_context.active_dialog.state.get("card_id"):
            answered = self._answered and await self._answered.contains(
                dialog_context.context, card_id
            )
            await self._replies.text(
                dialog_context.context,
                "common.already_received" if answered else "common.outdated_card",
            )
            return Dialog.end_of_turn
        self._show_answered(dialog_context, action.data)
        if self._answered is not None:
            await self._answered.remember(dialog_context.context, card_id)
        return await dialog_context.end_dialog(dict(action.data))

    def _show_answered(self, dialog_context: DialogContext, values: Mapping[str, Any]) -> None:
        """Remember the card's answered state; the click's handler shows it in place."""
        state = dialog_context.active_dialog.state
        builder = self._cards.get(state.get("card", ""))
        if builder is None:
            return
        texts = self._replies.texts(dialog_context.context)
        sent = builder(texts, state["card_id"], state.get("owner", ""))
        dialog_context.context.turn_state[ANSWERED_CARD_KEY] = answered_card(
            sent, values, texts("actions.answered")
        )

    async def end_dialog(
        self, context: Any, instance: DialogInstance, reason: DialogReason
    ) -> None:
        return None


def answered_outcome(turn_context: Any) -> Outcome | None:
    """The answered state of the card a prompt accepted in this turn, if any."""
    card = turn_context.turn_state.get(ANSWERED_CARD_KEY)
    return ShowCard(card, in_place_only=True) if isinstance(card, dict) else None
