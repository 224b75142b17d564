"""``mine spørgsmål`` (the asker's threads, newest first) and ``indbakke`` (a coordinator's open
requests: their pools' unclaimed ones and those they claimed, oldest first, with their age)."""

from __future__ import annotations

from datetime import datetime

from botbuilder.core import TurnContext

from cards.sparring import ListRow, list_card
from cards.texts import Texts
from domain.sparring import age_label_parts
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from ..directory import actor_of
from .context import SparringContext


def _in_personal_chat(turn_context: TurnContext) -> bool:
    conversation = turn_context.activity.conversation
    return conversation is None or conversation.conversation_type in (None, "personal")


def _rows(texts: Texts, threads: list[Thread], now: datetime) -> list[ListRow]:
    rows = []
    for thread in threads:
        unit, n = age_label_parts(thread.asked_at, now)
        age = texts(f"sparring.age.{unit}", n=n)
        rows.append(ListRow(thread.id, thread.status, thread.question, age, thread.claimer_name))
    return rows


class Lists:
    def __init__(self, context: SparringContext) -> None:
        self._ctx = context

    async def my_questions(self, turn_context: TurnContext, _argument: str = "") -> None:
        if not _in_personal_chat(turn_context):  # the list names questions: not for a channel
            await self._ctx.replies.text(turn_context, "sparring.personal_only")
            return
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self._ctx.replies.text(turn_context, "directory.unknown_user")
            return
        texts = self._ctx.replies.texts(turn_context)
        threads, now = await self._ctx.units.run(
            lambda unit: (self._ctx.threads(unit).asked_by(actor), unit.now)
        )
        card = list_card(
            texts,
            title=texts("sparring.list.mine_title"),
            empty=texts("sparring.list.mine_empty"),
            rows=_rows(texts, threads, now),
        )
        await self._ctx.replies.card(turn_context, card)

    async def inbox(self, turn_context: TurnContext, _argument: str = "") -> None:
        if not _in_personal_chat(turn_context):  # the list names questions: not for a channel
            await self._ctx.replies.text(turn_context, "sparring.personal_only")
            return
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self._ctx.replies.text(turn_context, "directory.unknown_user")
            return
        texts = self._ctx.replies.texts(turn_context)

        def read(unit: UnitOfWork) -> tuple[list[Thread], datetime] | None:
            directory = self._ctx.directory(unit)
            today = self._ctx.today(unit)
            pools = {directory.coordinates(actor)}
            pools |= {directory.coordinates(p) for p in directory.covered_by(actor, today)}
            pools.discard(None)
            if not pools:
                return None
            found = self._ctx.threads(unit).inbox(sorted(p for p in pools if p), actor)
            return found, unit.now

        found = await self._ctx.units.run(read)
        if found is None:
            await self._ctx.replies.text(turn_context, "sparring.not_a_coordinator")
            return
        card = list_card(
            texts,
            title=texts("sparring.list.inbox_title"),
            empty=texts("sparring.list.inbox_empty"),
            rows=_rows(texts, *found),
        )
        await self._ctx.replies.card(turn_context, card)
