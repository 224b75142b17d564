"""The directory kept between units of work (issue #19), on SQLite and PostgreSQL: every change to
the directory, by whichever writer, is seen by every instance's next unit of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from domain.directory import Directory, Role, parse_directory_file
from domain.identity import PersonRef
from storage.db import Database
from storage.directory import DirectoryStore
from storage.directory_cache import DirectorySnapshots, read_versions
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
EXAMPLE = (Path(__file__).parents[2] / "directory.example.toml").read_text("utf-8")
REGION = "11111111-1111-4111-8111-111111111111"
ANNA = PersonRef(REGION, "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
BO = PersonRef(REGION, "aad-bo")
BO_BACH = PersonRef(REGION, "aad-bo-bach")  # listed by UPN only in the example file


def _loaded(database: Database) -> None:
    def load(session: Session) -> None:
        store = DirectoryStore(session, NOW)
        store.apply_file(parse_directory_file(EXAMPLE))
        store.set_organisation(store.seen(BO, "Bo Bertelsen").id, "pc-amager")

    database.run_sync(load)


def _snapshot(database: Database, snapshots: DirectorySnapshots) -> Directory:
    return database.run_sync(
        lambda s: SqlUnitOfWork(s, NOW, snapshots).directory.snapshot(today=TODAY)
    )


def _change(database: Database, change: Callable[[DirectoryStore], object]) -> None:
    database.run_sync(lambda s: change(SqlUnitOfWork(s, NOW).directory))


def _bo_id(store: DirectoryStore) -> int:
    found = store.find(BO)
    assert found is not None
    return found.id


def _anna_id(store: DirectoryStore) -> int:
    found = store.find(ANNA)
    assert found is not None
    return found.id


def _absence_of_bo(store: DirectoryStore) -> object:
    return store.add_absence(_bo_id(store), TODAY, date(2026, 11, 27), None)


def _remove_absences_of_bo(store: DirectoryStore) -> object:
    me = _bo_id(store)
    return [store.remove_absence(me, a) for a, _ in store.absences_of(me, ending_from=TODAY)]


# What each writer changes, and how the other instance's next snapshot shows it.
CHANGES: dict[str, tuple[Callable[[DirectoryStore], object], Callable[[Directory], object]]] = {
    "an administrator's role change": (
        lambda store: store.set_role(_bo_id(store), Role.COORDINATOR, granted=True),
        lambda d: BO in d.coordinators("pc-amager"),
    ),
    "someone choosing an organisation": (
        lambda store: store.set_organisation(_bo_id(store), "crb-kbh"),
        lambda d: d.person(BO).organisation_id,  # type: ignore[union-attr]
    ),
    "an absence registered": (
        _absence_of_bo,
        lambda d: d.absence(BO, TODAY) is not None,
    ),
    "a first contact": (
        lambda store: store.seen(PersonRef(REGION, "aad-new"), "Ny Person"),
        lambda d: d.person(PersonRef(REGION, "aad-new")) is not None,
    ),
    "a UPN entry linked at first sight": (
        lambda store: store.link_first_seen(BO_BACH, "bo.bach@regionh.dk", "Bo Bach"),
        lambda d: d.backups("pc-amager"),
    ),
    "a directory file": (
        lambda store: store.apply_file(
            parse_directory_file(EXAMPLE.replace("Psykiatrisk Center Amager", "PC Amager"))
        ),
        lambda d: d.organisation("pc-amager").name,  # type: ignore[union-attr]
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_made_by_one_instance_is_seen_by_the_others_next_unit_of_work(
    database: Database, name: str
):
    _loaded(database)
    change, shown = CHANGES[name]
    other = DirectorySnapshots()  # another instance's, warmed before the change
    before = shown(_snapshot(database, other))

    _change(database, change)

    assert shown(_snapshot(database, other)) != before


def test_a_removed_absence_is_seen_by_the_other_instance(database: Database):
    _loaded(database)
    _change(database, _absence_of_bo)
    other = DirectorySnapshots()
    assert _snapshot(database, other).absence(BO, TODAY) is not None

    _change(database, _remove_absences_of_bo)

    assert _snapshot(database, other).absence(BO, TODAY) is None


def test_statements_of_any_writer_on_any_directory_table_give_a_new_token(database: Database):
    """Forgetting someone and retention write with plain statements, not the repository: the
    database itself notices every change."""
    _loaded(database)
    statements = {
        "people": [
            "UPDATE directory_organisations SET name = 'X' WHERE id = 'crb-kbh'",
            "DELETE FROM directory_partners WHERE organisation_id = 'crb-kbh'",
            "UPDATE directory_people SET name = 'Navn fjernet' WHERE aad_object_id = 'aad-bo'",
            "DELETE FROM directory_roles",
        ],
        "absences": [
            "INSERT INTO directory_absences (person_id, starts_on, ends_on, created_at) "
            "SELECT id, '2026-11-23', '2026-11-24', '2026-11-23 09:00:00' FROM directory_people "
            "WHERE aad_object_id = 'aad-bo'",
            "UPDATE directory_absences SET substitute_id = NULL",
            "DELETE FROM directory_absences",
        ],
    }
    for part, changes in statements.items():
        for statement in changes:
            before = database.run_sync(read_versions)
            database.run_sync(lambda s, sql=statement: s.execute(text(sql)))  # type: ignore[misc]
            after = database.run_sync(read_versions)
            index = 0 if part == "people" else 1
            assert after[index] != before[index], statement
            assert after[1 - index] == before[1 - index], statement


def test_an_unchanged_directory_is_not_read_again_by_the_next_unit_of_work(database: Database):
    _loaded(database)
    snapshots = DirectorySnapshots()
    first = _snapshot(database, snapshots)
    read: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        read.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        again = _snapshot(database, snapshots)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)

    assert again is first
    assert [s for s in read if "directory_people" in s or "directory_absences" in s] == []


def test_a_unit_of_work_sees_its_own_change_and_a_rolled_back_one_is_never_kept(
    database: Database,
):
    _loaded(database)
    snapshots = DirectorySnapshots()
    assert BO not in _snapshot(database, snapshots).coordinators("pc-amager")

    with Session(database.engine, expire_on_commit=False) as session:
        store = SqlUnitOfWork(session, NOW, snapshots).directory
        store.set_role(_bo_id(store), Role.COORDINATOR, granted=True)
        assert BO in store.snapshot(today=TODAY).coordinators("pc-amager")
        session.rollback()

    assert BO not in _snapshot(database, snapshots).coordinators("pc-amager")
    _change(database, lambda store: store.set_role(_anna_id(store), Role.BACKUP, granted=True))
    after = _snapshot(database, snapshots)
    assert after.coordinators("pc-amager") == [] and after.backups("pc-amager") == [ANNA]


def test_the_kept_directory_answers_as_one_read_from_the_tables(database: Database):
    _loaded(database)
    _change(database, _absence_of_bo)
    snapshots = DirectorySnapshots()
    _snapshot(database, snapshots)

    kept = _snapshot(database, snapshots)
    fresh = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot(today=TODAY))

    assert kept == fresh
    assert kept.coordinators("pc-amager") == fresh.coordinators("pc-amager")
    assert kept.absence(BO, TODAY) == fresh.absence(BO, TODAY)
    people = database.run_sync(lambda s: SqlUnitOfWork(s, NOW, snapshots).directory.people())
    assert people == database.run_sync(lambda s: DirectoryStore(s, NOW).people())
