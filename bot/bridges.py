"""Callers not yet on the one action scaffold (they still receive the SDK's ``TurnContext``)
reaching a capability that is: the turn is built here and the handler's ``Reply`` answered as for a
typed command (everything posted). Goes when the last of those callers is ported."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Concatenate, ParamSpec

from botbuilder.core import TurnContext

from dialogs.reply import Reply
from dialogs.turn import Turn

from .replies import Replies, answer_typed
from .turns import turn_of

P = ParamSpec("P")


def answered_in_chat(
    handler: Callable[Concatenate[Turn, P], Awaitable[Reply]], replies: Replies
) -> Callable[Concatenate[TurnContext, P], Awaitable[None]]:
    """``handler`` as an SDK-based caller calls it: its reply is posted in the conversation."""

    async def bridged(turn_context: TurnContext, /, *args: P.args, **kwargs: P.kwargs) -> None:
        turn = turn_of(turn_context.activity, replies.texts(turn_context))
        await answer_typed(turn_context, await handler(turn, *args, **kwargs))

    return bridged
