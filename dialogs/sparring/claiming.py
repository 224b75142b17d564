"""Each viewer's own view of a request, and claiming it (one of two simultaneous claims wins)."""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.sparring import notice_card
from cards.texts import Texts
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.sparring import CLOSED_STATUSES, Relation
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..outcomes import Outcome, ShowCard
from .base import ThreadFlow
from .commands import OnThread, on_thread
from .context import Said, person_name
from .fanout import cancel_reminders, notify, update_copies


class Claiming(ThreadFlow):
    # --- viewing -----------------------------------------------------------------------------

    async def on_view(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        automatic = action.trigger == "automatic"

        def view(
            unit: UnitOfWork,
            actor: PersonRef,
            _name: str,
            command: OnThread,
            thread: Thread,
            directory: Directory,
            texts: Texts,
        ) -> Said | ShowCard:
            if automatic and self._ctx.relation(unit, actor, thread, directory) is Relation.OTHER:
                return Said("sparring.not_allowed")  # a background refresh: nothing to audit
            refused = self._ctx.decide(unit, actor, Action.VIEW_SPARRING, thread, directory)
            return refused or self._own_view(unit, actor, command.thread_id, texts)

        return await self._run(turn_context, action, on_thread, view)

    # --- claiming ----------------------------------------------------------------------------

    async def on_claim(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, on_thread, self._claim)

    def _claim(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        name: str,
        command: OnThread,
        thread: Thread,
        directory: Directory,
        texts: Texts,
    ) -> Said | ShowCard:
        refused = self._ctx.decide(unit, actor, Action.CLAIM_SPARRING, thread, directory)
        if refused:
            return refused
        if thread.status in CLOSED_STATUSES:
            return Said("sparring.thread_closed", {"id": thread.id})
        shown = person_name(directory, actor, name)
        threads = self._ctx.threads(unit)
        if not threads.claim(thread.id, actor, shown):
            winner = threads.get(thread.id)
            who = winner.claimer_name if winner is not None else "?"
            return Said("sparring.already_claimed", {"id": thread.id, "name": who})
        claimed = threads.get(thread.id)
        assert claimed is not None  # noqa: S101 - just claimed
        self._ctx.audit(unit, actor, "sparring.claimed", thread.id)
        cancel_reminders(unit, thread.id)

        def told(texts: Texts) -> Content:
            message = texts("sparring.notice.claimed", name=shown)
            return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

        notify(
            self._ctx,
            unit,
            directory,
            f"{thread.card_key}:claimed:{actor.aad_object_id}"[:200],
            thread.asker,
            told,
        )
        update_copies(unit, claimed, directory)
        return self._own_view(unit, actor, thread.id, texts)
