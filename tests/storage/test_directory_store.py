"""The directory and the audit log on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from domain.directory import Role, parse_directory_file, plan_changes, render_directory_file
from domain.identity import PersonRef
from storage.audit import AuditEntry, AuditLog
from storage.db import Database
from storage.directory import DirectoryStore
from storage.models import CaseRecord
from tests.cpr_forms import synthetic_cpr

CPR = synthetic_cpr()  # built at run time: no CPR-like number is written in the repository
CPR_DASHED = f"{CPR[:6]}-{CPR[6:]}"

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
EXAMPLE = (Path(__file__).parents[2] / "directory.example.toml").read_text("utf-8")
REGION = "11111111-1111-4111-8111-111111111111"
ANNA = PersonRef(REGION, "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f")


def _load(database: Database, file_text: str) -> list[str]:
    wanted = parse_directory_file(file_text)

    def load(session):
        store = DirectoryStore(session, NOW)
        changes = plan_changes(store.export(), wanted)
        if changes:
            store.apply_file(wanted)
        return [str(c) for c in changes]

    return database.run_sync(load)


def test_loading_a_file_stores_it_and_loading_it_again_changes_nothing(database: Database):
    first = _load(database, EXAMPLE)
    second = _load(database, EXAMPLE)

    snapshot = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot())
    assert len(first) == 6 and second == []
    assert snapshot.coordinators("pc-amager") == [ANNA]
    assert snapshot.organisation("crb-kbh").partner_ids == ("pc-amager",)


def test_what_is_stored_exports_to_the_file_it_came_from(database: Database):
    _load(database, EXAMPLE)

    exported = database.run_sync(lambda s: DirectoryStore(s, NOW).export())

    assert exported == parse_directory_file(EXAMPLE)


def test_after_changes_made_in_chat_the_printed_file_still_loads_without_changes(
    database: Database,
):
    _load(database, EXAMPLE)
    guest = PersonRef("33333333-3333-4333-8333-333333333333", "aad-guest")

    def chat(session):
        store = DirectoryStore(session, NOW)
        store.set_organisation(store.seen(PersonRef(REGION, "aad-dina"), "Dina").id, "crb-kbh")
        store.seen(guest, 'Gæst "G" \\ Ø')
        bo = next(p for p in store.people() if p.person.upn == "bo.bach@regionh.dk")
        store.set_role(bo.id, Role.ADMIN, granted=True)

    database.run_sync(chat)
    printed = render_directory_file(database.run_sync(lambda s: DirectoryStore(s, NOW).export()))

    assert _load(database, printed) == []
    assert 'tenant = "33333333-3333-4333-8333-333333333333"' in printed


def test_a_file_without_an_organisation_removes_it_and_its_people_s_roles(database: Database):
    _load(database, EXAMPLE)
    smaller = EXAMPLE.split('[[organisations]]\nid = "pc-amager"')[0].replace(
        'partners = ["pc-amager"]', "partners = []"
    )

    changes = _load(database, smaller)

    directory = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot())
    assert "- organisation pc-amager" in changes
    assert set(directory.organisations) == {"crb-kbh"}
    kept = {p.upn: p for p in database.run_sync(lambda s: DirectoryStore(s, NOW).export()).people}
    assert kept["anna.andersen@regionh.dk"].roles == frozenset()
    assert kept["anna.andersen@regionh.dk"].organisation_id is None


def test_someone_known_by_upn_is_linked_to_their_object_id_when_first_seen(database: Database):
    _load(database, EXAMPLE)
    bo = PersonRef(REGION, "aad-bo")

    linked = database.run_sync(
        lambda s: DirectoryStore(s, NOW).link_first_seen(bo, "Bo.Bach@regionh.dk")
    )
    again = database.run_sync(lambda s: DirectoryStore(s, NOW).link_first_seen(bo, "x@y.dk"))

    directory = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot())
    assert (linked, again) == (True, False)
    assert directory.backups("pc-amager") == [bo]
    assert _load(database, EXAMPLE) == [], "the file's UPN-only entry still matches"


def test_someone_who_wrote_before_the_upn_lookup_is_merged_with_their_file_entry(
    database: Database,
):
    _load(database, EXAMPLE)
    bo = PersonRef(REGION, "aad-bo")

    def write_then_link(session):
        store = DirectoryStore(session, NOW)
        early = store.seen(bo, "Bo B.")
        store.add_absence(early.id, date(2026, 12, 1), date(2026, 12, 2), None)
        return store.link_first_seen(bo, "bo.bach@regionh.dk")

    merged = database.run_sync(write_then_link)

    directory = database.run_sync(lambda s: DirectoryStore(s, NOW).snapshot())
    people = database.run_sync(lambda s: DirectoryStore(s, NOW).people())
    assert merged and directory.backups("pc-amager") == [bo]
    assert directory.person(bo).name == "Bo Bach" and len(directory.absences) == 1
    assert sum(p.person.upn == "bo.bach@regionh.dk" for p in people) == 1
    assert _load(database, EXAMPLE) == []


def test_a_file_that_adds_the_object_id_of_someone_who_already_wrote_merges_the_two(
    database: Database,
):
    _load(database, EXAMPLE)
    bo = PersonRef(REGION, "aad-bo")
    database.run_sync(lambda s: DirectoryStore(s, NOW).seen(bo, "Bo"))
    with_object_id = EXAMPLE.replace(
        'upn = "bo.bach@regionh.dk"', 'upn = "bo.bach@regionh.dk"\naad_object_id = "aad-bo"'
    )

    _load(database, with_object_id)

    people = database.run_sync(lambda s: DirectoryStore(s, NOW).people())
    assert [p.person.ref for p in people if p.person.upn == "bo.bach@regionh.dk"] == [bo]
    assert sum(p.person.ref == bo for p in people) == 1
    assert _load(database, with_object_id) == []


def test_a_person_who_writes_first_is_created_and_can_pick_an_organisation(database: Database):
    _load(database, EXAMPLE)
    dina = PersonRef(REGION, "aad-dina")

    def pick(session):
        store = DirectoryStore(session, NOW)
        person = store.seen(dina, "Dina")
        return store.set_organisation(person.id, "pc-amager"), store.seen(dina, "Dina").person

    changed, person = database.run_sync(pick)

    assert changed and person.organisation_id == "pc-amager" and person.name == "Dina"


def test_roles_are_granted_and_taken_and_coordinator_replaces_backup(database: Database):
    _load(database, EXAMPLE)

    def promote(session):
        store = DirectoryStore(session, NOW)
        bo = next(p for p in store.people() if p.person.upn == "bo.bach@regionh.dk")
        results = [
            store.set_role(bo.id, Role.COORDINATOR, granted=True),
            store.set_role(bo.id, Role.COORDINATOR, granted=True),
            store.set_role(bo.id, Role.ADMIN, granted=True),
        ]
        return results, store.get(bo.id).person.roles

    results, roles = database.run_sync(promote)

    assert results == [True, False, True]
    assert roles == {Role.COORDINATOR, Role.ADMIN}


def test_absences_are_stored_with_their_substitute_and_old_ones_leave_the_snapshot(
    database: Database,
):
    erik = PersonRef(REGION, "aad-erik")

    def register(session):
        store = DirectoryStore(session, NOW)
        anna, sub = store.seen(ANNA, "Anna"), store.seen(erik, "Erik")
        store.add_absence(anna.id, date(2026, 12, 1), date(2026, 12, 5), None)
        store.add_absence(anna.id, date(2026, 12, 1), date(2026, 12, 5), sub.id)  # the same again
        store.add_absence(anna.id, date(2026, 10, 1), date(2026, 10, 2), None)
        return store.absences_of(anna.id, ending_from=date(2026, 11, 23))

    [(_, absence)] = database.run_sync(register)
    directory = database.run_sync(
        lambda s: DirectoryStore(s, NOW).snapshot(today=date(2026, 11, 23))
    )

    assert (absence.substitute, absence.ends_on) == (erik, date(2026, 12, 5))
    assert len(directory.absences) == 1


def _entry(**changes) -> AuditEntry:
    values = {
        "at": NOW,
        "actor": ANNA,
        "action": "directory.role_granted",
        "subject_kind": "person",
        "subject_id": "17",
        "detail": {"role": "coordinator"},
    }
    return AuditEntry(**{**values, **changes})


def test_the_audit_log_keeps_entries_and_filters_by_case_and_time(database: Database):
    def write(session):
        session.add(
            CaseRecord(
                reference="KI-2026-0001",
                year=2026,
                sequence=1,
                tovholder_teams_user_id="29:anna",
                created_at=NOW,
            )
        )
        log = AuditLog(session)
        log.record(_entry())
        log.record(_entry(at=NOW + timedelta(days=1), case_reference="KI-2026-0001"))
        log.record(_entry(actor=None, outcome="refused:not_admin"))

    database.run_sync(write)

    everything = database.run_sync(lambda s: AuditLog(s).entries())
    case = database.run_sync(lambda s: AuditLog(s).entries(case_reference="KI-2026-0001"))
    later = database.run_sync(lambda s: AuditLog(s).entries(since=NOW + timedelta(hours=1)))
    assert len(everything) == 3 and everything[0].actor == ANNA
    assert everything[0].detail == {"role": "coordinator"}
    assert len(case) == 1 and later == case
    assert case[0].case_reference == "KI-2026-0001" and case[0].case_id is not None


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
def test_the_database_refuses_to_change_or_delete_audit_entries(database: Database, statement: str):
    database.run_sync(lambda s: AuditLog(s).record(_entry()))

    with pytest.raises(DBAPIError, match="append-only"):
        database.run_sync(lambda s: s.execute(text(statement)))


@pytest.mark.parametrize(
    "detail",
    [
        {"note": "Borgeren har det svært i dag og vil ikke komme til mødet, siger hun selv"},
        {"cpr": CPR_DASHED},
        {"Free Text": "x"},
        {"nested": ["a"]},
    ],
)
def test_the_audit_log_refuses_free_text_and_cpr_numbers(detail):
    with (
        Session(create_engine("sqlite://")) as session,
        pytest.raises(ValueError, match="audit detail"),
    ):
        AuditLog(session).record(_entry(detail=detail))
