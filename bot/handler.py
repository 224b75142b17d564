"""The Teams activity handler: turns each activity into a ``Turn``, hands it to the router and
answers with the handler's ``Reply``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ChannelAccount

from dialogs.actions import (
    ActionRouter,
    InvalidCardAction,
    card_action_from_invoke,
    card_action_from_message,
)
from dialogs.onboarding import Onboarding
from dialogs.outcomes import Outcome, ShowCard, ShowMessage
from dialogs.reply import Reply, refuse
from dialogs.router import Router
from domain.capabilities import CANCEL, HELP
from domain.commands import argument_of, recognise

from .installations import InstallationTracker
from .legacy import CURRENT
from .replies import (
    Replies,
    answer_invoke,
    answer_submit,
    answer_typed,
    card_activity,
    invoke_card,
    invoke_message,
)
from .turns import turn_of

log = logging.getLogger(__name__)

# A typed command's handler not yet ported to the router, given what follows the command word.
TextCommand = Callable[[TurnContext, str], Awaitable[None]]


class KiBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        router: Router,
        legacy: ActionRouter,
        onboarding: Onboarding,
        replies: Replies,
        installations: InstallationTracker,
        commands: Mapping[str, TextCommand],
    ) -> None:
        self._router = router
        self._legacy = legacy
        self._onboarding = onboarding
        self._replies = replies
        self._installations = installations
        self._commands = dict(commands)

    async def on_turn(self, turn_context: TurnContext) -> None:
        token = CURRENT.set(turn_context)
        try:
            await super().on_turn(turn_context)
        finally:
            CURRENT.reset(token)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        # Not the SDK's Teams dispatch: it looks up every added member one call at a time.
        await self._installations.on_conversation_update(turn_context.activity)
        if turn_context.activity.members_added:
            await self.on_members_added_activity(turn_context.activity.members_added, turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._installations.installed(turn_context.activity)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        await self._installations.uninstalled(turn_context.activity)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            turn = turn_of(turn_context.activity, self._replies.texts(turn_context))
            await answer_typed(turn_context, self._onboarding.welcome(turn))

    # --- messages: typed text, or an old client's Action.Submit -------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        TurnContext.remove_recipient_mention(turn_context.activity)
        try:
            action = card_action_from_message(turn_context.activity)
        except InvalidCardAction as error:
            log.info("rejected card submit: %s", error)
            await self._replies.text(turn_context, "common.invalid_action")
            return
        if action is None:
            await self._on_text(turn_context, (turn_context.activity.text or "").strip())
            return
        turn = turn_of(turn_context.activity, self._replies.texts(turn_context))
        reply = await self._router.click(turn, action.verb, action.data)
        if reply is not None:
            await answer_submit(turn_context, reply)
            return
        dispatched = await self._legacy.dispatch(turn_context, action)
        if not dispatched.known:
            await self._replies.text(turn_context, "common.unknown_action")
        else:
            await self._answer_legacy_submit(turn_context, dispatched.outcome)

    async def _on_text(self, turn_context: TurnContext, text: str) -> None:
        command = recognise(text)
        turn = turn_of(turn_context.activity, self._replies.texts(turn_context))
        if command is None:
            waiting = await self._router.other_text(turn)
            if waiting is not None:
                await answer_typed(turn_context, waiting)
            else:
                await answer_typed(turn_context, self._onboarding.hint(turn))
        elif command.capability is CANCEL:
            cancelled = await self._router.cancel(turn)
            await self._replies.text(
                turn_context, "common.cancelled" if cancelled else "common.nothing_to_cancel"
            )
        elif command.capability is HELP:
            await answer_typed(turn_context, await self._onboarding.help(turn))
        elif self._router.knows_text(command.name):
            reply = await self._router.typed(turn, command.name, argument_of(text))
            await answer_typed(turn_context, reply or refuse(turn.texts("common.unknown_text")))
        elif command.name in self._commands:
            await self._commands[command.name](turn_context, argument_of(text))
        else:
            await answer_typed(turn_context, await self._onboarding.start(turn, command.name))

    # --- invokes: Action.Execute --------------------------------------------------------------
    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == "adaptiveCard/action":
            return await self._on_card_invoke(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def _on_card_invoke(self, turn_context: TurnContext) -> InvokeResponse:
        texts = self._replies.texts(turn_context)
        try:
            action = card_action_from_invoke(turn_context.activity)
        except InvalidCardAction as error:
            log.info("rejected card invoke: %s", error)
            return invoke_message(400, texts("common.invalid_action"))
        turn = turn_of(turn_context.activity, texts, automatic=action.trigger == "automatic")
        reply: Reply | None = await self._router.click(turn, action.verb, action.data)
        if reply is not None:
            return await answer_invoke(turn_context, reply, texts("actions.received"))
        dispatched = await self._legacy.dispatch(turn_context, action)
        if not dispatched.known:
            return invoke_message(400, texts("common.unknown_action"))
        match dispatched.outcome:
            case ShowCard(card, _):
                return invoke_card(card)
            case ShowMessage(message):
                return invoke_message(200, message)
        return invoke_message(200, texts("actions.received"))

    async def _answer_legacy_submit(
        self, turn_context: TurnContext, outcome: Outcome | None
    ) -> None:
        """An Action.Submit from an older client: update the clicked message, or reply."""
        match outcome:
            case ShowCard(card, in_place_only):
                replied_to = turn_context.activity.reply_to_id
                if replied_to:
                    update = card_activity(card)
                    update.id = replied_to
                    await turn_context.update_activity(update)
                elif not in_place_only:
                    await self._replies.card(turn_context, card)
            case ShowMessage(message):
                await turn_context.send_activity(message)
