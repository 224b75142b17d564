"""Card views built from the stored directory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cards.directory import OrganisationChoice, PersonChoice, PoolView
from domain.directory import Directory, Organisation
from domain.identity import PersonRef
from storage.directory import StoredPerson


def organisation_choice(organisation: Organisation) -> OrganisationChoice:
    return OrganisationChoice(organisation.id, organisation.name, organisation.kind.value)


def person_choice(stored: StoredPerson, directory: Directory) -> PersonChoice:
    person = stored.person
    organisation = directory.organisation(person.organisation_id)
    label = person.name or person.upn or "?"
    if organisation is not None:
        label = f"{label} – {organisation.name}"
    elif person.upn and person.name:
        label = f"{label} ({person.upn})"
    return PersonChoice(str(stored.id), label, person.name or person.upn or "?")


def relevant_people(
    people: Sequence[StoredPerson], directory: Directory, reader: PersonRef
) -> list[PersonChoice]:
    """Everyone in the directory for an administrator's picker, most relevant first: the
    reader's own organisation, then the pools' members, then the rest, by name."""
    mine = directory.person(reader)
    organisation = mine.organisation_id if mine is not None else None

    def order(stored: StoredPerson) -> tuple[int, int, str]:
        person = stored.person
        return (
            0 if organisation is not None and person.organisation_id == organisation else 1,
            0 if person.roles else 1,
            person.label.casefold(),
        )

    return [person_choice(p, directory) for p in sorted(people, key=order)]


def pool_views(
    directory: Directory,
    people: Sequence[StoredPerson],
    places: Mapping[str, str] | None = None,
) -> list[PoolView]:
    """Every organisation's pool; ``places`` names the pools' channels (by pool reference)."""
    named = places or {}

    def names(organisation_id: str, role: str) -> list[str]:
        return sorted(
            p.person.label
            for p in people
            if p.person.organisation_id == organisation_id
            and role in {r.value for r in p.person.roles}
        )

    return [
        PoolView(
            organisation_choice(organisation),
            names(organisation.id, "coordinator"),
            names(organisation.id, "backup"),
            [
                directory.organisations[partner].name
                for partner in organisation.partner_ids
                if partner in directory.organisations
            ],
            organisation.pool_reference is not None,
            named.get(organisation.pool_reference or ""),
        )
        for organisation in sorted(directory.organisations.values(), key=lambda o: o.name)
    ]
