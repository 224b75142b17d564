"""Meeting polls in chat (issue #13): "møde" creates a poll, participants vote on their own
cards, the tovholder decides, and everyone gets a calendar invitation."""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.meeting_forms import EDIT_VERB, OPEN_VERB, PREVIEW_VERB, PROPOSE_VERB
from cards.meeting_polls import (
    CANCEL_VERB,
    FINALISE_VERB,
    INPUT_VERB,
    MOVE_VERB,
    PROXY_VERB,
    REPROPOSE_VERB,
    RESULTS_VERB,
    VOTE_VERB,
)

from ..actions import ActionHandler, ActionRouter, CardAction
from ..outcomes import Outcome, ShowMessage
from .closing import Closing
from .commands import InvalidCommand
from .context import CalendarLinks, MeetingsContext
from .creating import Creating
from .voting import Voting

__all__ = ["CalendarLinks", "MeetingPolls", "MeetingsContext"]


class MeetingPolls:
    def __init__(self, context: MeetingsContext) -> None:
        self._ctx = context
        self._creating = Creating(context)
        self._voting = Voting(context)
        self._closing = Closing(context)

    def register(self, router: ActionRouter) -> None:
        handlers: dict[str, ActionHandler] = {
            PROPOSE_VERB: self._creating.on_propose,
            PREVIEW_VERB: self._creating.on_preview,
            EDIT_VERB: self._creating.on_edit,
            OPEN_VERB: self._creating.on_open,
            VOTE_VERB: self._voting.on_vote,
            PROXY_VERB: self._voting.on_proxy,
            RESULTS_VERB: self._voting.on_results,
            FINALISE_VERB: self._closing.on_finalise,
            REPROPOSE_VERB: self._closing.on_repropose,
            INPUT_VERB: self._closing.on_input,
            MOVE_VERB: self._closing.on_move,
            CANCEL_VERB: self._closing.on_cancel,
        }
        for verb, handler in handlers.items():
            router.register(verb, self._refusing_malformed(handler))

    def _refusing_malformed(self, handler: ActionHandler) -> ActionHandler:
        async def handle(turn_context: TurnContext, action: CardAction) -> Outcome | None:
            try:
                return await handler(turn_context, action)
            except InvalidCommand:
                texts = self._ctx.replies.texts(turn_context)
                return ShowMessage(texts("common.invalid_action"))

        return handle

    async def start(self, turn_context: TurnContext, argument: str = "") -> None:
        await self._creating.start(turn_context, argument)
