"""A thread as its cards show it: names from the directory, and the Teams ids whose own view
Teams fetches by itself."""

from __future__ import annotations

from cards.sparring import ThreadView
from domain.directory import Directory
from domain.identity import PersonRef
from domain.sparring import Thread, pool_members
from storage.unit_of_work import UnitOfWork


def organisation_name(directory: Directory, organisation_id: str) -> str:
    organisation = directory.organisation(organisation_id)
    return organisation.name if organisation is not None else organisation_id


def person_name(directory: Directory, person: PersonRef | None, fallback: str = "") -> str:
    found = directory.person(person) if person is not None else None
    return (found.name if found is not None and found.name else "") or fallback or "?"


def asker_name(directory: Directory, thread: Thread) -> str:
    return person_name(directory, thread.asker, thread.asker_name)


def thread_view(thread: Thread, directory: Directory) -> ThreadView:
    return ThreadView(
        id=thread.id,
        status=thread.status,
        question=thread.question,
        asker_name=asker_name(directory, thread),
        organisation_name=organisation_name(directory, thread.organisation_id),
        case_reference=thread.case_reference,
        sectors=thread.sectors,
        urgency=thread.urgency.value,
        claimer_name=thread.claimer_name,
        proposal=thread.proposal.value if thread.proposal else None,
        screening_verdict=thread.screening_verdict,
        screening_level=thread.screening_level,
    )


def viewer_ids(unit: UnitOfWork, thread: Thread, directory: Directory) -> list[str]:
    """The Teams ids whose own view Teams fetches by itself: asker, claimer, the pool."""
    people = [thread.asker, *([thread.claimer] if thread.claimer else [])]
    people += pool_members(directory, thread.organisation_id)
    ids = []
    for person in dict.fromkeys(people):
        chat = unit.reach.personal_chat(person)
        entry = chat.teams_user_id if chat else None
        if entry is None and (roster := unit.reach.roster_entry(person)) is not None:
            entry = roster.teams_user_id
        if entry:
            ids.append(entry)
    return ids
