"""Answers, follow-ups and level proposals, relayed between the asker's and the claimer's chats.

A typed message is tied to its thread by the card it is typed in: each relayed message arrives
as a card naming its thread, with a reply box and "send"; free text typed in the chat is never
guessed into a thread.
"""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.sparring import relay_card
from cards.texts import Texts
from domain.directory import Action, Directory
from domain.identity import PersonRef
from domain.messaging import Content
from domain.sparring import CLOSED_STATUSES, Proposal, Status
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..outcomes import Outcome, ShowCard
from .base import ThreadFlow
from .commands import ProposeLevel, WriteOnThread, propose_level, write_on_thread
from .context import Said, person_name
from .fanout import notify, update_copies


class Writing(ThreadFlow):
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
