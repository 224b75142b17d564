"""Asking: the question card, and sending a question to the pool of the asker's organisation.

sparring / spørg en koordinator / "ask a coordinator" on a screening
    ─▶ question card ─▶ thread stored + audit ─▶ request card to the pool's channel,
       each present coordinator and the asker; reminder queued for N working hours.
all coordinators and backups absent ─▶ the partner organisation's pool, and the asker is told
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cards.answered import answered_card
from cards.sparring import Choice, ask_card, screening_summary
from cards.texts import Texts
from domain.directory.model import Directory
from domain.identity import PersonRef
from domain.sparring import NewThread, route_question, target_of
from storage.sparring import AttachedScreening
from storage.unit_of_work import UnitOfWork, Units

from ..guard import audit
from ..reachability import not_reached, unreachable_names
from ..reply import Reply, post, refuse, say, show
from ..turn import Turn
from .commands import AskQuestion
from .fanout import SparringSettings, pool_place_reached, post_request, queue_reminders
from .steps import about
from .views import organisation_name, person_name


@dataclass(frozen=True)
class Prepared:
    """What the question card offers: the organisations to choose from (for someone who belongs
    to none) and the screening's summary, if it came from one that is the asker's own."""

    choices: list[Choice]
    screening_id: str | None
    summary: str | None


def _screening(
    unit: UnitOfWork, screening_id: str | None, teams_user_id: str
) -> AttachedScreening | None:
    """The screening, only if it is the asker's own: an id in card data selects nothing else."""
    if screening_id is None:
        return None
    found = unit.threads.screening(screening_id)
    return found if found is not None and found.teams_user_id == teams_user_id else None


class Asking:
    def __init__(self, units: Units, settings: SparringSettings) -> None:
        self._units = units
        self._settings = settings

    async def start(self, turn: Turn, screening_id: str | None = None) -> Reply:
        """The question card, posted (with the screening's summary when it came from one)."""
        if turn.actor is None:
            return refuse(turn.texts("directory.unknown_user"))
        prepared = await self._units.run(lambda unit: self._prepare(unit, turn, screening_id))
        if prepared is None:
            return say(turn.texts("sparring.no_organisations"))
        card = ask_card(
            turn.texts,
            owner=turn.teams_user_id,
            organisations=prepared.choices,
            screening_id=prepared.screening_id,
            screening_summary=prepared.summary,
        )
        return post(card)

    def _prepare(self, unit: UnitOfWork, turn: Turn, screening_id: str | None) -> Prepared | None:
        directory = unit.directory.snapshot(today=self._settings.today(unit))
        if not directory.organisations or turn.actor is None:
            return None
        me = directory.person(turn.actor)
        known = me is not None and directory.organisation(me.organisation_id) is not None
        organisations = sorted(directory.organisations.values(), key=lambda o: o.name)
        choices = [] if known else [Choice(o.id, o.name) for o in organisations]
        screening = _screening(unit, screening_id, turn.teams_user_id)
        if screening is None:
            return Prepared(choices, None, None)
        summary = screening_summary(turn.texts, screening.verdict, screening.level)
        return Prepared(choices, screening.id, summary)

    def ask(self, unit: UnitOfWork, turn: Turn, command: AskQuestion) -> Reply:
        texts = turn.texts
        if command.owner != turn.teams_user_id or turn.actor is None:
            return refuse(texts("sparring.not_yours"))
        if not command.question:
            return refuse(texts("sparring.question_missing"))
        asker = turn.actor
        today = self._settings.today(unit)
        directory = unit.directory.snapshot(today=today)
        target = target_of(directory, asker, command.organisation)
        if target is None:
            known = "sparring.bad_input" if directory.organisations else "sparring.no_organisations"
            return refuse(texts(known))
        route = route_question(directory, target, today)
        if route is None:
            return refuse(
                texts("sparring.no_pool", organisation=organisation_name(directory, target))
            )
        screening = _screening(unit, command.screening_id, turn.teams_user_id)
        thread = unit.threads.create(
            NewThread(
                asker,
                turn.name,
                route.pool,
                route.target,
                command.question,
                command.reference,
                command.chosen_sectors,
                command.how_soon,
                screening.id if screening else None,
                screening.verdict if screening else None,
                screening.level if screening else None,
            )
        )
        audit(
            unit,
            asker,
            "sparring.asked",
            about(thread),
            detail={
                "organisation": route.pool,
                "routing": route.routing.reason.value,
                "urgency": command.how_soon.value,
            },
        )
        post_request(unit, thread, directory, route.people, with_asker=True)
        queue_reminders(unit, self._settings, thread, directory)
        pool_name = organisation_name(directory, route.pool)
        if route.pool == route.target:
            said = texts("sparring.sent", id=thread.id, organisation=pool_name)
        else:
            target_name = organisation_name(directory, route.target)
            said = texts(
                "sparring.sent_to_partner",
                id=thread.id,
                organisation=target_name,
                partner=pool_name,
            )
        said = _truthful(unit, texts, directory, route.pool, route.people, thread.id, said)
        values = {
            "question": command.question,
            "case_reference": command.reference or "",
            "sectors": ",".join(command.chosen_sectors),
            "urgency": command.how_soon.value,
        }
        shown = ask_card(texts, owner=turn.teams_user_id)
        return show(answered_card(shown, values, said))


def _truthful(
    unit: UnitOfWork,
    texts: Texts,
    directory: Directory,
    pool: str,
    people: Sequence[PersonRef],
    thread_id: int,
    said: str,
) -> str:
    """``said`` ("sent to the coordinators") only if the pool's channel or someone in it can be
    reached; else who cannot, and that the question waits for them."""
    if pool_place_reached(unit, directory, pool):
        return said
    missing = unreachable_names(unit, [(p, person_name(directory, p, "")) for p in people])
    if not missing:
        return said
    if len(missing) < len(people):
        return f"{said} {not_reached(texts, missing)}"
    saved = texts("sparring.saved_unreached", id=thread_id)
    return f"{saved} {not_reached(texts, missing)}"
