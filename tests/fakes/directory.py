"""A fake of ``storage.directory.DirectoryStore``: organisations, people with roles, absences."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from domain.directory import Absence, Directory, Organisation, Person, Role
from domain.identity import PersonRef
from storage.directory import StoredPerson


@dataclass
class FakeDirectory:
    organisations_by_id: dict[str, Organisation] = field(default_factory=dict)
    people_by_id: dict[int, Person] = field(default_factory=dict)
    absences_by_id: dict[int, tuple[int, date, date, int | None]] = field(default_factory=dict)

    # --- arranging, for tests ----------------------------------------------------------------
    @property
    def directory(self) -> Directory:
        """The whole snapshot; setting it replaces everything with what it holds."""
        return self.snapshot()

    @directory.setter
    def directory(self, snapshot: Directory) -> None:
        self.organisations_by_id = dict(snapshot.organisations)
        self.people_by_id = dict(enumerate(snapshot.people, start=1))
        ids = {p.ref: i for i, p in self.people_by_id.items() if p.ref is not None}
        self.absences_by_id = {
            n: (
                ids[a.person],
                a.starts_on,
                a.ends_on,
                ids.get(a.substitute) if a.substitute else None,
            )
            for n, a in enumerate(snapshot.absences, start=1)
            if a.person in ids
        }

    def add_organisation(self, organisation: Organisation) -> Organisation:
        self.organisations_by_id[organisation.id] = organisation
        return organisation

    def add_person(self, person: Person) -> StoredPerson:
        person_id = len(self.people_by_id) + 1
        self.people_by_id[person_id] = person
        return StoredPerson(person_id, person)

    # --- the repository ----------------------------------------------------------------------
    def organisations(self) -> list[Organisation]:
        return sorted(self.organisations_by_id.values(), key=lambda o: o.id)

    def people(self) -> list[StoredPerson]:
        return [StoredPerson(i, p) for i, p in sorted(self.people_by_id.items())]

    def snapshot(self, *, today: date | None = None) -> Directory:
        refs = {i: p.ref for i, p in self.people_by_id.items()}
        absences = [
            Absence(ref, first, last, refs.get(substitute) if substitute else None)
            for person_id, first, last, substitute in self.absences_by_id.values()
            if (ref := refs.get(person_id)) is not None and (today is None or last >= today)
        ]
        return Directory.of(self.organisations(), list(self.people_by_id.values()), absences)

    def find(self, ref: PersonRef) -> StoredPerson | None:
        return next((p for p in self.people() if p.person.ref == ref), None)

    def get(self, person_id: int) -> StoredPerson | None:
        person = self.people_by_id.get(person_id)
        return StoredPerson(person_id, person) if person is not None else None

    def seen(self, ref: PersonRef, name: str) -> StoredPerson:
        found = self.find(ref)
        if found is None:
            return self.add_person(Person(ref, None, name[:200]))
        if name and not found.person.name:
            self.people_by_id[found.id] = replace(found.person, name=name[:200])
        stored = self.get(found.id)
        assert stored is not None
        return stored

    def set_organisation(self, person_id: int, organisation_id: str) -> bool:
        person = self.people_by_id.get(person_id)
        if person is None or person.organisation_id == organisation_id:
            return False
        roles = person.roles
        if person.organisation_id is not None:
            roles = roles - {Role.COORDINATOR, Role.BACKUP}
        self.people_by_id[person_id] = replace(person, organisation_id=organisation_id, roles=roles)
        return True

    def set_role(self, person_id: int, role: Role, *, granted: bool) -> bool:
        person = self.people_by_id[person_id]
        if (role in person.roles) == granted:
            return False
        roles = set(person.roles)
        if granted:
            if role in (Role.COORDINATOR, Role.BACKUP):
                roles -= {Role.COORDINATOR, Role.BACKUP}
            roles.add(role)
        else:
            roles.discard(role)
        self.people_by_id[person_id] = replace(person, roles=frozenset(roles))
        return True

    def add_absence(
        self, person_id: int, starts_on: date, ends_on: date, substitute_id: int | None
    ) -> int:
        for absence_id, (who, first, last, _) in self.absences_by_id.items():
            if (who, first, last) == (person_id, starts_on, ends_on):
                self.absences_by_id[absence_id] = (who, first, last, substitute_id)
                return absence_id
        absence_id = max(self.absences_by_id, default=0) + 1  # ids are never reused
        self.absences_by_id[absence_id] = (person_id, starts_on, ends_on, substitute_id)
        return absence_id

    def absences_of(self, person_id: int, *, ending_from: date) -> list[tuple[int, Absence]]:
        refs = {i: p.ref for i, p in self.people_by_id.items()}
        found = []
        for absence_id, (who, first, last, substitute) in sorted(
            self.absences_by_id.items(), key=lambda a: a[1][1]
        ):
            ref = refs.get(who)
            if who != person_id or last < ending_from or ref is None:
                continue
            found.append(
                (
                    absence_id,
                    Absence(ref, first, last, refs.get(substitute) if substitute else None),
                )
            )
        return found

    def remove_absence(self, person_id: int, absence_id: int) -> tuple[date, date] | None:
        found = self.absences_by_id.get(absence_id)
        if found is None or found[0] != person_id:
            return None
        del self.absences_by_id[absence_id]
        return found[1], found[2]
