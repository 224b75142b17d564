"""Typeahead search over people, answered to Teams' ``application/search`` invoke.

Two datasets, each with who may search it:

- ``ki.people`` (the meeting form's participant pickers): staff of the KI's organisations (in
  the directory, or in the tenant of one of its organisations) find the directory's people of
  those organisations and the roster of the team or group chat they search from; the value is
  the form's own "tenant|object id".
- ``ki.directory`` (the pool administrator's person picker): administrators find everyone in
  the directory; the value is the directory's id of the person.

Anyone else is refused in plain words. A search reads no case data and changes nothing, so it
is not audited; it never echoes what was typed, and every title passes the CPR redaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from cards.pickers import DIRECTORY_PEOPLE, MEETING_PEOPLE
from cards.texts import Texts
from domain.directory import Action, Directory, DirectorySubject, authorise
from domain.identity import PersonRef
from domain.loggable import loggable
from domain.people_search import Searchable, search
from domain.privacy import redact_cpr
from storage.directory import StoredPerson
from storage.unit_of_work import UnitOfWork, Units

from ..directory.views import person_choice
from ..router import MalformedCommand, parse
from ..turn import Turn
from .commands import Result, Results, SearchAnswer, SearchQuery, SearchRefused

log = logging.getLogger(__name__)

Dataset = Callable[[UnitOfWork, Turn, PersonRef, SearchQuery], SearchAnswer]


def person_value(ref: PersonRef) -> str:
    """A person as the meeting form's pickers send them back."""
    return f"{ref.tenant_id}|{ref.aad_object_id}"


def _answer(found: Iterable[Searchable]) -> Results:
    return Results(tuple(Result(redact_cpr(p.title).text, p.value) for p in found))


def _roster_key(turn: Turn) -> str | None:
    """The installation whose roster the searcher sees here: the team of a channel, the group
    chat itself; a personal chat has none."""
    where = turn.where
    if where.kind == "channel":
        return where.team_id
    if where.kind == "groupChat":
        return where.conversation_id
    return None


def _directory(unit: UnitOfWork) -> tuple[Directory, list[StoredPerson]]:
    """The directory's organisations and people, without absences (a search does not route)."""
    stored = unit.directory.people()
    people = [p.person for p in stored]
    return Directory.of(unit.directory.organisations(), people, []), stored


def meeting_people(
    unit: UnitOfWork, turn: Turn, actor: PersonRef, query: SearchQuery
) -> SearchAnswer:
    directory, _ = _directory(unit)
    ki_tenants = {o.tenant_id for o in directory.organisations.values()}
    if directory.person(actor) is None and actor.tenant_id not in ki_tenants:
        return SearchRefused("Forbidden", turn.texts("search.not_staff"))
    tenants = ki_tenants | {actor.tenant_id}
    people: dict[PersonRef, Searchable] = {}
    for person in directory.people:
        ref = person.ref
        if ref is None or ref.tenant_id not in tenants:
            continue
        organisation = directory.organisation(person.organisation_id)
        title = f"{person.label} – {organisation.name}" if organisation else person.label
        people[ref] = Searchable(title, person_value(ref), person.label, (person.upn or "",))
    roster = _roster_key(turn)
    for member in unit.meeting_people.in_conversation(roster) if roster else []:
        if member.person.tenant_id in tenants:
            people.setdefault(
                member.person,
                Searchable(
                    member.name, person_value(member.person), member.name, (member.upn or "",)
                ),
            )
    people.pop(actor, None)
    return _answer(search(people.values(), query.query, skip=query.skip, top=query.page_size))


def directory_people(
    unit: UnitOfWork, turn: Turn, actor: PersonRef, query: SearchQuery
) -> SearchAnswer:
    directory, stored_people = _directory(unit)
    if not authorise(actor, Action.MANAGE_DIRECTORY, DirectorySubject(), directory).allowed:
        return SearchRefused("Forbidden", turn.texts("search.not_admin"))
    people = [
        Searchable(
            person_choice(stored, directory).label,
            str(stored.id),
            stored.person.label,
            (stored.person.upn or "",),
        )
        for stored in stored_people
    ]
    return _answer(search(people, query.query, skip=query.skip, top=query.page_size))


DATASETS: dict[str, Dataset] = {MEETING_PEOPLE: meeting_people, DIRECTORY_PEOPLE: directory_people}


def _in_readers_language(unit: UnitOfWork, turn: Turn, actor: PersonRef) -> Turn:
    """A search takes no turn claim (which reads the language), so it reads it here: the
    reader's choice, else their organisation's, else their client's (``domain.language``)."""
    language = unit.preferences.language_for(actor, default=turn.language)
    return turn if language == turn.language else replace(turn, texts=Texts(language))


class PeopleSearch:
    def __init__(self, units: Units) -> None:
        self._units = units

    async def search(self, turn: Turn, value: object) -> SearchAnswer:
        """The answer to one ``application/search`` invoke whose value is ``value``."""
        texts = turn.texts
        try:
            query = parse(SearchQuery, value if isinstance(value, Mapping) else {"dataset": None})
        except MalformedCommand as error:
            log.info("refused a search: malformed %s", loggable(",".join(error.fields)))
            return SearchRefused("BadRequest", texts("search.malformed"))
        dataset = DATASETS.get(query.dataset)
        if dataset is None:
            log.info("refused a search of unknown dataset %s", loggable(query.dataset))
            return SearchRefused("NotFound", texts("search.malformed"))
        actor = turn.actor
        if actor is None:
            return SearchRefused("Forbidden", texts("search.unknown_user"))
        answer: SearchAnswer = await self._units.run(
            lambda unit: dataset(unit, _in_readers_language(unit, turn, actor), actor, query)
        )
        if isinstance(answer, SearchRefused):
            log.info("refused a search of %s: %s", query.dataset, answer.code)
        return answer
