"""The directory snapshot kept by one process between units of work, so that a click's cost does
not grow with the directory (issue #19).

Whether it is still the directory is told by the tokens of ``directory_versions``: database
triggers give a part (``people``: organisations, partners, people and roles; ``absences``) a new
random token in the same transaction as every change to its tables, whoever makes it (a file
load, an administrator, an absence, a first-seen link, forgetting someone). A unit of work reads
the tokens (one indexed read) and takes what was loaded at exactly those tokens; anything else
is read from the tables again. So an instance never uses a directory another instance changed,
and a unit of work sees its own changes: they gave it tokens of its own.

A snapshot is kept only when the tokens read after loading it are the ones read before, so it is
never a mixture of two commits (PostgreSQL's READ COMMITTED reads each statement anew).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import Session, col

from domain.directory import Directory, Organisation
from domain.identity import PersonRef

from .directory_tables import DirectoryVersionRecord

if TYPE_CHECKING:
    from .directory import StoredPerson

# The token of each part, or None for a part whose row is missing (nothing is kept then).
Versions = tuple[str | None, str | None]
KEPT_DIRECTORIES = 4  # today's and yesterday's, around midnight, for a couple of tokens


def read_versions(session: Session) -> Versions:
    """The tokens now, as this transaction sees them (its own changes flushed first)."""
    session.flush()
    tokens = dict(
        session.execute(
            select(col(DirectoryVersionRecord.part), col(DirectoryVersionRecord.token))
        ).all()
    )
    return tokens.get("people"), tokens.get("absences")


@dataclass(frozen=True)
class People:
    """Everything but the absences: the organisations, the people with their ids, and the
    directory without absences (its indexes built once, shared by every snapshot made of it)."""

    organisations: tuple[Organisation, ...]
    people: tuple[StoredPerson, ...]
    refs: Mapping[int, PersonRef | None]
    directory: Directory

    @classmethod
    def of(cls, organisations: list[Organisation], people: list[StoredPerson]) -> People:
        directory = Directory.of(organisations, [p.person for p in people]).indexed()
        refs = {p.id: p.person.ref for p in people}
        return cls(tuple(organisations), tuple(people), refs, directory)


class DirectorySnapshots:
    """The last directory loaded by this process, by the tokens it was loaded at. Shared by the
    worker threads of one application; what it holds is immutable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._people: tuple[str, People] | None = None
        self._directories: dict[tuple[str, str, date | None], Directory] = {}

    def people(self, versions: Versions) -> People | None:
        token = versions[0]
        with self._lock:
            kept = self._people
        return kept[1] if kept is not None and token is not None and kept[0] == token else None

    def keep_people(self, versions: Versions, people: People) -> None:
        if versions[0] is not None:
            with self._lock:
                self._people = (versions[0], people)

    def directory(self, versions: Versions, today: date | None) -> Directory | None:
        key = _key(versions, today)
        if key is None:
            return None
        with self._lock:
            return self._directories.get(key)

    def keep_directory(self, versions: Versions, today: date | None, directory: Directory) -> None:
        key = _key(versions, today)
        if key is None:
            return
        with self._lock:
            kept = self._directories
            for stale in [k for k in kept if k[0] != key[0]]:
                del kept[stale]  # the people changed: nothing of before is of use
            while len(kept) >= KEPT_DIRECTORIES:
                del kept[next(iter(kept))]  # the oldest first
            kept[key] = directory


def _key(versions: Versions, today: date | None) -> tuple[str, str, date | None] | None:
    people, absences = versions
    return (people, absences, today) if people is not None and absences is not None else None
