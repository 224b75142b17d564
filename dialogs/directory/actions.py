"""The directory in chat: one's organisation, the admins' pool changes, absences.

Every change runs in one unit of work together with its audit entry; every refusal is audited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from botbuilder.core import TurnContext
from sqlmodel import Session

from cards.directory import (
    CANCEL_CHANGE_VERB,
    CHOOSE_ORGANISATION_VERB,
    CONFIRM_CHANGE_VERB,
    PROPOSE_CHANGE_VERB,
    REGISTER_ABSENCE_VERB,
    absence_card,
    absence_line,
    confirm_change_card,
    day_text,
    organisation_card,
    pools_card,
)
from domain.clock import Clock
from domain.directory import (
    Action,
    DirectorySubject,
    InvalidPeriod,
    PeriodParser,
    PersonSubject,
    authorise,
    parse_absence_period,
)
from domain.identity import PersonRef
from storage.audit import AuditEntry, AuditLog
from storage.db import Database
from storage.directory import DirectoryStore

from ..actions import ActionRouter, CardAction
from ..replies import Replies
from .commands import (
    InvalidCommand,
    change_pool,
    choose_organisation,
    register_absence,
)
from .identity import actor_of, name_of
from .pools import PoolChanged, apply_pool_change
from .views import organisation_choice, person_choice, pool_views

T = TypeVar("T")
Starter = Callable[[TurnContext], Awaitable[None]]
Work = Callable[[DirectoryStore, AuditLog], T]


class DirectoryActions:
    def __init__(
        self,
        database: Database,
        replies: Replies,
        clock: Clock,
        timezone: str,
        *,
        parse_period: PeriodParser = parse_absence_period,
    ) -> None:
        self._db = database
        self._replies = replies
        self._clock = clock
        self._zone = ZoneInfo(timezone)
        self._parse_period = parse_period
        self._continuations: dict[str, Starter] = {}

    def register(self, router: ActionRouter) -> None:
        router.register(CHOOSE_ORGANISATION_VERB, self.on_choose_organisation)
        router.register(PROPOSE_CHANGE_VERB, self.on_propose_change)
        router.register(CONFIRM_CHANGE_VERB, self.on_confirm_change)
        router.register(CANCEL_CHANGE_VERB, self.on_cancel_change)
        router.register(REGISTER_ABSENCE_VERB, self.on_register_absence)

    # --- plumbing --------------------------------------------------------------------------

    def _today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def _run(self, work: Work[T]) -> T:
        now = self._clock.now()

        def unit(session: Session) -> T:
            return work(DirectoryStore(session, now), AuditLog(session))

        return await self._db.run(unit)

    def _entry(self, actor: PersonRef, action: str, subject_id: str, **detail: Any) -> AuditEntry:
        outcome = str(detail.pop("outcome", "done"))
        return AuditEntry(
            self._clock.now(), actor, action, "person", subject_id, outcome, detail=detail
        )

    async def _actor(self, turn_context: TurnContext) -> PersonRef | None:
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self._replies.text(turn_context, "directory.unknown_user")
        return actor

    async def _owned(self, turn_context: TurnContext, action: CardAction) -> PersonRef | None:
        if action.get("owner") != action.actor_id:
            await self._replies.text(turn_context, "directory.not_yours")
            return None
        return await self._actor(turn_context)

    async def _refuse(
        self, turn_context: TurnContext, actor: PersonRef, action: str, reason: str
    ) -> None:
        entry = AuditEntry(
            self._clock.now(), actor, action, "directory", "pools", f"refused:{reason}"
        )
        await self._run(lambda _store, log: log.record(entry))
        await self._replies.text(turn_context, "directory.not_allowed")

    async def _may_manage(self, turn_context: TurnContext, actor: PersonRef, action: str) -> bool:
        directory = await self._run(lambda store, _log: store.snapshot())
        decision = authorise(actor, Action.MANAGE_DIRECTORY, DirectorySubject(), directory)
        if not decision.allowed:
            await self._refuse(turn_context, actor, action, decision.reason_code)
        return decision.allowed

    # --- one's organisation ----------------------------------------------------------------

    def gate(self, capability: str, starter: Starter | None) -> Starter:
        """A starter that first asks for the user's organisation if the bot does not know it."""

        async def then(turn_context: TurnContext) -> None:
            if starter is not None:
                await starter(turn_context)
                return
            texts = self._replies.texts(turn_context)
            feature = texts(f"common.capability.{capability}.title")
            await self._replies.text(turn_context, "common.coming_soon", feature=feature)

        async def start(turn_context: TurnContext) -> None:
            actor = await self._actor(turn_context)
            if actor is None:
                return
            organisations, me = await self._run(
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
        actor = await self._actor(turn_context)
        if actor is None:
            return
        organisations, me = await self._run(
            lambda store, _log: (store.organisations(), store.find(actor))
        )
        if not organisations:
            await self._replies.text(turn_context, "directory.no_organisations")
            return
        current_id = me.person.organisation_id if me else None
        current = next((o for o in organisations if o.id == current_id), None)
        choices = sorted((organisation_choice(o) for o in organisations), key=lambda o: o.name)
        card = organisation_card(
            self._replies.texts(turn_context),
            choices,
            owner=turn_context.activity.from_property.id,
            current=organisation_choice(current) if current else None,
            then=then,
        )
        await self._replies.card(turn_context, card)

    async def on_choose_organisation(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._owned(turn_context, action)
        if actor is None:
            return
        try:
            command = choose_organisation(action)
        except InvalidCommand:
            await self._replies.text(turn_context, "common.invalid_action")
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
                    self._entry(
                        actor,
                        "directory.organisation_chosen",
                        str(person.id),
                        organisation=organisation.id,
                    )
                )
            return organisation.name, changed

        chosen = await self._run(choose)
        if chosen is None:
            await self._replies.text(turn_context, "directory.unknown_organisation")
            return
        key = "directory.organisation_saved" if chosen[1] else "directory.organisation_unchanged"
        await self._replies.text(turn_context, key, organisation=chosen[0])
        continuation = self._continuations.get(command.then)
        if continuation is not None:
            await continuation(turn_context)

    # --- pools (administrators) ------------------------------------------------------------

    async def pools(self, turn_context: TurnContext) -> None:
        actor = await self._actor(turn_context)
        if actor is None or not await self._may_manage(turn_context, actor, "directory.pools"):
            return
        directory, people = await self._run(lambda store, _log: (store.snapshot(), store.people()))
        card = pools_card(
            self._replies.texts(turn_context),
            pool_views(directory, people),
            [person_choice(p, directory) for p in people],
            owner=turn_context.activity.from_property.id,
        )
        await self._replies.card(turn_context, card)

    async def on_propose_change(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._owned(turn_context, action)
        if actor is None or not await self._may_manage(turn_context, actor, "directory.pools"):
            return
        try:
            command = change_pool(action)
        except InvalidCommand:
            await self._replies.text(turn_context, "directory.change.invalid")
            return
        directory, person = await self._run(
            lambda store, _log: (store.snapshot(), store.get(command.person_id))
        )
        if person is None:
            await self._replies.text(turn_context, "directory.change.invalid")
            return
        organisation_id = command.organisation_id
        if command.change == "remove":
            organisation_id = person.person.organisation_id
        organisation = directory.organisation(organisation_id)
        if command.change != "admin" and organisation is None:
            await self._replies.text(turn_context, "directory.change.invalid")
            return
        card = confirm_change_card(
            self._replies.texts(turn_context),
            change=command.change,
            person=person_choice(person, directory),
            organisation=organisation_choice(organisation) if organisation else None,
            owner=turn_context.activity.from_property.id,
        )
        await self._replies.card(turn_context, card)

    async def on_confirm_change(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._owned(turn_context, action)
        if actor is None or not await self._may_manage(turn_context, actor, "directory.pools"):
            return
        try:
            command = change_pool(action)
        except InvalidCommand:
            await self._replies.text(turn_context, "directory.change.invalid")
            return
        result: PoolChanged = await self._run(
            lambda store, log: apply_pool_change(store, log, actor, command, self._clock.now())
        )
        await self._replies.text(turn_context, result.text_key, **result.fields)

    async def on_cancel_change(self, turn_context: TurnContext, action: CardAction) -> None:
        if await self._owned(turn_context, action) is not None:
            await self._replies.text(turn_context, "directory.change.cancelled")

    # --- absences --------------------------------------------------------------------------

    async def absence(self, turn_context: TurnContext, argument: str) -> None:
        actor = await self._actor(turn_context)
        if actor is None:
            return
        if not argument:
            await self._absence_card(turn_context, actor)
            return
        try:
            first, last = self._parse_period(argument, self._today())
        except InvalidPeriod:
            await self._replies.text(turn_context, "directory.absence.bad_dates")
            return
        await self._register(turn_context, actor, first, last, None)

    async def on_register_absence(self, turn_context: TurnContext, action: CardAction) -> None:
        actor = await self._owned(turn_context, action)
        if actor is None:
            return
        try:
            command = register_absence(action)
        except InvalidCommand:
            await self._replies.text(turn_context, "directory.absence.bad_dates")
            return
        await self._register(
            turn_context, actor, command.first, command.last, command.substitute_id
        )

    async def _absence_card(self, turn_context: TurnContext, actor: PersonRef) -> None:
        today, name = self._today(), name_of(turn_context.activity)
        texts = self._replies.texts(turn_context)

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

        lines, substitutes = await self._run(load)
        card = absence_card(
            texts, lines, substitutes, owner=turn_context.activity.from_property.id, today=today
        )
        await self._replies.card(turn_context, card)

    async def _register(
        self,
        turn_context: TurnContext,
        actor: PersonRef,
        first: date,
        last: date,
        substitute_id: int | None,
    ) -> None:
        if last < self._today():
            await self._replies.text(turn_context, "directory.absence.in_the_past")
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
                self._entry(
                    actor,
                    "directory.absence_registered",
                    str(me.id),
                    first=first.isoformat(),
                    last=last.isoformat(),
                    substitute=str(substitute_id) if substitute_id is not None else None,
                )
            )
            return True, substitute.person.label if substitute else None

        registered, substitute_name = await self._run(register)
        if not registered:
            await self._replies.text(turn_context, "directory.absence.unknown_substitute")
            return
        dates = {"first": day_text(first), "last": day_text(last)}
        if substitute_name:
            await self._replies.text(
                turn_context,
                "directory.absence.saved_with_substitute",
                substitute=substitute_name,
                **dates,
            )
        else:
            await self._replies.text(turn_context, "directory.absence.saved", **dates)
