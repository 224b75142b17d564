"""Working a request: each viewer's own view, claim, answer and follow-up (relayed both ways),
forward to the partner's pool, propose level 2 or 3, decline, close.

Every click is authorised (``domain.directory.authorise``) and every refusal audited; every state
change, its audit entry and the messages it causes commit in one unit of work.

A typed message is tied to its thread by the card it is typed in: each relayed message arrives
as a card naming its thread, with a reply box and "send"; free text typed in the chat is never
guessed into a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from botbuilder.core import TurnContext

from cards.sparring import notice_card, relay_card, viewer_card
from cards.texts import Texts
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.sparring import (
    CLOSED_STATUSES,
    UNCLAIMED_STATUSES,
    Proposal,
    Relation,
    Status,
    viewer_actions,
)
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..directory import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import (
    InvalidCommand,
    OnThread,
    ProposeLevel,
    WriteOnThread,
    on_thread,
    propose_level,
    write_on_thread,
)
from .context import Said, SparringContext, organisation_name, person_name
from .fanout import (
    cancel_reminders,
    notify,
    post_request,
    present_pool,
    queue_reminders,
    thread_view,
    update_copies,
    viewer_ids,
)

C = TypeVar("C", OnThread, WriteOnThread, ProposeLevel)


class Working:
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

    # --- writing: answers, follow-ups and proposals, relayed to the other side -----------------

    async def on_reply(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, write_on_thread, self._reply)

    def _writer_check(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        thread: Thread,
        directory: Directory,
        *,
        as_coordinator: Action,
    ) -> Said | None:
        if actor == thread.asker:
            return self._ctx.decide(unit, actor, Action.FOLLOW_UP_SPARRING, thread, directory)
        refused = self._ctx.decide(unit, actor, as_coordinator, thread, directory)
        if refused:
            return refused
        if thread.claimer is None:
            return Said("sparring.claim_first", {"id": thread.id})
        if thread.claimer != actor:
            return Said("sparring.not_claimer", {"id": thread.id, "name": thread.claimer_name})
        return None

    def _relay(
        self,
        unit: UnitOfWork,
        thread: Thread,
        directory: Directory,
        author: PersonRef,
        kind: str,
        message: str,
        sequence: int,
    ) -> PersonRef:
        """Send a message of the thread to the other side; returns who gets it."""
        to_asker = author != thread.asker
        recipient = thread.asker if to_asker else thread.claimer
        assert recipient is not None  # noqa: S101 - checked by _writer_check
        author_name = (
            thread.claimer_name
            if to_asker
            else person_name(directory, thread.asker, thread.asker_name)
        )

        def build(texts: Texts) -> Content:
            card = relay_card(
                texts,
                thread=thread.id,
                author=author_name,
                kind=kind,
                message=message,
                as_asker=to_asker,
            )
            return Content(text=texts(f"sparring.relay.{kind}", name=author_name), card=card)

        notify(
            self._ctx, unit, directory, f"{thread.card_key}:message:{sequence}", recipient, build
        )
        return recipient

    def _reply(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        _name: str,
        command: WriteOnThread,
        thread: Thread,
        directory: Directory,
        _texts: Texts,
    ) -> Said | ShowCard:
        refused = self._writer_check(
            unit, actor, thread, directory, as_coordinator=Action.ANSWER_SPARRING
        )
        if refused:
            return refused
        if thread.status in CLOSED_STATUSES:
            return Said("sparring.thread_closed", {"id": thread.id})
        if thread.claimer is None:
            return Said("sparring.wait_for_claim", {"id": thread.id})
        if not command.text:
            return Said("sparring.text_missing")
        threads = self._ctx.threads(unit)
        kind = "follow_up" if actor == thread.asker else "answer"
        threads.add_message(thread.id, actor, kind, command.text)
        sequence = len(threads.messages(thread.id))
        if kind == "answer" and thread.status is not Status.ANSWERED:
            threads.answered(thread.id)
            changed = threads.get(thread.id)
            assert changed is not None  # noqa: S101 - changed above
            update_copies(unit, changed, directory)
        self._ctx.audit(
            unit, actor, f"sparring.{'answered' if kind == 'answer' else 'followed_up'}", thread.id
        )
        recipient = self._relay(unit, thread, directory, actor, kind, command.text, sequence)
        return Said(
            "sparring.reply_sent",
            {
                "name": person_name(
                    directory,
                    recipient,
                    thread.claimer_name if recipient == thread.claimer else thread.asker_name,
                )
            },
        )

    async def on_propose(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        return await self._run(turn_context, action, propose_level, self._propose)

    def _propose(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        _name: str,
        command: ProposeLevel,
        thread: Thread,
        directory: Directory,
        _texts: Texts,
    ) -> Said | ShowCard:
        if actor == thread.asker:
            return self._ctx.decide(unit, actor, Action.ANSWER_SPARRING, thread, directory) or Said(
                "sparring.not_allowed"
            )
        refused = self._writer_check(
            unit, actor, thread, directory, as_coordinator=Action.ANSWER_SPARRING
        )
        if refused:
            return refused
        if thread.status in CLOSED_STATUSES:
            return Said("sparring.thread_closed", {"id": thread.id})
        proposal = Proposal.LEVEL_2 if command.level == 2 else Proposal.LEVEL_3
        threads = self._ctx.threads(unit)
        kind = f"proposal_{proposal.value}"
        threads.add_message(thread.id, actor, kind, command.text or proposal.value)
        threads.change(thread.id, proposal=proposal.value)
        changed = threads.get(thread.id)
        assert changed is not None  # noqa: S101 - changed above
        self._ctx.audit(unit, actor, "sparring.proposed", thread.id, level=command.level)
        sequence = len(threads.messages(thread.id))
        self._relay(unit, thread, directory, actor, kind, command.text, sequence)
        update_copies(unit, changed, directory)
        return Said(
            "sparring.proposed_done",
            {"name": person_name(directory, thread.asker, thread.asker_name)},
        )

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
