"""The audit log names a case by its random audit id, records reads, and lets only entries older
than its retention period go, through the one purge path (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from domain.identity import PersonRef
from storage.audit import AuditEntry, AuditLog, AuditPurgeRecord, AuditRecord
from storage.db import Database
from storage.meeting_tables import MeetingPollRecord
from storage.models import CaseRecord
from storage.sparring import SparringThreadRecord

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANNA = PersonRef("11111111-1111-4111-8111-111111111111", "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f")
REFERENCE = "KI-2026-0007"


def _case(session, reference: str = REFERENCE) -> CaseRecord:
    case = CaseRecord(
        reference=reference,
        year=2026,
        sequence=int(reference[-4:]),
        initials="QXZ",
        tovholder_teams_user_id="29:anna",
        created_at=NOW,
    )
    session.add(case)
    session.flush()
    return case


def _entry(at: datetime = NOW, **changes) -> AuditEntry:
    values = {"at": at, "actor": ANNA, "action": "course.step", "subject_kind": "case"}
    return AuditEntry(**{"subject_id": REFERENCE, "case_reference": REFERENCE, **values, **changes})


def _raw_rows(database: Database) -> list[str]:
    return database.run_sync(
        lambda s: [str(tuple(row)) for row in s.execute(text("SELECT * FROM audit_log"))]
    )


def test_an_entry_names_the_case_by_its_audit_id_and_never_by_its_reference(database: Database):
    def write(session) -> str:
        case = _case(session)
        AuditLog(session).record(_entry(detail={"from_case": REFERENCE, "step": "close"}))
        return case.audit_id

    audit_id = database.run_sync(write)

    rows = _raw_rows(database)
    [entry] = database.run_sync(lambda s: AuditLog(s).entries(case_reference=REFERENCE))
    assert len(rows) == 1 and REFERENCE not in rows[0] and "QXZ" not in rows[0]
    assert audit_id in rows[0] and len(audit_id) == 32
    assert (entry.case_id, entry.subject_id, entry.case_reference) == (
        audit_id,
        audit_id,
        REFERENCE,
    )
    assert entry.detail == {"from_case": audit_id, "step": "close"}


def test_a_reference_of_no_case_is_not_stored_at_all(database: Database):
    database.run_sync(lambda s: AuditLog(s).record(_entry(case_reference="KI-2026-0999",
                                                          subject_id="KI-2026-0999")))  # fmt: skip

    [row] = _raw_rows(database)
    assert "KI-2026-0999" not in row and "unknown-case" in row


def test_once_the_case_is_gone_its_entries_stay_and_name_nothing(database: Database):
    def write(session) -> None:
        _case(session)
        AuditLog(session).record(_entry())

    database.run_sync(write)
    database.run_sync(lambda s: s.execute(text("DELETE FROM ki_cases")))

    everything = database.run_sync(lambda s: AuditLog(s).entries())
    about_it = database.run_sync(lambda s: AuditLog(s).entries(case_reference=REFERENCE))
    assert len(everything) == 1 and everything[0].case_reference is None
    assert everything[0].case_id is not None and about_it == []


def test_reads_of_a_case_card_a_thread_and_a_polls_answers_are_audited(database: Database):
    def write(session) -> None:
        _case(session)
        thread = SparringThreadRecord(
            asker_tenant_id=ANNA.tenant_id,
            asker_aad_object_id=ANNA.aad_object_id,
            organisation_id="pc-amager",
            origin_organisation_id="pc-amager",
            question="?",
            case_reference=REFERENCE,
            asked_at=NOW,
            updated_at=NOW,
        )
        poll = MeetingPollRecord(
            id="p" * 32,
            status="open",
            title="Møde",
            case_reference=REFERENCE,
            tovholder_tenant_id=ANNA.tenant_id,
            tovholder_aad_object_id=ANNA.aad_object_id,
            tovholder_teams_user_id="29:anna",
            origin_tenant_id=ANNA.tenant_id,
            origin_conversation_id="19:x",
            created_at=NOW,
            updated_at=NOW,
        )
        session.add_all([thread, poll])
        session.flush()
        log = AuditLog(session)
        log.record_view(at=NOW, viewer=ANNA, what="case", subject_id=REFERENCE)
        log.record_view(
            at=NOW + timedelta(minutes=1),
            viewer=ANNA,
            what="sparring",
            subject_id=str(thread.id),
            automatic=True,  # Teams refreshed the card for a listed viewer
        )
        log.record_view(
            at=NOW + timedelta(minutes=2), viewer=ANNA, what="poll_answers", subject_id=poll.id
        )

    database.run_sync(write)

    entries = database.run_sync(lambda s: AuditLog(s).entries(case_reference=REFERENCE))
    assert [(e.action, e.actor, e.at) for e in entries] == [
        ("case.viewed", ANNA, NOW),
        ("sparring.viewed", ANNA, NOW + timedelta(minutes=1)),
        ("poll.answers_viewed", ANNA, NOW + timedelta(minutes=2)),
    ]
    assert [dict(e.detail) for e in entries] == [{}, {"automatic": True}, {}]
    assert REFERENCE not in " ".join(_raw_rows(database))


def test_only_entries_older_than_the_cutoff_are_purged_in_batches(database: Database):
    def write(session) -> None:
        log = AuditLog(session)
        for days in (2000, 1900, 1850, 1830, 10):
            log.record(_entry(at=NOW - timedelta(days=days), case_reference=None, subject_id="1"))

    database.run_sync(write)
    cutoff = NOW - timedelta(days=1826)

    first = database.run_sync(lambda s: AuditLog(s).purge_before(cutoff, 3))
    second = database.run_sync(lambda s: AuditLog(s).purge_before(cutoff, 3))
    third = database.run_sync(lambda s: AuditLog(s).purge_before(cutoff, 3))

    left = database.run_sync(lambda s: AuditLog(s).entries())
    markers = database.run_sync(lambda s: list(s.scalars(select(AuditPurgeRecord))))
    assert (first, second, third) == (3, 1, 0)
    assert [e.at for e in left] == [NOW - timedelta(days=10)] and markers == []


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_log",
        "UPDATE audit_log SET action = 'x'",
    ],
)
def test_outside_a_purge_nothing_may_change_or_delete_an_entry_however_old(
    database: Database, statement: str
):
    database.run_sync(
        lambda s: AuditLog(s).record(_entry(at=NOW - timedelta(days=4000), case_reference=None))
    )

    with pytest.raises(DBAPIError, match="append-only"):
        database.run_sync(lambda s: s.execute(text(statement)))


def test_a_purge_cannot_take_an_entry_newer_than_its_cutoff(database: Database):
    database.run_sync(lambda s: AuditLog(s).record(_entry(case_reference=None)))

    def purge_too_much(session) -> None:
        session.add(AuditPurgeRecord(cutoff=NOW - timedelta(days=1)))
        session.flush()
        session.execute(text("DELETE FROM audit_log"))

    with pytest.raises(DBAPIError, match="append-only"):
        database.run_sync(purge_too_much)
    assert len(database.run_sync(lambda s: list(s.scalars(select(AuditRecord))))) == 1
