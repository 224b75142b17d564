"""Talking back in the turn: the reader's language, and a handler's ``Reply`` turned into what
Teams expects (an ``adaptiveCard/action`` response, an update of the clicked message, or new
messages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from botbuilder.core import CardFactory, InvokeResponse, MessageFactory, TurnContext
from botbuilder.schema import Activity, ResourceResponse

from cards.texts import Texts
from dialogs.reply import Post, Reply
from domain.language import DEFAULT_LANGUAGE, language_of_locale, reading_language

# turn_state keys for the language the user chose ("sprog dansk") and their organisation's; set
# once per turn by the turn-recording middleware (read in the same transaction), and the first
# by proactive sends.
LANGUAGE_KEY: Final = "ki.language"
ORGANISATION_LANGUAGE_KEY: Final = "ki.organisation_language"


def card_activity(card: Mapping[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(dict(card)))


def _activity(post: Post) -> Activity:
    return MessageFactory.text(post) if isinstance(post, str) else card_activity(post)


@dataclass(frozen=True)
class Replies:
    default_locale: str = "da-DK"

    def texts(self, turn_context: TurnContext) -> Texts:
        """By the one rule (``domain.language``): the user's choice, their organisation's
        language, their Teams client's, the default."""
        state = turn_context.turn_state
        return Texts(
            reading_language(
                chosen=state.get(LANGUAGE_KEY),
                organisation=state.get(ORGANISATION_LANGUAGE_KEY),
                client_locale=turn_context.activity.locale,
                default=language_of_locale(self.default_locale) or DEFAULT_LANGUAGE,
            )
        )

    async def card(
        self, turn_context: TurnContext, card: Mapping[str, Any]
    ) -> ResourceResponse | None:
        return await turn_context.send_activity(card_activity(card))

    async def text(
        self, turn_context: TurnContext, key: str, **fields: object
    ) -> ResourceResponse | None:
        return await turn_context.send_activity(
            MessageFactory.text(self.texts(turn_context)(key, **fields))
        )


def invoke_card(card: Mapping[str, Any]) -> InvokeResponse:
    """The ``adaptiveCard/action`` response that replaces the clicked card for the clicker."""
    body = {
        "statusCode": 200,
        "type": "application/vnd.microsoft.card.adaptive",
        "value": dict(card),
    }
    return InvokeResponse(status=200, body=body)


def invoke_message(status: int, message: str) -> InvokeResponse:
    """The ``adaptiveCard/action`` response Teams shows as a short message on the card."""
    body = {
        "statusCode": status,
        "type": "application/vnd.microsoft.activity.message",
        "value": message,
    }
    return InvokeResponse(status=200, body=body)


async def post_all(turn_context: TurnContext, posts: tuple[Post, ...]) -> None:
    for post in posts:
        await turn_context.send_activity(_activity(post))


async def answer_invoke(turn_context: TurnContext, reply: Reply, received: str) -> InvokeResponse:
    """A click's answer: its posts go to the conversation, the card or text to the clicker."""
    await post_all(turn_context, reply.posts)
    if reply.card is not None:
        return invoke_card(reply.card)
    return invoke_message(200, reply.text or received)


async def answer_submit(turn_context: TurnContext, reply: Reply) -> None:
    """An old client's ``Action.Submit``: update the clicked message, or post."""
    if reply.card is not None:
        replied_to = turn_context.activity.reply_to_id
        if replied_to:
            update = card_activity(reply.card)
            update.id = replied_to
            await turn_context.update_activity(update)
        elif not reply.in_place_only:
            await turn_context.send_activity(card_activity(reply.card))
    if reply.text:
        await turn_context.send_activity(MessageFactory.text(reply.text))
    await post_all(turn_context, reply.posts)


async def answer_typed(turn_context: TurnContext, reply: Reply) -> None:
    """A typed command's answer: everything is posted, the card first."""
    if reply.card is not None:
        await turn_context.send_activity(card_activity(reply.card))
    if reply.text:
        await turn_context.send_activity(MessageFactory.text(reply.text))
    await post_all(turn_context, reply.posts)
