"""One's organisation: asked once when a capability needs it, shown and changed on request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from cards.directory import organisation_card
from domain.directory import Organisation
from storage.directory import StoredPerson
from storage.unit_of_work import UnitOfWork

from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .commands import ChooseOrganisation
from .context import DirectoryContext, audit_person, not_owner
from .views import organisation_choice

Start = Callable[[Turn], Awaitable[Reply]]


class OrganisationFlow:
    def __init__(self, context: DirectoryContext) -> None:
        self._ctx = context
        self._continuations: dict[str, Start] = {}

    def gate(self, capability: str, start: Start) -> Start:
        """``start``, after asking for the person's organisation if the bot does not know it."""
        self._continuations[capability] = start

        async def gated(turn: Turn) -> Reply:
            if turn.actor is None:
                return refuse(turn.texts("directory.unknown_user"))
            actor = turn.actor

            def known(unit: UnitOfWork) -> tuple[bool, bool]:
                organisations = {o.id for o in unit.directory.organisations()}
                me = unit.directory.find(actor)
                return bool(
                    organisations
                ), me is not None and me.person.organisation_id in organisations

            any_organisations, mine = await self._ctx.units.run(known)
            if mine or not any_organisations:
                return await start(turn)
            return await self.my_organisation(turn, then=capability)

        return gated

    async def my_organisation(self, turn: Turn, argument: str = "", *, then: str = "") -> Reply:
        if turn.actor is None:
            return refuse(turn.texts("directory.unknown_user"))
        actor = turn.actor

        def load(unit: UnitOfWork) -> tuple[list[Organisation], StoredPerson | None]:
            return unit.directory.organisations(), unit.directory.find(actor)

        organisations, me = await self._ctx.units.run(load)
        if not organisations:
            return say(turn.texts("directory.no_organisations"))
        current_id = me.person.organisation_id if me else None
        current = next((o for o in organisations if o.id == current_id), None)
        choices = sorted((organisation_choice(o) for o in organisations), key=lambda o: o.name)
        return show(
            organisation_card(
                turn.texts,
                choices,
                owner=turn.teams_user_id,
                current=organisation_choice(current) if current else None,
                then=then,
            )
        )

    async def choose(self, turn: Turn, command: ChooseOrganisation) -> Reply:
        refused = not_owner(turn, command)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        actor = turn.actor

        def choose(unit: UnitOfWork) -> tuple[str, bool] | None:
            organisation = next(
                (o for o in unit.directory.organisations() if o.id == command.organisation), None
            )
            if organisation is None:
                return None
            person = unit.directory.seen(actor, turn.name)
            changed = unit.directory.set_organisation(person.id, organisation.id)
            if changed:
                audit_person(
                    unit, actor, "directory.organisation_chosen", person.id,
                    organisation=organisation.id,
                )  # fmt: skip
            return organisation.name, changed

        chosen = await self._ctx.units.run(choose)
        if chosen is None:
            return refuse(turn.texts("directory.unknown_organisation"))
        name, changed = chosen
        key = "directory.organisation_saved" if changed else "directory.organisation_unchanged"
        saved = say(turn.texts(key, organisation=name))
        continuation = self._continuations.get(command.then)
        if continuation is None:
            return saved
        started = await continuation(turn)
        return saved.then(*(p for p in (started.card, started.text) if p), *started.posts)
