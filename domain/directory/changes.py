"""What loading a directory file will change, listed before anything is changed.

The file governs organisations (all of them) and roles (everyone's). People missing from the file
are kept, because staff choose their own organisation in chat, but they lose any role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .file_format import DirectoryFile
from .model import Organisation, Person


class ChangeKind(StrEnum):
    ADD = "+"
    CHANGE = "~"
    REMOVE = "-"


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # "organisation <id>" or "person <upn or object id>"
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value} {self.subject}" + (f": {self.detail}" if self.detail else "")


def person_label(person: Person) -> str:
    return person.upn or (person.ref.aad_object_id if person.ref else "?")


def match_person(person: Person, among: Iterable[Person]) -> Person | None:
    """The stored person the file's entry is about: same Entra object id, else same UPN."""
    candidates = list(among)
    if person.ref is not None:
        found = next((p for p in candidates if p.ref == person.ref), None)
        if found is not None:
            return found
    if person.upn:
        return next((p for p in candidates if p.upn == person.upn), None)
    return None


def _organisation_fields(organisation: Organisation) -> dict[str, object]:
    return {
        "kind": organisation.kind.value,
        "name": organisation.name,
        "tenant": organisation.tenant_id,
        "partners": list(organisation.partner_ids),
        "pool": organisation.pool_reference,
        "language": organisation.language,
    }


def _person_fields(person: Person) -> dict[str, object]:
    return {
        "name": person.name,
        "upn": person.upn,
        "aad_object_id": person.ref.aad_object_id if person.ref else None,
        "tenant": person.tenant_id,
        "organisation": person.organisation_id,
        "roles": sorted(r.value for r in person.roles),
    }


def _differences(old: dict[str, object], new: dict[str, object]) -> str:
    return ", ".join(
        f"{key} {old[key]!r} → {new[key]!r}" for key in new if old.get(key) != new[key]
    )


def _merged(stored: Person, wanted: Person) -> Person:
    """The stored person after loading: the file wins, but a known object id is never lost."""
    return Person(
        wanted.ref or stored.ref,
        wanted.upn or stored.upn,
        wanted.name or stored.name,
        wanted.organisation_id,
        wanted.roles,
        wanted.tenant_id or stored.tenant_id,
    )


def plan_changes(current: DirectoryFile, wanted: DirectoryFile) -> list[Change]:
    changes: list[Change] = []
    now = {o.id: o for o in current.organisations}
    for organisation in wanted.organisations:
        before = now.pop(organisation.id, None)
        if before is None:
            changes.append(Change(ChangeKind.ADD, f"organisation {organisation.id}"))
        elif before != organisation:
            detail = _differences(_organisation_fields(before), _organisation_fields(organisation))
            changes.append(Change(ChangeKind.CHANGE, f"organisation {organisation.id}", detail))
    changes += [Change(ChangeKind.REMOVE, f"organisation {slug}") for slug in sorted(now)]
    unmatched = list(current.people)
    for person in wanted.people:
        stored = match_person(person, unmatched)
        if stored is None:
            changes.append(Change(ChangeKind.ADD, f"person {person_label(person)}"))
            continue
        unmatched.remove(stored)
        after = _merged(stored, person)
        if after != stored:
            detail = _differences(_person_fields(stored), _person_fields(after))
            changes.append(Change(ChangeKind.CHANGE, f"person {person_label(person)}", detail))
    for stored in unmatched:
        if stored.roles:
            changes.append(
                Change(ChangeKind.CHANGE, f"person {person_label(stored)}", "roles removed")
            )
        elif stored.organisation_id and stored.organisation_id in now:
            changes.append(
                Change(ChangeKind.CHANGE, f"person {person_label(stored)}", "organisation removed")
            )
    return changes


def merged_person(stored: Person | None, wanted: Person) -> Person:
    return wanted if stored is None else _merged(stored, wanted)
