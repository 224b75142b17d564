"""The Teams activity handler: routes messages, card submits and invokes to the dialogs."""

from __future__ import annotations

import logging

from botbuilder.core import BotState, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ChannelAccount

from dialogs.actions import (
    ActionRouter,
    InvalidCardAction,
    card_action_from_invoke,
    card_action_from_message,
)
from dialogs.directory import DirectoryActions
from dialogs.host import DialogHost
from dialogs.onboarding import Onboarding
from dialogs.replies import Replies
from domain.commands import Command, argument_of, recognise

log = logging.getLogger(__name__)

_CAPABILITY_OF: dict[Command, str] = {
    Command.SCREEN: "screening",
    Command.SPARRING: "sparring",
    Command.MEETING_POLL: "meeting_poll",
    Command.DEADLINES: "deadlines",
}


def _invoke_message(status: int, message: str) -> InvokeResponse:
    """The ``adaptiveCard/action`` response Teams shows as a short message on the card."""
    body = {
        "statusCode": status,
        "type": "application/vnd.microsoft.activity.message",
        "value": message,
    }
    return InvokeResponse(status=200, body=body)


class KiBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        state: BotState,
        dialogs: DialogHost,
        router: ActionRouter,
        onboarding: Onboarding,
        replies: Replies,
        directory: DirectoryActions,
    ) -> None:
        self._state = state
        self._dialogs = dialogs
        self._router = router
        self._onboarding = onboarding
        self._replies = replies
        self._directory = directory

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        await self._state.save_changes(turn_context)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._onboarding.welcome(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        TurnContext.remove_recipient_mention(turn_context.activity)
        try:
            action = card_action_from_message(turn_context.activity)
        except InvalidCardAction as error:
            log.info("rejected card submit: %s", error)
            await self._replies.text(turn_context, "common.invalid_action")
            return
        if action is not None:
            if not await self._router.dispatch(turn_context, action):
                await self._replies.text(turn_context, "common.unknown_action")
            return
        await self._on_text(turn_context, (turn_context.activity.text or "").strip())

    async def _on_text(self, turn_context: TurnContext, text: str) -> None:
        command = recognise(text)
        if command is Command.CANCEL:
            cancelled = await self._dialogs.cancel_all(turn_context)
            await self._replies.text(
                turn_context, "common.cancelled" if cancelled else "common.nothing_to_cancel"
            )
        elif command is Command.HELP:
            await self._onboarding.help(turn_context)
        elif command is Command.MY_ORGANISATION:
            await self._directory.my_organisation(turn_context)
        elif command is Command.POOLS:
            await self._directory.pools(turn_context)
        elif command is Command.ABSENCE:
            await self._directory.absence(turn_context, argument_of(text))
        elif command in _CAPABILITY_OF:
            await self._onboarding.start(turn_context, _CAPABILITY_OF[command])
        elif not await self._dialogs.continue_active(turn_context):
            await self._onboarding.hint(turn_context)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == "adaptiveCard/action":
            return await self._on_card_invoke(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def _on_card_invoke(self, turn_context: TurnContext) -> InvokeResponse:
        try:
            action = card_action_from_invoke(turn_context.activity)
        except InvalidCardAction as error:
            log.info("rejected card invoke: %s", error)
            return _invoke_message(400, self._replies.texts(turn_context)("common.invalid_action"))
        if not await self._router.dispatch(turn_context, action):
            return _invoke_message(400, self._replies.texts(turn_context)("common.unknown_action"))
        return _invoke_message(200, "OK")
