"""Administrators: list the pools, propose a change, confirm or cancel it."""

from __future__ import annotations

from cards.directory import confirm_change_card, pools_card
from storage.unit_of_work import UnitOfWork

from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .commands import CancelChange, ChangePool
from .context import DirectoryContext, may_manage, not_owner
from .pool_changes import apply_pool_change
from .views import organisation_choice, person_choice, pool_views


def _admin_check(unit: UnitOfWork, turn: Turn) -> Reply | None:
    if turn.actor is None:
        return refuse(turn.texts("directory.unknown_user"))
    return may_manage(unit, turn, turn.actor, "directory.pools")


class PoolAdmin:
    def __init__(self, context: DirectoryContext) -> None:
        self._ctx = context

    async def pools(self, turn: Turn, _argument: str = "") -> Reply:
        return await self._ctx.units.run(lambda unit: self._pools(unit, turn))

    def _pools(self, unit: UnitOfWork, turn: Turn) -> Reply:
        refused = _admin_check(unit, turn)
        if refused is not None:
            return refused
        directory, people = unit.directory.snapshot(), unit.directory.people()
        return show(
            pools_card(
                turn.texts,
                pool_views(directory, people),
                [person_choice(p, directory) for p in people],
                owner=turn.teams_user_id,
            )
        )

    def propose_change(self, unit: UnitOfWork, turn: Turn, command: ChangePool) -> Reply:
        refused = not_owner(turn, command) or _admin_check(unit, turn)
        if refused is not None:
            return refused
        directory, person = unit.directory.snapshot(), unit.directory.get(command.person)
        if person is None or not command.complete:
            return refuse(turn.texts("directory.change.invalid"))
        organisation_id = command.organisation
        if command.change == "remove":
            organisation_id = person.person.organisation_id
        organisation = directory.organisation(organisation_id)
        if command.change != "admin" and organisation is None:
            return refuse(turn.texts("directory.change.invalid"))
        return show(
            confirm_change_card(
                turn.texts,
                change=command.change,
                person=person_choice(person, directory),
                organisation=organisation_choice(organisation) if organisation else None,
                owner=turn.teams_user_id,
            )
        )

    def confirm_change(self, unit: UnitOfWork, turn: Turn, command: ChangePool) -> Reply:
        refused = not_owner(turn, command) or _admin_check(unit, turn)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        if not command.complete:
            return refuse(turn.texts("directory.change.invalid"))
        result = apply_pool_change(unit, turn.actor, command)
        return say(turn.texts(result.text_key, **result.fields))

    def cancel_change(self, _unit: UnitOfWork, turn: Turn, command: CancelChange) -> Reply:
        return not_owner(turn, command) or say(turn.texts("directory.change.cancelled"))
