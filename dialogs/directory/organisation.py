"""One's organisation: asked once when a capability needs it, shown and changed on request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import TurnContext

from cards.directory import organisation_card
from storage.audit import AuditLog
from storage.directory import DirectoryStore

from ..actions import CardAction
from .commands import InvalidCommand, choose_organisation
from .context import DirectoryContext
from .identity import name_of
from .views import organisation_choice

Starter = Callable[[TurnContext], Awaitable[None]]


class OrganisationFlow:
    def __init__(self, context: DirectoryContext) -> None:
        self._ctx = context
        self._continuations: dict[str, Starter] = {}

    def gate(self, capability: str, starter: Starter | None) -> Starter:
        """A starter that first asks for the user's organisation if the bot does not know it."""

        async def then(turn_context: TurnContext) -> None:
            if starter is not None:
                await starter(turn_context)
                return
            texts = self._ctx.replies.texts(turn_context)
            feature = texts(f"common.capability.{capability}.title")
            await self._ctx.replies.text(turn_context, "common.coming_soon", feature=feature)

        async def start(turn_context: TurnContext) -> None:
            actor = await self._ctx.actor(turn_context)
            if actor is None:
                return
            organisations, me = await self._ctx.run(
                lambda store, _log: ({o.id for o in store.organisations()}, store.find(actor))
            )
            known = me is not None and me.person.organisation_id in organisations
            if known or not organisations:
                await then(turn_context)
            else:
                await self.my_organisation(turn_context, then=capability)

        self._continuations[capability] = then
        return start

    async def my_organisation(self, turn_context: TurnContext, *, then: str = "") -> None:
        actor = await self._ctx.actor(turn_context)
        if actor is None:
            return
        organisations, me = await self._ctx.run(
            lambda store, _log: (store.organisations(), store.find(actor))
        )
        if not organisations:
            await self._ctx.replies.text(turn_context, "directory.no_organisations")
            return
        current_id = me.person.organisation_id if me else None
        current = next((o for o in organisations if o.id == current_id), None)
        choices = sorted((organisation_choice(o) for o in organisations), key=lambda o: o.name)
        card = organisation_card(
            self._ctx.replies.texts(turn_context),
            choices,
            owner=turn_context.activity.from_property.id,
            current=organisation_choice(current) if current else None,
            then=then,
        )
        await self._ctx.replies.card(turn_context, card)

    async def on_choose_organisation(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._ctx.owned(turn_context, action)
        if actor is None:
            return
        try:
            command = choose_organisation(action)
        except InvalidCommand:
            await self._ctx.replies.text(turn_context, "common.invalid_action")
            return
        name = name_of(turn_context.activity)

        def choose(store: DirectoryStore, log: AuditLog) -> tuple[str, bool] | None:
            organisation = next(
                (o for o in store.organisations() if o.id == command.organisation_id), None
            )
            if organisation is None:
                return None
            person = store.seen(actor, name)
            changed = store.set_organisation(person.id, organisation.id)
            if changed:
                log.record(
                    self._ctx.entry(
                        actor,
                        "directory.organisation_chosen",
                        str(person.id),
                        organisation=organisation.id,
                    )
                )
            return organisation.name, changed

        chosen = await self._ctx.run(choose)
        if chosen is None:
            await self._ctx.replies.text(turn_context, "directory.unknown_organisation")
            return
        key = "directory.organisation_saved" if chosen[1] else "directory.organisation_unchanged"
        await self._ctx.replies.text(turn_context, key, organisation=chosen[0])
        continuation = self._continuations.get(command.then)
        if continuation is not None:
            await continuation(turn_context)
