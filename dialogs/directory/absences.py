"""Absences: "fravær 1/12–5/12" / "fravær i dag" registers at once; "fravær" lists one's own
absences on a card with date pickers and an optional substitute."""

from __future__ import annotations

from datetime import date
from typing import Any

from botbuilder.core import TurnContext

from cards.directory import absence_card, absence_line, day_text
from domain.directory import Action, InvalidPeriod, PeriodParser, PersonSubject, authorise
from domain.identity import PersonRef
from storage.audit import AuditLog
from storage.directory import DirectoryStore

from ..actions import CardAction
from .commands import InvalidCommand, register_absence
from .context import DirectoryContext
from .identity import name_of
from .views import person_choice


class Absences:
    def __init__(self, context: DirectoryContext, parse_period: PeriodParser) -> None:
        self._ctx = context
        self._parse_period = parse_period

    async def absence(self, turn_context: TurnContext, argument: str) -> None:
        actor = await self._ctx.actor(turn_context)
        if actor is None:
            return
        if not argument:
            await self._absence_card(turn_context, actor)
            return
        try:
            first, last = self._parse_period(argument, self._ctx.today())
        except InvalidPeriod:
            await self._ctx.replies.text(turn_context, "directory.absence.bad_dates")
            return
        await self._register(turn_context, actor, first, last, None)

    async def on_register_absence(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._ctx.owned(turn_context, action)
        if actor is None:
            return
        try:
            command = register_absence(action)
        except InvalidCommand:
            await self._ctx.replies.text(turn_context, "directory.absence.bad_dates")
            return
        await self._register(
            turn_context, actor, command.first, command.last, command.substitute_id
        )

    async def _absence_card(self, turn_context: TurnContext, actor: PersonRef) -> None:
        today, name = self._ctx.today(), name_of(turn_context.activity)
        texts = self._ctx.replies.texts(turn_context)

        def load(store: DirectoryStore, _log: AuditLog) -> tuple[list[str], list[Any]]:
            me = store.seen(actor, name)
            directory = store.snapshot()
            labels = {p.person.ref: p.person.label for p in store.people()}
            lines = [
                absence_line(
                    texts,
                    a.starts_on,
                    a.ends_on,
                    labels.get(a.substitute) if a.substitute else None,
                )
                for _, a in store.absences_of(me.id, ending_from=today)
            ]
            others = [
                person_choice(p, directory)
                for p in store.people()
                if p.id != me.id and p.person.ref is not None
            ]
            return lines, others

        lines, substitutes = await self._ctx.run(load)
        card = absence_card(
            texts, lines, substitutes, owner=turn_context.activity.from_property.id, today=today
        )
        await self._ctx.replies.card(turn_context, card)

    async def _register(
        self,
        turn_context: TurnContext,
        actor: PersonRef,
        first: date,
        last: date,
        substitute_id: int | None,
    ) -> None:
        if last < self._ctx.today():
            await self._ctx.replies.text(turn_context, "directory.absence.in_the_past")
            return
        name = name_of(turn_context.activity)

        def register(store: DirectoryStore, log: AuditLog) -> tuple[bool, str | None]:
            me = store.seen(actor, name)
            decision = authorise(
                actor, Action.MANAGE_OWN_PROFILE, PersonSubject(actor), store.snapshot()
            )
            substitute = store.get(substitute_id) if substitute_id is not None else None
            if not decision.allowed or (
                substitute_id is not None and (substitute is None or substitute.id == me.id)
            ):
                return False, None
            store.add_absence(me.id, first, last, substitute_id)
            log.record(
                self._ctx.entry(
                    actor,
                    "directory.absence_registered",
                    str(me.id),
                    first=first.isoformat(),
                    last=last.isoformat(),
                    substitute=str(substitute_id) if substitute_id is not None else None,
                )
            )
            return True, substitute.person.label if substitute else None

        registered, substitute_name = await self._ctx.run(register)
        if not registered:
            await self._ctx.replies.text(turn_context, "directory.absence.unknown_substitute")
            return
        dates = {"first": day_text(first), "last": day_text(last)}
        if substitute_name:
            await self._ctx.replies.text(
                turn_context,
                "directory.absence.saved_with_substitute",
                substitute=substitute_name,
                **dates,
            )
        else:
            await self._ctx.replies.text(turn_context, "directory.absence.saved", **dates)
