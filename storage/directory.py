"""The directory repository: read a snapshot, apply a directory file, and the small changes the
chat makes (one's organisation, roles, absences). Built on the caller's Session; never commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlmodel import Session, col

from domain.directory import (
    Absence,
    Directory,
    DirectoryFile,
    Organisation,
    OrgKind,
    Person,
    Role,
    match_person,
    merged_person,
)
from domain.identity import PersonRef

from .directory_cache import DirectorySnapshots, People, Versions, read_versions
from .directory_tables import (
    AbsenceRecord,
    OrganisationRecord,
    PartnerRecord,
    PersonRecord,
    RoleRecord,
)


@dataclass(frozen=True)
class StoredPerson:
    id: int
    person: Person


class DirectoryRepository(Protocol):
    """Who is who, as a unit of work reads and changes it from chat."""

    def organisations(self) -> list[Organisation]: ...

    def people(self) -> list[StoredPerson]: ...

    def snapshot(self, *, today: date | None = None) -> Directory: ...

    def find(self, ref: PersonRef) -> StoredPerson | None: ...

    def get(self, person_id: int) -> StoredPerson | None: ...

    def seen(self, ref: PersonRef, name: str) -> StoredPerson: ...

    def set_organisation(self, person_id: int, organisation_id: str) -> bool: ...

    def set_role(self, person_id: int, role: Role, *, granted: bool) -> bool: ...

    def add_absence(
        self, person_id: int, starts_on: date, ends_on: date, substitute_id: int | None
    ) -> int: ...

    def absences_of(self, person_id: int, *, ending_from: date) -> list[tuple[int, Absence]]: ...

    def remove_absence(self, person_id: int, absence_id: int) -> tuple[date, date] | None: ...


class DirectoryStore:
    """``snapshots``: the directory kept by this process between units of work (see
    ``storage.directory_cache``); without it every read goes to the tables."""

    def __init__(
        self, session: Session, now: datetime, snapshots: DirectorySnapshots | None = None
    ) -> None:
        self._session = session
        self._now = now
        self._snapshots = snapshots

    # --- reading ---------------------------------------------------------------------------

    def organisations(self) -> list[Organisation]:
        return list(self._people_at(self._versions()).organisations)

    def people(self) -> list[StoredPerson]:
        return list(self._people_at(self._versions()).people)

    def snapshot(self, *, today: date | None = None) -> Directory:
        """Who is who, with the absences that end on ``today`` or later (all without it)."""
        versions = self._versions()
        kept = self._snapshots.directory(versions, today) if self._snapshots else None
        if kept is not None:
            return kept
        part = self._people_at(versions)
        directory = part.directory.with_absences(self._absences(today, part.refs))
        if self._snapshots is not None and self._versions() == versions:
            self._snapshots.keep_directory(versions, today, directory)
        return directory

    def _versions(self) -> Versions:
        return read_versions(self._session) if self._snapshots is not None else (None, None)

    def _people_at(self, versions: Versions) -> People:
        kept = self._snapshots.people(versions) if self._snapshots else None
        if kept is not None:
            return kept
        part = People.of(self._load_organisations(), self._load_people())
        if self._snapshots is not None and self._versions()[0] == versions[0]:
            self._snapshots.keep_people(versions, part)
        return part

    def _load_organisations(self) -> list[Organisation]:
        partners: dict[str, list[str]] = {}
        for link in self._session.scalars(select(PartnerRecord)):
            partners.setdefault(link.organisation_id, []).append(link.partner_id)
        return [
            Organisation(
                r.id,
                OrgKind(r.kind),
                r.name,
                r.tenant_id,
                tuple(sorted(partners.get(r.id, []))),
                r.pool_reference,
                r.language,
            )
            for r in self._session.scalars(
                select(OrganisationRecord).order_by(col(OrganisationRecord.id))
            )
        ]

    def _load_people(self) -> list[StoredPerson]:
        roles: dict[int, set[Role]] = {}
        for person_id, role in self._session.execute(
            select(col(RoleRecord.person_id), col(RoleRecord.role))
        ):
            roles.setdefault(person_id, set()).add(Role(role))
        # Plain rows, not ORM objects: a snapshot of thousands of people is read on busy paths.
        rows = self._session.execute(
            select(
                col(PersonRecord.id),
                col(PersonRecord.tenant_id),
                col(PersonRecord.aad_object_id),
                col(PersonRecord.upn),
                col(PersonRecord.name),
                col(PersonRecord.organisation_id),
            ).order_by(col(PersonRecord.id))
        )
        return [
            _person_of(
                person_id,
                tenant,
                object_id,
                upn,
                name,
                organisation,
                frozenset(roles.get(person_id, ())),
            )
            for person_id, tenant, object_id, upn, name, organisation in rows
        ]

    def _absences(
        self, ending_from: date | None, refs: Mapping[int, PersonRef | None]
    ) -> list[Absence]:
        query = select(
            col(AbsenceRecord.person_id),
            col(AbsenceRecord.starts_on),
            col(AbsenceRecord.ends_on),
            col(AbsenceRecord.substitute_id),
        ).order_by(col(AbsenceRecord.starts_on))
        if ending_from is not None:
            query = query.where(col(AbsenceRecord.ends_on) >= ending_from)
        found = []
        for person_id, starts_on, ends_on, substitute_id in self._session.execute(query):
            person = refs.get(person_id)
            if person is None:
                continue  # not seen yet: nothing can be routed to them anyway
            substitute = refs.get(substitute_id) if substitute_id else None
            found.append(Absence(person, starts_on, ends_on, substitute))
        return found

    def export(self) -> DirectoryFile:
        return DirectoryFile(tuple(self.organisations()), tuple(p.person for p in self.people()))

    def find(self, ref: PersonRef) -> StoredPerson | None:
        record = self._by_ref(ref)
        return self._with_roles(record) if record is not None else None

    def get(self, person_id: int) -> StoredPerson | None:
        record = self._session.get(PersonRecord, person_id)
        return self._with_roles(record) if record is not None else None

    def _with_roles(self, record: PersonRecord) -> StoredPerson:
        roles = self._session.scalars(
            select(RoleRecord).where(col(RoleRecord.person_id) == record.id)
        )
        return _stored(record, [Role(r.role) for r in roles])

    # --- the directory file ----------------------------------------------------------------

    def apply_file(self, wanted: DirectoryFile) -> None:
        """Make the stored directory what the file says (see domain.directory.changes)."""
        wanted_ids = {o.id for o in wanted.organisations}
        self._session.execute(delete(PartnerRecord))
        for organisation in wanted.organisations:
            self._save_organisation(organisation)
        self._session.flush()
        for organisation in wanted.organisations:
            for partner in organisation.partner_ids:
                self._session.add(
                    PartnerRecord(organisation_id=organisation.id, partner_id=partner)
                )
        stored = self.people()
        kept: set[int] = set()
        for person in wanted.people:
            match = match_person(person, [s.person for s in stored])
            existing = next((s for s in stored if s.person is match), None)
            if existing is not None and person.upn and existing.person.upn != person.upn:
                stored = self._absorb_upn_entry(existing.id, person.upn, stored)
            person_id = self._save_person(
                existing.id if existing else None, merged_person(match, person)
            )
            kept.add(person_id)
        for other in stored:
            if other.id not in kept:
                organisation_id = other.person.organisation_id
                self._save_person(
                    other.id, _without_roles(other.person, organisation_id in wanted_ids)
                )
        self._session.flush()
        self._session.execute(
            delete(OrganisationRecord).where(col(OrganisationRecord.id).not_in(wanted_ids))
        )

    # --- changes made in chat --------------------------------------------------------------

    def seen(self, ref: PersonRef, name: str) -> StoredPerson:
        """The person record for someone writing to the bot, created on first contact."""
        record = self._by_ref(ref)
        if record is None:
            record = PersonRecord(
                tenant_id=ref.tenant_id,
                aad_object_id=ref.aad_object_id,
                name=name[:200],
                updated_at=self._now,
            )
            self._session.add(record)
            self._session.flush()
        elif name and not record.name:
            record.name = name[:200]
            self._session.add(record)
        found = self.get(record.id or 0)
        assert found is not None  # noqa: S101 - just written in this transaction
        return found

    def link_first_seen(self, ref: PersonRef, upn: str, name: str = "") -> bool:
        """Attach an Entra object id to the person the directory file knew only by UPN.

        The Teams activity carries the object id, the member lookup gives the UPN: call this
        with both when someone writes to the bot. If they already have a record of their own
        (they chose an organisation before the lookup), the UPN entry is merged into it.
        True if a UPN entry was linked or merged.
        """
        upn_record = self._session.scalars(
            select(PersonRecord).where(
                col(PersonRecord.upn) == upn.lower(),
                col(PersonRecord.aad_object_id).is_(None),
                or_(
                    col(PersonRecord.tenant_id).is_(None),
                    col(PersonRecord.tenant_id) == ref.tenant_id,
                ),
            )
        ).first()
        if upn_record is None:
            return False
        own = self._by_ref(ref)
        if own is None:
            upn_record.tenant_id, upn_record.aad_object_id = ref.tenant_id, ref.aad_object_id
            upn_record.name = upn_record.name or name[:200]
            upn_record.updated_at = self._now
            self._session.add(upn_record)
            return True
        self._merge(upn_record, into=own)
        return True

    def link_listed_by_upn(self, people: Iterable[tuple[PersonRef, str | None, str]]) -> int:
        """``link_first_seen`` for everyone seen (in a roster or a turn: object id, UPN, name)
        whom the file lists by UPN only; one query finds them. Returns how many were linked."""
        by_upn = {upn.lower(): (ref, name) for ref, upn, name in people if upn}
        if not by_upn:
            return 0
        listed = self._session.scalars(
            select(col(PersonRecord.upn)).where(
                col(PersonRecord.upn).in_(sorted(by_upn)),
                col(PersonRecord.aad_object_id).is_(None),
            )
        ).all()
        return sum(
            self.link_first_seen(by_upn[upn][0], upn, by_upn[upn][1]) for upn in listed if upn
        )

    def _absorb_upn_entry(
        self, person_id: int, upn: str, stored: list[StoredPerson]
    ) -> list[StoredPerson]:
        """The file now names a chat-created person's UPN, which another entry holds: merge."""
        clash = next((s for s in stored if s.id != person_id and s.person.upn == upn), None)
        if clash is None:
            return stored
        old, into = (
            self._session.get(PersonRecord, clash.id),
            self._session.get(PersonRecord, person_id),
        )
        assert old is not None and into is not None  # noqa: S101 - listed in this transaction
        self._merge(old, into=into)
        return [s for s in stored if s.id != clash.id]

    def _merge(self, old: PersonRecord, *, into: PersonRecord) -> None:
        """The file's entry wins for name, organisation and roles; absences move along."""
        assert old.id is not None and into.id is not None  # noqa: S101 - loaded rows
        roles = {
            r.role
            for r in self._session.scalars(
                select(RoleRecord).where(col(RoleRecord.person_id) == old.id)
            )
        }
        self._session.execute(delete(RoleRecord).where(col(RoleRecord.person_id) == old.id))
        for role in roles:
            self._session.merge(RoleRecord(person_id=into.id, role=role))
        for column in (AbsenceRecord.person_id, AbsenceRecord.substitute_id):
            self._session.execute(
                update(AbsenceRecord).where(col(column) == old.id).values({column: into.id})
            )
        upn = old.upn
        into.name = old.name or into.name
        into.organisation_id = old.organisation_id or into.organisation_id
        into.updated_at = self._now
        self._session.delete(old)
        self._session.flush()
        into.upn = upn
        self._session.add(into)

    def set_organisation(self, person_id: int, organisation_id: str) -> bool:
        """Move someone to an organisation; a coordinator or backup leaves the old pool."""
        record = self._session.get(PersonRecord, person_id)
        if record is None or record.organisation_id == organisation_id:
            return False
        if record.organisation_id is not None:
            self._session.execute(
                delete(RoleRecord).where(
                    col(RoleRecord.person_id) == person_id,
                    col(RoleRecord.role).in_([Role.COORDINATOR.value, Role.BACKUP.value]),
                )
            )
        record.organisation_id, record.updated_at = organisation_id, self._now
        self._session.add(record)
        return True

    def set_role(self, person_id: int, role: Role, *, granted: bool) -> bool:
        """Grant or take away one role; False if nothing changed. Coordinator and backup exclude
        each other."""
        current = {
            r.role
            for r in self._session.scalars(
                select(RoleRecord).where(col(RoleRecord.person_id) == person_id)
            )
        }
        if (role.value in current) == granted:
            return False
        if granted:
            if role in (Role.COORDINATOR, Role.BACKUP):
                self._session.execute(
                    delete(RoleRecord).where(
                        col(RoleRecord.person_id) == person_id,
                        col(RoleRecord.role).in_([Role.COORDINATOR.value, Role.BACKUP.value]),
                    )
                )
            self._session.add(RoleRecord(person_id=person_id, role=role.value))
        else:
            self._session.execute(
                delete(RoleRecord).where(
                    col(RoleRecord.person_id) == person_id, col(RoleRecord.role) == role.value
                )
            )
        return True

    def add_absence(
        self, person_id: int, starts_on: date, ends_on: date, substitute_id: int | None
    ) -> int:
        """Register an absence; the same absence registered again is not stored twice."""
        same = self._session.scalars(
            select(AbsenceRecord).where(
                col(AbsenceRecord.person_id) == person_id,
                col(AbsenceRecord.starts_on) == starts_on,
                col(AbsenceRecord.ends_on) == ends_on,
            )
        ).first()
        if same is not None and same.id is not None:
            same.substitute_id = substitute_id
            self._session.add(same)
            return same.id
        record = AbsenceRecord(
            person_id=person_id,
            starts_on=starts_on,
            ends_on=ends_on,
            substitute_id=substitute_id,
            created_at=self._now,
        )
        self._session.add(record)
        self._session.flush()
        assert record.id is not None  # noqa: S101 - flushed
        return record.id

    def absences_of(self, person_id: int, *, ending_from: date) -> list[tuple[int, Absence]]:
        """``person_id``'s absences that end on ``ending_from`` or later, each with its id."""
        refs = {p.id: p.person for p in self.people()}
        query = (
            select(AbsenceRecord)
            .where(
                col(AbsenceRecord.person_id) == person_id,
                col(AbsenceRecord.ends_on) >= ending_from,
            )
            .order_by(col(AbsenceRecord.starts_on))
        )
        found = []
        for record in self._session.scalars(query):
            person = refs[record.person_id]
            substitute = refs.get(record.substitute_id) if record.substitute_id else None
            if person.ref is None or record.id is None:
                continue
            found.append(
                (
                    record.id,
                    Absence(
                        person.ref,
                        record.starts_on,
                        record.ends_on,
                        substitute.ref if substitute else None,
                    ),
                )
            )
        return found

    def remove_absence(self, person_id: int, absence_id: int) -> tuple[date, date] | None:
        """Remove absence ``absence_id`` if it is ``person_id``'s own; its first and last day,
        or None if they have no such absence (someone else's, or removed meanwhile: of two
        removals at the same moment, one removes it)."""
        own = (
            col(AbsenceRecord.id) == absence_id,
            col(AbsenceRecord.person_id) == person_id,
        )
        record = self._session.scalars(select(AbsenceRecord).where(*own)).first()
        if record is None:
            return None
        days = (record.starts_on, record.ends_on)
        removed: CursorResult[Any] = self._session.execute(  # type: ignore[assignment]
            delete(AbsenceRecord).where(*own).execution_options(synchronize_session=False)
        )
        self._session.expunge(record)
        return days if removed.rowcount == 1 else None

    # --- helpers ---------------------------------------------------------------------------

    def _by_ref(self, ref: PersonRef) -> PersonRecord | None:
        return self._session.scalars(
            select(PersonRecord).where(
                col(PersonRecord.tenant_id) == ref.tenant_id,
                col(PersonRecord.aad_object_id) == ref.aad_object_id,
            )
        ).first()

    def _save_organisation(self, organisation: Organisation) -> None:
        values: dict[str, Any] = {
            "kind": organisation.kind.value,
            "name": organisation.name,
            "tenant_id": organisation.tenant_id,
            "pool_reference": organisation.pool_reference,
            "language": organisation.language,
        }
        record = self._session.get(OrganisationRecord, organisation.id)
        if record is None:
            record = OrganisationRecord(id=organisation.id, updated_at=self._now, **values)
        elif all(getattr(record, key) == value for key, value in values.items()):
            return
        for key, value in values.items():
            setattr(record, key, value)
        record.updated_at = self._now
        self._session.add(record)

    def _save_person(self, person_id: int | None, person: Person) -> int:
        record = (
            self._session.get(PersonRecord, person_id) if person_id else None
        ) or PersonRecord(updated_at=self._now)
        record.tenant_id = person.tenant_id
        record.aad_object_id = person.ref.aad_object_id if person.ref else None
        record.upn = person.upn
        record.name = person.name
        record.organisation_id = person.organisation_id
        self._session.add(record)
        self._session.flush()
        assert record.id is not None  # noqa: S101 - flushed
        wanted = {r.value for r in person.roles}
        current = {
            r.role
            for r in self._session.scalars(
                select(RoleRecord).where(col(RoleRecord.person_id) == record.id)
            )
        }
        for role in current - wanted:
            self._session.execute(
                delete(RoleRecord).where(
                    col(RoleRecord.person_id) == record.id, col(RoleRecord.role) == role
                )
            )
        for role in wanted - current:
            self._session.add(RoleRecord(person_id=record.id, role=role))
        return record.id


# Every turn reads the whole directory; most rows are the same as last time, and the people
# are immutable, so a row seen before gives back the same objects instead of building them anew
# (building them was a tenth of a busy process's time with a few hundred staff).
@lru_cache(maxsize=65536)
def _person_of(
    person_id: int,
    tenant_id: str | None,
    aad_object_id: str | None,
    upn: str | None,
    name: str,
    organisation_id: str | None,
    roles: frozenset[Role],
) -> StoredPerson:
    ref = PersonRef(tenant_id, aad_object_id) if tenant_id and aad_object_id else None
    person = Person(ref, upn, name, organisation_id, frozenset(roles), tenant_id)
    return StoredPerson(person_id, person)


def _stored(record: PersonRecord, roles: Iterable[Role]) -> StoredPerson:
    assert record.id is not None  # noqa: S101 - loaded rows have ids
    return _person_of(
        record.id,
        record.tenant_id,
        record.aad_object_id,
        record.upn,
        record.name,
        record.organisation_id,
        frozenset(roles),
    )


def _without_roles(person: Person, keep_organisation: bool) -> Person:
    """Someone the file leaves out: no roles, and no organisation if the file removed it."""
    organisation_id = person.organisation_id if keep_organisation else None
    return Person(
        person.ref, person.upn, person.name, organisation_id, frozenset(), person.tenant_id
    )
