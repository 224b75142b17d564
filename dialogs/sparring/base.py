"""What every click on a sparring thread shares: parse the card's command, load the thread and
the directory in one unit of work, run the step, and answer the clicker (a card or a message).

Every click is authorised (``domain.directory.authorise``) and every refusal audited; every state
change, its audit entry and the messages it causes commit in one unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from botbuilder.core import TurnContext

from cards.sparring import viewer_card
from cards.texts import Texts
from domain.directory import Directory
from domain.identity import PersonRef
from domain.sparring import viewer_actions
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..directory import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import InvalidCommand, OnThread, ProposeLevel, WriteOnThread
from .context import Said, SparringContext
from .fanout import thread_view, viewer_ids

C = TypeVar("C", OnThread, WriteOnThread, ProposeLevel)


class ThreadFlow:
    def __init__(self, context: SparringContext) -> None:
        self._ctx = context

    async def _run(
        self,
        turn_context: TurnContext,
        action: CardAction,
        parse: Callable[[CardAction], C],
        work: Callable[[UnitOfWork, PersonRef, str, C, Thread, Directory, Texts], Said | ShowCard],
    ) -> Outcome | None:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        if actor is None:
            return ShowMessage(texts("directory.unknown_user"))
        try:
            command = parse(action)
        except InvalidCommand:
            return ShowMessage(texts("sparring.bad_input"))
        name = str(turn_context.activity.from_property.name or "")[:200]

        def unit_work(unit: UnitOfWork) -> Said | ShowCard:
            thread = self._ctx.threads(unit).get(command.thread_id)
            if thread is None:
                return Said("sparring.unknown_thread")
            directory = self._ctx.directory(unit)
            return work(unit, actor, name, command, thread, directory, texts)

        result = await self._ctx.units.run(unit_work)
        if isinstance(result, Said):
            return ShowMessage(texts(result.key, **result.fields))
        return result

    def _own_view(
        self, unit: UnitOfWork, actor: PersonRef, thread_id: int, texts: Texts
    ) -> ShowCard:
        thread = self._ctx.threads(unit).get(thread_id)
        assert thread is not None  # noqa: S101 - changed in this unit of work
        directory = self._ctx.directory(unit)
        relation = self._ctx.relation(unit, actor, thread, directory)
        card = viewer_card(
            texts,
            thread_view(thread, directory),
            viewer_actions(thread.status, relation),
            viewers=viewer_ids(unit, thread, directory),
        )
        return ShowCard(card)
