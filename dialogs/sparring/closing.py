"""Forwarding to the partner organisation's pool, declining with a reason, closing."""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.sparring import notice_card
from cards.texts import Texts
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.sparring import CLOSED_STATUSES, UNCLAIMED_STATUSES, Status
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..outcomes import Outcome, ShowCard
from .base import ThreadFlow
from .commands import OnThread, WriteOnThread, on_thread, write_on_thread
from .context import Said, organisation_name, person_name
from .fanout import (
    cancel_reminders,
    notify,
    post_request,
    present_pool,
    queue_reminders,
    update_copies,
)


class Closing(ThreadFlow):
    # --- forward, decline, close -------------------------------------------------------------

    def _pool_work_check(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        thread: Thread,
        directory: Directory,
        action: Action,
    ) -> Said | None:
        refused = self._ctx.decide(unit, actor, action, thread, directory)
        if refused:
            return refused
        if thread.status in CLOSED_STATUSES:
            return Said("sparring.thread_closed", {"id": thread.id})
        if thread.claimer is not None and thread.claimer != actor:
            return Said("sparring.not_claimer", {"id": thread.id, "name": thread.claimer_name})
        return None

    async def on_forward(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, write_on_thread, self._forward)

    def _forward(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        _name: str,
        command: WriteOnThread,
        thread: Thread,
        directory: Directory,
        texts: Texts,
    ) -> Said | ShowCard:
        refused = self._pool_work_check(unit, actor, thread, directory, Action.FORWARD_SPARRING)
        if refused:
            return refused
        organisation = directory.organisation(thread.organisation_id)
        partners = [
            p
            for p in (organisation.partner_ids if organisation else ())
            if directory.organisation(p)
        ]
        if not partners:
            return Said("sparring.no_partner")
        partner = partners[0]
        threads = self._ctx.threads(unit)
        if command.text:
            threads.add_message(thread.id, actor, "forward_note", command.text)
        threads.change(
            thread.id,
            organisation_id=partner,
            status=Status.FORWARDED.value,
            claimer_tenant_id=None,
            claimer_aad_object_id=None,
            claimer_name="",
            claimed_at=None,
        )
        moved = threads.get(thread.id)
        assert moved is not None  # noqa: S101 - changed above
        self._ctx.audit(unit, actor, "sparring.forwarded", thread.id, to=partner)
        cancel_reminders(unit, thread.id)
        update_copies(unit, moved, directory)
        day = self._ctx.today(unit)
        post_request(
            unit, moved, directory, present_pool(directory, partner, day), with_asker=False
        )
        queue_reminders(self._ctx, unit, moved, directory)
        partner_name = organisation_name(directory, partner)

        def told(texts: Texts) -> Content:
            if command.text:
                message = texts(
                    "sparring.notice.forwarded_note", organisation=partner_name, note=command.text
                )
            else:
                message = texts("sparring.notice.forwarded", organisation=partner_name)
            return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

        notify(
            self._ctx, unit, directory, f"{thread.card_key}:forwarded:{partner}", thread.asker, told
        )
        return Said("sparring.forwarded_done", {"id": thread.id, "organisation": partner_name})

    async def on_decline(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, write_on_thread, self._decline)

    def _decline(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        name: str,
        command: WriteOnThread,
        thread: Thread,
        directory: Directory,
        _texts: Texts,
    ) -> Said | ShowCard:
        refused = self._pool_work_check(unit, actor, thread, directory, Action.DECLINE_SPARRING)
        if refused:
            return refused
        if not command.text:
            return Said("sparring.reason_missing")
        threads = self._ctx.threads(unit)
        threads.add_message(thread.id, actor, "decline_reason", command.text)
        threads.change(thread.id, status=Status.DECLINED.value, closed_at=unit.now)
        declined = threads.get(thread.id)
        assert declined is not None  # noqa: S101 - changed above
        self._ctx.audit(unit, actor, "sparring.declined", thread.id)
        cancel_reminders(unit, thread.id)
        update_copies(unit, declined, directory)
        who = person_name(directory, actor, name)

        def told(texts: Texts) -> Content:
            message = texts("sparring.notice.declined", name=who, reason=command.text)
            return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

        notify(self._ctx, unit, directory, f"{thread.card_key}:declined", thread.asker, told)
        return Said("sparring.declined_done", {"id": thread.id})

    async def on_close(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, on_thread, self._close)

    def _close(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        name: str,
        _command: OnThread,
        thread: Thread,
        directory: Directory,
        _texts: Texts,
    ) -> Said | ShowCard:
        refused = self._ctx.decide(unit, actor, Action.CLOSE_SPARRING, thread, directory)
        if refused:
            return refused
        if thread.status in CLOSED_STATUSES:
            return Said("sparring.thread_closed", {"id": thread.id})
        threads = self._ctx.threads(unit)
        threads.change(thread.id, status=Status.CLOSED.value, closed_at=unit.now)
        closed = threads.get(thread.id)
        assert closed is not None  # noqa: S101 - changed above
        self._ctx.audit(
            unit,
            actor,
            "sparring.closed",
            thread.id,
            by="asker" if actor == thread.asker else "claimer",
        )
        cancel_reminders(unit, thread.id)
        update_copies(unit, closed, directory)
        other = thread.claimer if actor == thread.asker else thread.asker
        if other is not None and thread.status not in UNCLAIMED_STATUSES:
            who = person_name(directory, actor, name)

            def told(texts: Texts) -> Content:
                message = texts("sparring.notice.closed_by", name=who)
                return Content(
                    text=message, card=notice_card(texts, thread=thread.id, message=message)
                )

            notify(self._ctx, unit, directory, f"{thread.card_key}:closed", other, told)
        return Said("sparring.closed_done", {"id": thread.id})
