"""The Teams activity handler: turns each activity into a ``Turn``, hands it to the router and
answers with the handler's ``Reply``.

    message with text ──▶ recognise ──▶ router.typed / router.other_text / help / cancel
    message with value (Action.Submit) ─┐
    adaptiveCard/action invoke ─────────┴▶ CardAction ──▶ router.click ──▶ Reply ──▶ answer
    application/search invoke (a person picker) ──▶ search.search ──▶ search response
    conversationUpdate / installationUpdate ──▶ where the bot lives; a welcome on install
"""

from __future__ import annotations

import logging

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import ChannelAccount

from dialogs.onboarding import Onboarding
from dialogs.reply import refuse
from dialogs.router import Router
from dialogs.search import PeopleSearch
from dialogs.turn import Turn
from domain.capabilities import CANCEL, HELP
from domain.commands import argument_of, recognise

from .card_actions import InvalidCardAction, card_action_from_invoke, card_action_from_message
from .installations import InstallationTracker
from .replies import Replies, answer_invoke, answer_submit, answer_typed, invoke_message
from .search_invoke import SEARCH_INVOKE, search_response
from .turns import turn_of

log = logging.getLogger(__name__)


class KiBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        router: Router,
        onboarding: Onboarding,
        replies: Replies,
        installations: InstallationTracker,
        search: PeopleSearch,
    ) -> None:
        self._router = router
        self._search = search
        self._onboarding = onboarding
        self._replies = replies
        self._installations = installations

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
        turn = turn_of(turn_context.activity, self._replies.texts(turn_context))
        if action is None:
            await self._on_text(turn_context, turn)
            return
        reply = await self._router.click(turn, action.verb, action.data)
        if reply is None:
            await self._replies.text(turn_context, "common.unknown_action")
        else:
            await answer_submit(turn_context, reply)

    async def _on_text(self, turn_context: TurnContext, turn: Turn) -> None:
        text = turn.text
        command = recognise(text)
        if command is None:
            waiting = await self._router.other_text(turn)
            await answer_typed(turn_context, waiting or self._onboarding.hint(turn))
        elif command.capability is CANCEL:
            cancelled = await self._router.cancel(turn)
            await self._replies.text(
                turn_context, "common.cancelled" if cancelled else "common.nothing_to_cancel"
            )
        elif command.capability is HELP:
            await answer_typed(turn_context, await self._onboarding.help(turn))
        elif self._router.knows_text(command.name):
            reply = await self._router.typed(
                turn, command.name, argument_of(text, command.command_words)
            )
            await answer_typed(turn_context, reply or refuse(turn.texts("common.unknown_text")))
        else:
            await answer_typed(turn_context, await self._onboarding.start(turn, command.name))

    # --- invokes: Action.Execute, typeahead search --------------------------------------------
    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        if turn_context.activity.name == "adaptiveCard/action":
            return await self._on_card_invoke(turn_context)
        if turn_context.activity.name == SEARCH_INVOKE:
            return await self._on_search(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def _on_search(self, turn_context: TurnContext) -> InvokeResponse:
        turn = turn_of(turn_context.activity, self._replies.texts(turn_context))
        answer = await self._search.search(turn, turn_context.activity.value)
        return search_response(answer)

    async def _on_card_invoke(self, turn_context: TurnContext) -> InvokeResponse:
        texts = self._replies.texts(turn_context)
        try:
            action = card_action_from_invoke(turn_context.activity)
        except InvalidCardAction as error:
            log.info("rejected card invoke: %s", error)
            return invoke_message(400, texts("common.invalid_action"))
        turn = turn_of(turn_context.activity, texts, automatic=action.trigger == "automatic")
        reply = await self._router.click(turn, action.verb, action.data)
        if reply is None:
            return invoke_message(400, texts("common.unknown_action"))
        return await answer_invoke(turn_context, reply, texts("actions.received"))
