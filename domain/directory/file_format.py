"""The directory file (TOML): organisations and people with their roles, read and written back.

Reading validates everything and reports every problem with the line it is on; writing gives
the same file back for the same directory, so ``show`` followed by ``load`` changes nothing.
The format is documented in ``directory.example.toml`` at the top of the repository.
"""

from __future__ import annotations

import json
import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from domain.identity import PersonRef
from domain.privacy import contains_cpr, redact_cpr

from .model import MAX_COORDINATORS, Organisation, OrgKind, Person, Role

_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")
_UPN: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_OBJECT_ID: Final = re.compile(r"[A-Za-z0-9-]{1,64}")
_ORG_KEYS: Final = ("id", "kind", "name", "tenant", "partners", "pool")
_PERSON_KEYS: Final = ("name", "upn", "aad_object_id", "tenant", "organisation", "roles")
_TOP_KEYS: Final = ("organisations", "people")
_SECTION_HEADER: Final = re.compile(r"\s*\[\[\s*(\w+)\s*\]\]")
_KEY_LINE: Final = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str

    def __post_init__(self) -> None:  # a message may quote the file: never a CPR number
        object.__setattr__(self, "message", redact_cpr(self.message).text)

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class InvalidDirectoryFile(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class DirectoryFile:
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()


class _Lines:
    """Finds the line of the n-th ``[[section]]`` entry, or of one key inside it."""

    def __init__(self, text: str) -> None:
        self._entries: dict[str, list[tuple[int, dict[str, int]]]] = {}
        current: dict[str, int] | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if header := _SECTION_HEADER.match(line):
                current = {}
                self._entries.setdefault(header.group(1), []).append((number, current))
            elif current is not None and (key := _KEY_LINE.match(line)):
                current.setdefault(key.group(1), number)

    def of(self, section: str, index: int, key: str | None = None) -> int | None:
        entries = self._entries.get(section, [])
        if index >= len(entries):
            return None
        header, keys = entries[index]
        return keys.get(key, header) if key else header


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = _Lines(text)
        self.problems: list[Problem] = []

    def problem(self, section: str, index: int, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.lines.of(section, index, key), message))

    def string(
        self, section: str, index: int, entry: Mapping[str, Any], key: str, *, required: bool
    ) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.problem(section, index, None, f"{section} entry needs '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(section, index, key, f"'{key}' must be a non-empty text")
            return None
        if contains_cpr(value):  # reported by ``refuse_cpr``; no other message may quote it
            return None
        return value.strip()

    def strings(self, section: str, index: int, entry: Mapping[str, Any], key: str) -> list[str]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(section, index, key, f"'{key}' must be a list of texts")
            return []
        return [v.strip() for v in value if not contains_cpr(v)]

    def refuse_cpr(self, section: str, index: int, entry: Mapping[str, Any]) -> None:
        """Every key and text of the entry, known or not, must hold no CPR number: such a file
        is refused, naming the line but not the number."""
        for key, value in entry.items():
            if contains_cpr(key) or any(contains_cpr(text) for text in _texts(value)):
                shown = redact_cpr(key).text
                self.problem(
                    section,
                    index,
                    key,
                    f"'{shown}' holds a CPR number: remove it (names must not identify a citizen)",
                )

    def unknown_keys(
        self, section: str, index: int, entry: Mapping[str, Any], known: Iterable[str]
    ) -> None:
        for key in sorted(set(entry) - set(known)):
            self.problem(section, index, key, f"unknown key '{key}' (known: {', '.join(known)})")


def _texts(value: Any) -> Iterable[str]:
    """Every text in a TOML value, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _organisations(reader: _Reader, entries: list[Any]) -> list[Organisation]:
    section = "organisations"
    found: list[Organisation] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            reader.problem(
                section, index, None, "each organisation must be a [[organisations]] table"
            )
            continue
        reader.refuse_cpr(section, index, entry)
        reader.unknown_keys(section, index, entry, _ORG_KEYS)
        slug = reader.string(section, index, entry, "id", required=True)
        kind = reader.string(section, index, entry, "kind", required=True)
        name = reader.string(section, index, entry, "name", required=True)
        tenant = reader.string(section, index, entry, "tenant", required=True)
        pool = reader.string(section, index, entry, "pool", required=False)
        partners = reader.strings(section, index, entry, "partners")
        if slug is not None and not _SLUG.fullmatch(slug):
            reader.problem(section, index, "id", f"id '{slug}' must be 2–40 of a–z, 0–9 and -")
            slug = None
        if slug is not None and slug in seen:
            reader.problem(section, index, "id", f"organisation '{slug}' appears twice")
        if kind is not None and kind not in tuple(OrgKind):
            reader.problem(section, index, "kind", f"kind must be region or kommune, not '{kind}'")
            kind = None
        if tenant is not None and not _is_guid(tenant):
            reader.problem(section, index, "tenant", "tenant must be the tenant's GUID")
            tenant = None
        if slug is None or kind is None or name is None or tenant is None:
            continue
        seen.add(slug)
        found.append(
            Organisation(
                slug, OrgKind(kind), name, tenant.lower(), tuple(sorted(set(partners))), pool
            )
        )
    named = {e.get("id") for e in entries if isinstance(e, dict)}
    for organisation in found:
        for partner in organisation.partner_ids:
            if partner == organisation.id or partner not in named:
                line = _entry_index(entries, organisation.id)
                reader.problem(
                    section, line, "partners", f"partner '{partner}' is not another organisation"
                )
    return found


def _entry_index(entries: list[Any], slug: str) -> int:
    return next(
        (i for i, e in enumerate(entries) if isinstance(e, dict) and e.get("id") == slug), 0
    )


def _person(
    reader: _Reader, index: int, entry: Mapping[str, Any], organisations: Mapping[str, Organisation]
) -> Person | None:
    section = "people"
    reader.refuse_cpr(section, index, entry)
    reader.unknown_keys(section, index, entry, _PERSON_KEYS)
    name = reader.string(section, index, entry, "name", required=False) or ""
    upn = reader.string(section, index, entry, "upn", required=False)
    object_id = reader.string(section, index, entry, "aad_object_id", required=False)
    tenant = reader.string(section, index, entry, "tenant", required=False)
    organisation_id = reader.string(section, index, entry, "organisation", required=False)
    role_names = reader.strings(section, index, entry, "roles")
    before = len(reader.problems)
    if upn is None and object_id is None:
        reader.problem(section, index, None, "a person needs 'upn' or 'aad_object_id'")
    if upn is not None and not _UPN.fullmatch(upn):
        reader.problem(section, index, "upn", f"'{upn}' is not a UPN (name@domain)")
    if object_id is not None and not _OBJECT_ID.fullmatch(object_id):
        reader.problem(section, index, "aad_object_id", "aad_object_id must be an Entra object id")
    if tenant is not None and not _is_guid(tenant):
        reader.problem(section, index, "tenant", "tenant must be the tenant's GUID")
    organisation = organisations.get(organisation_id) if organisation_id else None
    if organisation_id is not None and organisation is None:
        reader.problem(
            section, index, "organisation", f"organisation '{organisation_id}' is not in the file"
        )
    roles: set[Role] = set()
    for role in role_names:
        if role not in tuple(Role):
            reader.problem(
                section, index, "roles", f"role '{role}' is not coordinator, backup or admin"
            )
        else:
            roles.add(Role(role))
    if roles & {Role.COORDINATOR, Role.BACKUP} and organisation_id is None:
        reader.problem(section, index, "roles", "a coordinator or backup needs an organisation")
    if {Role.COORDINATOR, Role.BACKUP} <= roles:
        reader.problem(section, index, "roles", "a person is coordinator or backup, not both")
    tenant = tenant or (organisation.tenant_id if organisation else None)
    if object_id is not None and tenant is None:
        reader.problem(section, index, "tenant", "a person without an organisation needs 'tenant'")
    if len(reader.problems) > before:
        return None
    ref = PersonRef(tenant, object_id) if object_id and tenant else None
    return Person(ref, upn, name, organisation_id, frozenset(roles), tenant)


def _people(
    reader: _Reader, entries: list[Any], organisations: Mapping[str, Organisation]
) -> list[Person]:
    found: list[Person] = []
    seen: set[object] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            reader.problem("people", index, None, "each person must be a [[people]] table")
            continue
        person = _person(reader, index, entry, organisations)
        if person is None:
            continue
        keys = {k for k in (person.ref, person.upn) if k is not None}
        if keys & seen:
            reader.problem("people", index, None, f"{person.upn or person.ref} appears twice")
            continue
        seen |= keys
        found.append(person)
    for organisation_id in organisations:
        coordinators = [
            p for p in found if p.organisation_id == organisation_id and Role.COORDINATOR in p.roles
        ]
        if len(coordinators) > MAX_COORDINATORS:
            reader.problems.append(
                Problem(
                    None,
                    f"organisation '{organisation_id}' has {len(coordinators)} coordinators; "
                    f"at most {MAX_COORDINATORS} (make the others backups)",
                )
            )
    return found


def parse_directory_file(text: str) -> DirectoryFile:
    """The directory the file describes; InvalidDirectoryFile lists every problem and its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise InvalidDirectoryFile(
            [Problem(int(match.group(1)) if match else None, f"not valid TOML: {error}")]
        ) from None
    reader = _Reader(text)
    for key in sorted(set(data) - set(_TOP_KEYS)):
        reader.problems.append(Problem(None, f"unknown top-level key '{key}'"))
    organisation_entries = data.get("organisations", [])
    people_entries = data.get("people", [])
    for key, value in (("organisations", organisation_entries), ("people", people_entries)):
        if not isinstance(value, list):
            reader.problems.append(Problem(None, f"'{key}' must be written as [[{key}]] tables"))
    organisations = _organisations(
        reader, organisation_entries if isinstance(organisation_entries, list) else []
    )
    by_id = {o.id: o for o in organisations}
    people = _people(reader, people_entries if isinstance(people_entries, list) else [], by_id)
    if reader.problems:
        raise InvalidDirectoryFile(reader.problems)
    return DirectoryFile(
        tuple(sorted(organisations, key=lambda o: o.id)),
        tuple(sorted(people, key=_person_sort_key)),
    )


def _value(value: str | list[str]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _person_sort_key(person: Person) -> tuple[str, str, str]:
    return (person.organisation_id or "", person.name.lower(), person.upn or str(person.ref))


def render_directory_file(directory: DirectoryFile, *, header: str = "") -> str:
    """The file for ``directory``: parsing it gives ``directory`` back."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    organisations = {o.id: o for o in directory.organisations}
    for organisation in sorted(directory.organisations, key=lambda o: o.id):  # as parsed
        lines += ["", "[[organisations]]", f"id = {_value(organisation.id)}"]
        lines.append(f"kind = {_value(organisation.kind.value)}")
        lines.append(f"name = {_value(organisation.name)}")
        lines.append(f"tenant = {_value(organisation.tenant_id)}")
        lines.append(f"partners = {_value(list(organisation.partner_ids))}")
        if organisation.pool_reference:
            lines.append(f"pool = {_value(organisation.pool_reference)}")
    for person in sorted(directory.people, key=_person_sort_key):
        lines += ["", "[[people]]"]
        if person.name:
            lines.append(f"name = {_value(person.name)}")
        if person.upn:
            lines.append(f"upn = {_value(person.upn)}")
        home = organisations.get(person.organisation_id or "")
        if person.ref is not None:
            lines.append(f"aad_object_id = {_value(person.ref.aad_object_id)}")
        if person.tenant_id and (home is None or home.tenant_id != person.tenant_id):
            lines.append(f"tenant = {_value(person.tenant_id)}")
        if person.organisation_id:
            lines.append(f"organisation = {_value(person.organisation_id)}")
        lines.append(f"roles = {_value(sorted(r.value for r in person.roles))}")
    return "\n".join(lines).lstrip("\n") + "\n"
