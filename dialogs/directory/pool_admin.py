"""Administrators: list the pools, propose a change, confirm or cancel it."""

from __future__ import annotations

from botbuilder.core import TurnContext

from cards.directory import confirm_change_card, pools_card

from ..actions import CardAction
from .commands import InvalidCommand, change_pool
from .context import DirectoryContext
from .pool_changes import PoolChanged, apply_pool_change
from .views import organisation_choice, person_choice, pool_views


class PoolAdmin:
    def __init__(self, context: DirectoryContext) -> None:
        self._ctx = context

    async def pools(self, turn_context: TurnContext) -> None:
        actor = await self._ctx.actor(turn_context)
        if actor is None or not await self._ctx.may_manage(turn_context, actor, "directory.pools"):
            return
        directory, people = await self._ctx.run(
            lambda store, _log: (store.snapshot(), store.people())
        )
        card = pools_card(
            self._ctx.replies.texts(turn_context),
            pool_views(directory, people),
            [person_choice(p, directory) for p in people],
            owner=turn_context.activity.from_property.id,
        )
        await self._ctx.replies.card(turn_context, card)

    async def on_propose_change(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._ctx.owned(turn_context, action)
        if actor is None or not await self._ctx.may_manage(turn_context, actor, "directory.pools"):
            return
        try:
            command = change_pool(action)
        except InvalidCommand:
            await self._ctx.replies.text(turn_context, "directory.change.invalid")
            return
        directory, person = await self._ctx.run(
            lambda store, _log: (store.snapshot(), store.get(command.person_id))
        )
        if person is None:
            await self._ctx.replies.text(turn_context, "directory.change.invalid")
            return
        organisation_id = command.organisation_id
        if command.change == "remove":
            organisation_id = person.person.organisation_id
        organisation = directory.organisation(organisation_id)
        if command.change != "admin" and organisation is None:
            await self._ctx.replies.text(turn_context, "directory.change.invalid")
            return
        card = confirm_change_card(
            self._ctx.replies.texts(turn_context),
            change=command.change,
            person=person_choice(person, directory),
            organisation=organisation_choice(organisation) if organisation else None,
            owner=turn_context.activity.from_property.id,
        )
        await self._ctx.replies.card(turn_context, card)

    async def on_confirm_change(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._ctx.owned(turn_context, action)
        if actor is None or not await self._ctx.may_manage(turn_context, actor, "directory.pools"):
            return
        try:
            command = change_pool(action)
        except InvalidCommand:
            await self._ctx.replies.text(turn_context, "directory.change.invalid")
            return
        result: PoolChanged = await self._ctx.run(
            lambda store, log: apply_pool_change(store, log, actor, command, self._ctx.clock.now())
        )
        await self._ctx.replies.text(turn_context, result.text_key, **result.fields)

    async def on_cancel_change(self, turn_context: TurnContext, action: CardAction) -> None:
        if await self._ctx.owned(turn_context, action) is not None:
            await self._ctx.replies.text(turn_context, "directory.change.cancelled")
