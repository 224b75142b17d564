"""Absences: "fravær 1/12–5/12" / "fravær i dag" registers at once; "fravær" (and "slet fravær")
lists one's own absences on a card, each with a *Slet* button, with date pickers and an optional
substitute for a new one. *Slet* removes only one's own absence, audited, and the card shows
what is left in place."""

from __future__ import annotations

import asyncio
from datetime import date

from cards.directory import AbsenceRow, absence_card, days_text
from domain.directory import Action, InvalidPeriod, PeriodParser, PersonSubject
from domain.identity import PersonRef
from storage.unit_of_work import UnitOfWork

from ..delivery import reroute_for_absence
from ..guard import Audited, audit, permitted
from ..reply import Reply, refuse, say, show
from ..turn import Turn
from .commands import RegisterAbsence, RemoveAbsence
from .context import DirectoryContext, audit_person, not_owner
from .views import person_choice


class Absences:
    def __init__(self, context: DirectoryContext, parse_period: PeriodParser) -> None:
        self._ctx = context
        self._parse_period = parse_period

    async def absence(self, turn: Turn, argument: str) -> Reply:
        if turn.actor is None:
            return refuse(turn.texts("directory.unknown_user"))
        actor, today = turn.actor, self._ctx.today()
        if not argument:
            return await self._ctx.units.run(lambda unit: self._absence_card(unit, turn, actor))
        try:
            first, last = await asyncio.to_thread(self._parse_period, argument, today)
        except InvalidPeriod:
            return refuse(turn.texts("directory.absence.bad_dates"))
        return await self._ctx.units.run(
            lambda unit: self._register(unit, turn, actor, first, last, None)
        )

    def register(self, unit: UnitOfWork, turn: Turn, command: RegisterAbsence) -> Reply:
        refused = not_owner(turn, command)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        if command.last < command.first:
            return refuse(turn.texts("directory.absence.bad_dates"))
        return self._register(
            unit, turn, turn.actor, command.first, command.last, command.substitute_id
        )

    async def listed(self, turn: Turn, _argument: str = "") -> Reply:
        """``slet fravær`` / ``annuller fravær``: the card, with a *Slet* button per absence."""
        if turn.actor is None:
            return refuse(turn.texts("directory.unknown_user"))
        actor = turn.actor
        return await self._ctx.units.run(lambda unit: self._absence_card(unit, turn, actor))

    def remove(self, unit: UnitOfWork, turn: Turn, command: RemoveAbsence) -> Reply:
        """*Slet*: remove one of one's own absences; the card, updated, shows what is left."""
        refused = not_owner(turn, command)
        if refused is not None or turn.actor is None:
            return refused or refuse(turn.texts("directory.unknown_user"))
        actor, texts, store = turn.actor, turn.texts, unit.directory
        me = store.seen(actor, turn.name)
        decision = permitted(
            unit, actor, Action.MANAGE_OWN_PROFILE, PersonSubject(actor), store.snapshot(),
            audit_as="directory.absence_removed", about=Audited("person", str(me.id)),
        )  # fmt: skip
        if not decision.allowed:
            return refuse(texts("directory.not_yours"))
        removed = store.remove_absence(me.id, command.absence)
        if removed is None:
            audit(unit, actor, "directory.absence_removed", Audited("person", str(me.id)),
                  outcome="refused:not_found", absence=str(command.absence))  # fmt: skip
            return self._absence_card(unit, turn, actor, texts("directory.absence.already_removed"))
        first, last = removed
        audit_person(unit, actor, "directory.absence_removed", me.id,
                     first=first.isoformat(), last=last.isoformat())  # fmt: skip
        note = texts("directory.absence.removed", days=days_text(first, last))
        return self._absence_card(unit, turn, actor, note)

    def _absence_card(
        self, unit: UnitOfWork, turn: Turn, actor: PersonRef, note: str | None = None
    ) -> Reply:
        today, store = self._ctx.today(), unit.directory
        me = store.seen(actor, turn.name)
        directory, people = store.snapshot(), store.people()
        labels = {p.person.ref: p.person.label for p in people}
        rows = [
            AbsenceRow(
                absence_id,
                a.starts_on,
                a.ends_on,
                labels.get(a.substitute) if a.substitute else None,
            )
            for absence_id, a in store.absences_of(me.id, ending_from=today)
        ]
        others = [
            person_choice(p, directory)
            for p in people
            if p.id != me.id and p.person.ref is not None
        ]
        card = absence_card(
            turn.texts, rows, others, owner=turn.teams_user_id, today=today, note=note
        )
        return show(card)

    def _register(
        self,
        unit: UnitOfWork,
        turn: Turn,
        actor: PersonRef,
        first: date,
        last: date,
        substitute_id: int | None,
    ) -> Reply:
        texts = turn.texts
        if last < self._ctx.today():
            return refuse(texts("directory.absence.in_the_past"))
        store = unit.directory
        me = store.seen(actor, turn.name)
        decision = permitted(
            unit, actor, Action.MANAGE_OWN_PROFILE, PersonSubject(actor), store.snapshot(),
            audit_as="directory.absence_registered", about=Audited("person", str(me.id)),
        )  # fmt: skip
        substitute = store.get(substitute_id) if substitute_id is not None else None
        if not decision.allowed or (
            substitute_id is not None and (substitute is None or substitute.id == me.id)
        ):
            return refuse(texts("directory.absence.unknown_substitute"))
        store.add_absence(me.id, first, last, substitute_id)
        reroute_for_absence(unit, actor, first, last, directory=store.snapshot(),
                            zone=self._ctx.zone)  # fmt: skip
        audit_person(
            unit,
            actor,
            "directory.absence_registered",
            me.id,
            first=first.isoformat(),
            last=last.isoformat(),
            substitute=str(substitute_id) if substitute_id is not None else None,
        )
        dates = {"days": days_text(first, last)}
        if substitute is not None:
            key = "directory.absence.saved_with_substitute"
            return say(texts(key, substitute=substitute.person.label, **dates))
        return say(texts("directory.absence.saved", **dates))
