"""Administrators: list the pools, propose a change, confirm or cancel it.

The confirmation card ends in its answered state (what was done, no button left), and its answer
is recorded under the card's id: a second click on either button, from a double click or another
device, is told what the first one did and changes nothing."""

from __future__ import annotations

from typing import Final

from cards.answered import answered_card
from cards.directory import confirm_change_card, pools_card
from domain.directory import Action, DirectorySubject, authorise
from storage.prompt_cards import PromptCard
from storage.unit_of_work import UnitOfWork

from ..reply import Card, Reply, refuse, say, show
from ..turn import Turn
from .commands import CancelChange, ChangePool
from .context import DirectoryContext, may_manage, not_owner
from .pool_changes import PoolChanged, apply_pool_change
from .views import organisation_choice, person_choice, pool_views, relevant_people

POOL_CHANGE: Final = "pool_change"  # the kind of a recorded confirmation card
CONFIRMED: Final = "confirmed"
CANCELLED: Final = "cancelled"


def _admin_check(unit: UnitOfWork, turn: Turn) -> Reply | None:
    if turn.actor is None:
        return refuse(turn.texts("directory.unknown_user"))
    return may_manage(unit, turn, turn.actor, "directory.pools")


def _confirmation(unit: UnitOfWork, turn: Turn, command: ChangePool, card_id: str) -> Card | None:
    """The card asking to confirm ``command`` (None if it names nobody or no organisation)."""
    directory, person = unit.directory.snapshot(), unit.directory.get(command.person)
    if person is None or not command.complete:
        return None
    organisation_id = command.organisation
    if command.change == "remove":
        organisation_id = person.person.organisation_id
    organisation = directory.organisation(organisation_id)
    if command.change != "admin" and organisation is None:
        return None
    return confirm_change_card(
        turn.texts,
        change=command.change,
        person=person_choice(person, directory),
        organisation=organisation_choice(organisation) if organisation else None,
        owner=turn.teams_user_id,
        card_id=card_id,
    )


def _answered(shown: Card | None, note: str) -> Reply:
    """The confirmation card in its answered state, replacing the clicked one (``note`` is also
    the message for a client that cannot replace it)."""
    if shown is None:
        return say(note)
    return Reply(card=answered_card(shown, {}, note), text=note, in_place_only=True)


class PoolAdmin:
    def __init__(self, context: DirectoryContext) -> None:
        self._ctx = context

    async def is_admin(self, turn: Turn) -> bool:
        actor = turn.actor
        if actor is None:
            return False

        def ask(unit: UnitOfWork) -> bool:
            snapshot = unit.directory.snapshot()
            return authorise(actor, Action.MANAGE_DIRECTORY, DirectorySubject(), snapshot).allowed

        return await self._ctx.units.run(ask)

    async def pools(self, turn: Turn, _argument: str = "") -> Reply:
        return await self._ctx.units.run(lambda unit: self._pools(unit, turn))

    def _pools(self, unit: UnitOfWork, turn: Turn) -> Reply:
        refused = _admin_check(unit, turn)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        directory, people = unit.directory.snapshot(), unit.directory.people()
        places = {
            o.pool_reference: name
            for o in directory.organisations.values()
            if o.pool_reference and (name := unit.reach.conversation_name(o.pool_reference))
        }
        return show(
            pools_card(
                turn.texts,
                pool_views(directory, people, places),
                relevant_people(people, directory, turn.actor),
                owner=turn.teams_user_id,
            )
        )

    def propose_change(self, unit: UnitOfWork, turn: Turn, command: ChangePool) -> Reply:
        refused = not_owner(turn, command) or _admin_check(unit, turn)
        if refused is not None:
            return refused
        card = _confirmation(unit, turn, command, self._ctx.new_card_id())
        return show(card) if card is not None else refuse(turn.texts("directory.change.invalid"))

    def confirm_change(self, unit: UnitOfWork, turn: Turn, command: ChangePool) -> Reply:
        refused = not_owner(turn, command) or _admin_check(unit, turn)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        if not command.complete:
            return refuse(turn.texts("directory.change.invalid"))
        shown = _confirmation(unit, turn, command, command.card or "")  # before the change
        earlier = self._earlier_answer(unit, turn, command, shown)
        if earlier is not None:
            return earlier
        result = apply_pool_change(unit, turn.actor, command)
        said = turn.texts(result.text_key, **result.fields)
        if not result.in_effect:
            return say(said)  # too many coordinators: the card stays for another try
        self._record(unit, turn, command, CONFIRMED, result)
        return _answered(shown, said)

    def cancel_change(self, unit: UnitOfWork, turn: Turn, command: CancelChange) -> Reply:
        refused = not_owner(turn, command) or _admin_check(unit, turn)
        if refused is not None:
            return refused
        shown = _confirmation(unit, turn, command, command.card or "")
        earlier = self._earlier_answer(unit, turn, command, shown)
        if earlier is not None:
            return earlier
        self._record(unit, turn, command, CANCELLED, None)
        return _answered(shown, turn.texts("directory.change.cancelled"))

    @staticmethod
    def _record(
        unit: UnitOfWork, turn: Turn, command: ChangePool, outcome: str, result: PoolChanged | None
    ) -> None:
        if command.card is None:  # a card from before confirmation cards had ids
            return
        state: dict[str, object] = {"outcome": outcome}
        if result is not None:
            state |= {"text_key": result.text_key, "fields": dict(result.fields)}
        unit.prompts.record_answered(
            PromptCard(
                command.card, turn.teams_user_id, turn.where.conversation_id, POOL_CHANGE, state
            )
        )

    @staticmethod
    def _earlier_answer(
        unit: UnitOfWork, turn: Turn, command: ChangePool, shown: Card | None
    ) -> Reply | None:
        """What a click on an already answered card is told: what the first answer did."""
        earlier = unit.prompts.get(command.card) if command.card is not None else None
        if earlier is None:
            return None
        texts = turn.texts
        if earlier.kind != POOL_CHANGE or earlier.owner != turn.teams_user_id:
            return refuse(texts("directory.not_yours"))
        state = earlier.state
        if state.get("outcome") == CANCELLED:
            return _answered(shown, texts("directory.change.already_cancelled"))
        fields = state.get("fields")
        done = texts(str(state.get("text_key")), **(fields if isinstance(fields, dict) else {}))
        return _answered(shown, texts("directory.change.already_confirmed", done=done))
