"""Who is who: organisations, people, their roles and absences, as one read-only snapshot.

A coordinator (primary or backup) coordinates the organisation they belong to; the annex (§4)
gives each organisation one to three coordinators, paired with the partner organisation's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Final

from domain.identity import PersonRef
from domain.language import DEFAULT_LANGUAGE

MAX_COORDINATORS: Final = 3


class OrgKind(StrEnum):
    REGION = "region"
    KOMMUNE = "kommune"


class Role(StrEnum):
    COORDINATOR = "coordinator"
    BACKUP = "backup"
    ADMIN = "admin"


@dataclass(frozen=True)
class Organisation:
    id: str
    kind: OrgKind
    name: str
    tenant_id: str
    partner_ids: tuple[str, ...] = ()
    pool_reference: str | None = None  # a channel or group chat the bot is installed in
    language: str = DEFAULT_LANGUAGE  # what its people read unless they choose (domain.language)


@dataclass(frozen=True)
class Person:
    """Known by PersonRef once seen; until then by the UPN an administrator wrote down."""

    ref: PersonRef | None
    upn: str | None
    name: str
    organisation_id: str | None = None
    roles: frozenset[Role] = frozenset()
    tenant_id: str | None = None  # taken from ``ref`` when known

    def __post_init__(self) -> None:
        if self.ref is None and not self.upn:
            raise ValueError("a person needs an Entra object id or a UPN")
        if self.ref is not None:
            object.__setattr__(self, "tenant_id", self.ref.tenant_id)
        elif self.tenant_id:
            object.__setattr__(self, "tenant_id", self.tenant_id.lower())
        if self.upn:
            object.__setattr__(self, "upn", self.upn.lower())

    @property
    def label(self) -> str:
        return self.name or self.upn or (self.ref.aad_object_id if self.ref else "?")


@dataclass(frozen=True)
class Absence:
    """Away from ``starts_on`` to ``ends_on``, both days included."""

    person: PersonRef
    starts_on: date
    ends_on: date
    substitute: PersonRef | None = None

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("an absence cannot end before it starts")
        if self.substitute == self.person:
            raise ValueError("nobody can be their own substitute")

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Directory:
    organisations: Mapping[str, Organisation] = field(default_factory=dict)
    people: tuple[Person, ...] = ()
    absences: tuple[Absence, ...] = ()

    @classmethod
    def of(
        cls,
        organisations: Iterable[Organisation],
        people: Iterable[Person] = (),
        absences: Iterable[Absence] = (),
    ) -> Directory:
        return cls({o.id: o for o in organisations}, tuple(people), tuple(absences))

    @cached_property
    def _by_ref(self) -> dict[PersonRef, Person]:
        return {p.ref: p for p in self.people if p.ref is not None}

    @cached_property
    def _pools(self) -> dict[tuple[str, Role], list[PersonRef]]:
        """The people of each organisation with each role, sorted."""
        found: dict[tuple[str, Role], list[PersonRef]] = {}
        for p in self.people:
            if p.ref is not None and p.organisation_id is not None:
                for role in p.roles:
                    found.setdefault((p.organisation_id, role), []).append(p.ref)
        return {key: sorted(refs) for key, refs in found.items()}

    @cached_property
    def _absences_of(self) -> dict[PersonRef, list[Absence]]:
        found: dict[PersonRef, list[Absence]] = {}
        for a in self.absences:
            found.setdefault(a.person, []).append(a)
        return found

    @cached_property
    def _standing_in(self) -> dict[PersonRef, list[Absence]]:
        found: dict[PersonRef, list[Absence]] = {}
        for a in self.absences:
            if a.substitute is not None:
                found.setdefault(a.substitute, []).append(a)
        return found

    def indexed(self) -> Directory:
        """This directory with its lookups built now (before it is shared between threads)."""
        for index in ("_by_ref", "_pools", "_absences_of", "_standing_in"):
            getattr(self, index)
        return self

    def with_absences(self, absences: Iterable[Absence]) -> Directory:
        """The same organisations and people with these absences; the lookups of the people are
        shared, not built again (a directory of thousands keeps them)."""
        other = Directory(self.organisations, self.people, tuple(absences))
        other.__dict__["_by_ref"] = self._by_ref
        other.__dict__["_pools"] = self._pools
        return other.indexed()

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        return self.organisations.get(organisation_id) if organisation_id else None

    def person(self, ref: PersonRef) -> Person | None:
        return self._by_ref.get(ref)

    def has_role(self, ref: PersonRef, role: Role) -> bool:
        person = self.person(ref)
        return person is not None and role in person.roles

    def is_admin(self, ref: PersonRef) -> bool:
        return self.has_role(ref, Role.ADMIN)

    def _members(self, organisation_id: str, role: Role) -> list[PersonRef]:
        return list(self._pools.get((organisation_id, role), ()))

    def coordinators(self, organisation_id: str) -> list[PersonRef]:
        """The primary coordinators of an organisation's pool."""
        return self._members(organisation_id, Role.COORDINATOR)

    def backups(self, organisation_id: str) -> list[PersonRef]:
        return self._members(organisation_id, Role.BACKUP)

    def coordinates(self, ref: PersonRef) -> str | None:
        """The organisation whose pool ``ref`` belongs to (primary or backup), if any."""
        person = self.person(ref)
        if person is None or not person.roles & {Role.COORDINATOR, Role.BACKUP}:
            return None
        return person.organisation_id

    def absence(self, ref: PersonRef, day: date) -> Absence | None:
        return next((a for a in self._absences_of.get(ref, ()) if a.covers(day)), None)

    def is_present(self, ref: PersonRef, day: date) -> bool:
        return self.absence(ref, day) is None

    def covered_by(self, substitute: PersonRef, day: date) -> list[PersonRef]:
        """The absent people ``substitute`` stands in for that day."""
        return [a.person for a in self._standing_in.get(substitute, ()) if a.covers(day)]
