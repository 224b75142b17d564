"""Runs the waterfall dialogs. State is per user per conversation (PrivateConversationState),
so two colleagues in one group chat each have their own questionnaire in progress."""

from __future__ import annotations

from botbuilder.core import PrivateConversationState, TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogSet, DialogTurnStatus


class DialogHost:
    def __init__(self, state: PrivateConversationState, dialogs: list[Dialog]) -> None:
        self._state = state
        self._set = DialogSet(state.create_property("DialogState"))
        for dialog in dialogs:
            self._set.add(dialog)

    async def _context(self, turn_context: TurnContext) -> DialogContext:
        return await self._set.create_context(turn_context)

    async def begin(
        self, turn_context: TurnContext, dialog_id: str, options: object = None
    ) -> None:
        context = await self._context(turn_context)
        await context.cancel_all_dialogs()
        await context.begin_dialog(dialog_id, options)

    async def continue_active(self, turn_context: TurnContext) -> bool:
        """Give the turn to the active dialog; False if none is waiting."""
        context = await self._context(turn_context)
        if context.active_dialog is None:
            return False
        result = await context.continue_dialog()
        return bool(result.status != DialogTurnStatus.Empty)

    async def active_dialog_id(self, turn_context: TurnContext) -> str | None:
        context = await self._context(turn_context)
        return context.active_dialog.id if context.active_dialog else None

    async def cancel_all(self, turn_context: TurnContext) -> bool:
        context = await self._context(turn_context)
        if context.active_dialog is None:
            return False
        await context.cancel_all_dialogs()
        return True
