"""Asking: the question card, and sending a question to the pool of the asker's organisation.

sparring / spørg en koordinator / "ask a coordinator" on a screening
    ─▶ question card ─▶ thread stored + audit ─▶ request card to the pool's channel,
       each present coordinator and the asker; reminder queued for N working hours.
all coordinators and backups absent ─▶ the partner organisation's pool, and the asker is told
"""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext

from cards.answered import answered_card
from cards.sparring import Choice, ask_card, screening_summary
from domain.directory import Directory, RoutingReason, pool_routing
from domain.identity import PersonRef
from storage.models import ScreeningRecord
from storage.sparring import NewThread
from storage.unit_of_work import UnitOfWork

from ..actions import CardAction
from ..directory import actor_of
from ..outcomes import Outcome, ShowCard, ShowMessage
from .commands import AskQuestion, InvalidCommand, ask_question
from .context import Said, SparringContext, organisation_name
from .fanout import post_request, queue_reminders, substitutes


@dataclass(frozen=True)
class Asked:
    thread_id: int
    said: Said


def _screening(
    unit: UnitOfWork, screening_id: str | None, teams_user_id: str
) -> ScreeningRecord | None:
    if screening_id is None:
        return None
    record = unit.session.get(ScreeningRecord, screening_id)
    return record if record is not None and record.teams_user_id == teams_user_id else None


def _target(directory: Directory, asker: PersonRef, command: AskQuestion) -> str | None:
    me = directory.person(asker)
    own = me.organisation_id if me is not None else None
    if own is not None and directory.organisation(own) is not None:
        return own
    chosen = command.organisation_id
    return chosen if chosen is not None and directory.organisation(chosen) is not None else None


class Asking:
    def __init__(self, context: SparringContext) -> None:
        self._ctx = context

    async def start(self, turn_context: TurnContext, screening_id: str | None = None) -> None:
        """Send the question card (with the screening's summary when it came from one)."""
        actor = actor_of(turn_context.activity)
        if actor is None:
            await self._ctx.replies.text(turn_context, "directory.unknown_user")
            return
        texts = self._ctx.replies.texts(turn_context)
        owner = turn_context.activity.from_property.id

        def prepare(unit: UnitOfWork) -> tuple[list[Choice], str | None] | None:
            directory = self._ctx.directory(unit)
            if not directory.organisations:
                return None
            me = directory.person(actor)
            known = me is not None and directory.organisation(me.organisation_id) is not None
            choices = (
                []
                if known
                else [
                    Choice(o.id, o.name)
                    for o in sorted(directory.organisations.values(), key=lambda o: o.name)
                ]
            )
            screening = _screening(unit, screening_id, owner)
            summary = (
                screening_summary(texts, screening.verdict, screening.level)
                if screening is not None
                else None
            )
            return choices, summary

        prepared = await self._ctx.units.run(prepare)
        if prepared is None:
            await self._ctx.replies.text(turn_context, "sparring.no_organisations")
            return
        choices, summary = prepared
        card = ask_card(
            texts,
            owner=owner,
            organisations=choices,
            screening_id=screening_id if summary else None,
            screening_summary=summary,
        )
        await self._ctx.replies.card(turn_context, card)

    async def on_ask(self, turn_context: TurnContext, action: CardAction) -> Outcome | None:
        texts = self._ctx.replies.texts(turn_context)
        actor = actor_of(turn_context.activity)
        if action.get("owner") != action.actor_id or actor is None:
            return ShowMessage(texts("sparring.not_yours"))
        try:
            command = ask_question(action)
        except InvalidCommand:
            return ShowMessage(texts("sparring.bad_input"))
        if not command.question:
            return ShowMessage(texts("sparring.question_missing"))
        name = str(turn_context.activity.from_property.name or "")
        result = await self._ctx.units.run(
            lambda unit: self._ask(unit, actor, name, action.actor_id, command)
        )
        if isinstance(result, Said):
            return ShowMessage(texts(result.key, **result.fields))
        values = {
            "question": command.question,
            "case_reference": command.case_reference or "",
            "sectors": ",".join(command.sectors),
            "urgency": command.urgency.value,
        }
        shown = ask_card(texts, owner=action.actor_id)
        return ShowCard(answered_card(shown, values, texts(result.said.key, **result.said.fields)))

    def _ask(
        self,
        unit: UnitOfWork,
        asker: PersonRef,
        name: str,
        teams_user_id: str,
        command: AskQuestion,
    ) -> Asked | Said:
        directory = self._ctx.directory(unit)
        target = _target(directory, asker, command)
        if target is None:
            return Said(
                "sparring.no_organisations" if not directory.organisations else "sparring.bad_input"
            )
        today = self._ctx.today(unit)
        routing = pool_routing(target, today, directory)
        if routing is None:
            return Said("sparring.no_pool", {"organisation": organisation_name(directory, target)})
        pool = target
        if routing.reason is RoutingReason.PARTNER_POOL:
            pool = next(
                p
                for p in directory.organisations[target].partner_ids
                if set(directory.coordinators(p) + directory.backups(p)) & set(routing.deliver_to)
            )
        screening = _screening(unit, command.screening_id, teams_user_id)
        threads = self._ctx.threads(unit)
        thread = threads.create(
            NewThread(
                asker,
                name,
                pool,
                target,
                command.question,
                command.case_reference,
                command.sectors,
                command.urgency,
                screening.id if screening else None,
                screening.verdict if screening else None,
                screening.level if screening else None,
            )
        )
        self._ctx.audit(
            unit,
            asker,
            "sparring.asked",
            thread.id,
            organisation=pool,
            routing=routing.reason.value,
            urgency=command.urgency.value,
        )
        people = [*routing.deliver_to, *substitutes(directory, pool, today)]
        post_request(unit, thread, directory, people, with_asker=True)
        queue_reminders(self._ctx, unit, thread, directory)
        if pool != target:
            fields = {
                "id": thread.id,
                "organisation": organisation_name(directory, target),
                "partner": organisation_name(directory, pool),
            }
            return Asked(thread.id, Said("sparring.sent_to_partner", fields))
        fields = {"id": thread.id, "organisation": organisation_name(directory, pool)}
        return Asked(thread.id, Said("sparring.sent", fields))
