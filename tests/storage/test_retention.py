"""Retention on SQLite and PostgreSQL: what is deleted when, in bounded batches, audited by kind
and count only; the copies of deleted cards are updated in each reader's language."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import SQLModel

from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from storage.audit import AuditLog
from storage.db import Database
from storage.meeting_tables import MeetingPollRecord, MeetingSlotRecord
from storage.models import (
    BotStateRecord,
    ConversationReferenceRecord,
    ScreeningRecord,
    UserRecord,
)
from storage.outbox import SENT, OutgoingMessage
from storage.reach import SentCopy
from storage.reach_models import OutboxRecord, SentCopyRecord
from storage.reminders import ReminderOccurrenceRecord, ReminderRecord
from storage.retention import Retention
from storage.sparring import SparringMessageRecord, SparringThreadRecord
from storage.trail import MessageTrail, Subject
from storage.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAYS = 90
ANNA = PersonRef("tenant-a", "aad-anna")


def _neutral(language: str) -> Content:
    return Content(text=f"deleted-{language}", card={"type": "AdaptiveCard", "lang": language})


def _run(database: Database, kind: str, *, at: datetime, limit: int = 50) -> int:
    return database.run_sync(
        lambda s: Retention(SqlUnitOfWork(s, at), days=DAYS, neutral=_neutral).run(kind, limit)
    )


def _count(database: Database, table: type[SQLModel]) -> int:
    return int(database.run_sync(lambda s: s.scalar(select(func.count()).select_from(table))))


def _thread(session, *, asked: datetime, case_reference: str | None = None) -> int:
    thread = SparringThreadRecord(
        asker_tenant_id=ANNA.tenant_id,
        asker_aad_object_id=ANNA.aad_object_id,
        organisation_id="pc-amager",
        origin_organisation_id="pc-amager",
        question="Hvad gør vi?",
        case_reference=case_reference,
        asked_at=asked,
        updated_at=asked,
    )
    session.add(thread)
    session.flush()
    session.add(
        SparringMessageRecord(
            thread_id=thread.id,
            author_tenant_id=ANNA.tenant_id,
            author_aad_object_id=ANNA.aad_object_id,
            kind="question",
            text="Hvad gør vi?",
            at=asked,
        )
    )
    return int(thread.id or 0)


def test_a_thread_not_tied_to_a_case_goes_retention_days_after_its_last_message(
    database: Database,
):
    def write(session) -> int:
        thread = _thread(session, asked=NOW)
        session.add(
            SparringMessageRecord(
                thread_id=thread,
                author_tenant_id=ANNA.tenant_id,
                author_aad_object_id=ANNA.aad_object_id,
                kind="answer",
                text="Ring mig op",
                at=NOW + timedelta(days=10),
            )
        )
        return thread

    database.run_sync(write)
    last = NOW + timedelta(days=10)

    early = _run(database, "sparring_thread", at=last + timedelta(days=DAYS, seconds=-1))
    due = _run(database, "sparring_thread", at=last + timedelta(days=DAYS))

    assert (early, due) == (0, 1)
    assert _count(database, SparringThreadRecord) == _count(database, SparringMessageRecord) == 0
    [entry] = database.run_sync(lambda s: AuditLog(s).entries())
    assert (entry.action, entry.subject_id, dict(entry.detail)) == (
        "retention.deleted",
        "sparring_thread",
        {"count": 1},
    )


def test_a_thread_tied_to_a_case_that_exists_waits_for_its_case(database: Database):
    from storage.models import CaseRecord

    def write(session) -> None:
        session.add(
            CaseRecord(
                reference="KI-2026-0001",
                year=2026,
                sequence=1,
                tovholder_teams_user_id="29:a",
                created_at=NOW,
            )
        )
        _thread(session, asked=NOW, case_reference="KI-2026-0001")
        _thread(session, asked=NOW, case_reference="KI-2026-0404")  # no such case

    database.run_sync(write)

    assert _run(database, "sparring_thread", at=NOW + timedelta(days=DAYS + 1)) == 1
    assert _count(database, SparringThreadRecord) == 1


def test_deletion_goes_in_bounded_batches(database: Database):
    database.run_sync(lambda s: [_thread(s, asked=NOW) for _ in range(5)])
    later = NOW + timedelta(days=DAYS + 1)

    assert [_run(database, "sparring_thread", at=later, limit=2) for _ in range(4)] == [2, 2, 1, 0]


def test_a_poll_not_tied_to_a_case_goes_retention_days_after_its_last_time(database: Database):
    meeting = NOW + timedelta(days=20)

    def write(session) -> None:
        session.add(
            MeetingPollRecord(
                id="a" * 32,
                status="finalised",
                title="Netværksmøde",
                tovholder_tenant_id=ANNA.tenant_id,
                tovholder_aad_object_id=ANNA.aad_object_id,
                tovholder_teams_user_id="29:anna",
                origin_tenant_id=ANNA.tenant_id,
                origin_conversation_id="19:x",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        session.flush()
        session.add(
            MeetingSlotRecord(
                poll_id="a" * 32, key="s1", starts_at=meeting, ends_at=meeting + timedelta(hours=1)
            )
        )

    database.run_sync(write)

    assert _run(database, "meeting_poll", at=NOW + timedelta(days=DAYS + 1)) == 0
    assert _run(database, "meeting_poll", at=meeting + timedelta(days=DAYS, hours=1)) == 1
    assert _count(database, MeetingPollRecord) == _count(database, MeetingSlotRecord) == 0


def _reminder(session, *, status: str, rule: str | None, due: datetime) -> int:
    reminder = ReminderRecord(
        owner_tenant_id=ANNA.tenant_id,
        owner_aad_object_id=ANNA.aad_object_id,
        audience="me",
        text="ringe til lægen",
        language="da",
        rule=rule,
        next_due_at=due,
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(reminder)
    session.flush()
    session.add(
        ReminderOccurrenceRecord(
            reminder_id=reminder.id,
            key=f"reminder:{reminder.id}:r0:{due.isoformat()}",
            due_at=due,
            state="pending",
            created_at=NOW,
        )
    )
    return int(reminder.id or 0)


def test_a_reminder_goes_retention_days_after_its_last_occurrence_and_a_repeat_stays(
    database: Database,
):
    fired = NOW + timedelta(days=1)

    def write(session) -> None:
        _reminder(session, status="active", rule=None, due=fired)  # once; never answered
        _reminder(session, status="stopped", rule="FREQ=WEEKLY", due=fired)
        _reminder(session, status="active", rule="FREQ=WEEKLY", due=fired)  # repeats on

    database.run_sync(write)

    assert _run(database, "reminder", at=fired + timedelta(days=DAYS - 1)) == 0
    assert _run(database, "reminder", at=fired + timedelta(days=DAYS)) == 2
    assert _count(database, ReminderRecord) == _count(database, ReminderOccurrenceRecord) == 1


def test_a_screening_that_opened_no_case_goes_and_idle_dialog_state_too(database: Database):
    def write(session) -> None:
        session.add(
            ScreeningRecord(
                id="s" * 32,
                teams_user_id="29:anna",
                conversation_id="a:1",
                policy="national",
                answers_json="{}",
                result_json="{}",
                verdict="not_eligible",
                created_at=NOW,
            )
        )
        session.add(BotStateRecord(key="msteams/x", data="{}", etag="1", updated_at=NOW))

    database.run_sync(write)
    later = NOW + timedelta(days=DAYS, minutes=1)

    assert (_run(database, "screening", at=later), _run(database, "dialog_state", at=later)) == (
        1,
        1,
    )


def test_copies_of_a_deleted_subject_are_updated_in_each_readers_language_then_forgotten(
    database: Database,
):
    def write(session) -> None:
        unit = SqlUnitOfWork(session, NOW)
        session.add(UserRecord(teams_user_id="29:dina", language="en", first_seen_at=NOW,
                               last_seen_at=NOW))  # fmt: skip
        session.add(
            ConversationReferenceRecord(
                conversation_id="a:dina",
                teams_user_id="29:dina",
                service_url="https://smba/",
                reference_json="{}",
                updated_at=NOW,
            )
        )
        for conversation, activity in (("a:dina", "1"), ("19:channel", "2"), ("a:anna", "3")):
            unit.reach.record_copy(
                "sparring:7", SentCopy("t", conversation, activity, "https://smba/"), NOW
            )
        unit.send(
            OutgoingMessage("sparring:7:reminder", ToPerson(ANNA), Content(text="Sparring #7"), NOW)
        )
        unit.reach.record_copy(
            "msg:sparring:7:reminder", SentCopy("t", "a:anna", "4", "https://smba/"), NOW
        )
        MessageTrail(unit, _neutral).erase(Subject(("sparring:7",)))

    database.run_sync(write)

    updates = database.run_sync(
        lambda s: [
            (r.dedupe_key, json.loads(r.content_json)["text"], r.address_json)
            for r in s.scalars(select(OutboxRecord))
        ]
    )
    copies = database.run_sync(
        lambda s: sorted((c.card_key, c.activity_id) for c in s.scalars(select(SentCopyRecord)))
    )
    assert sorted(text for _, text, _ in updates) == ["deleted-da", "deleted-en"]
    assert all(key.startswith("deleted:") and key in address for key, _, address in updates)
    by_key = {key: text for key, text, _ in updates}
    assert sorted((by_key[key], activity) for key, activity in copies) == [
        ("deleted-da", "2"),
        ("deleted-da", "3"),
        ("deleted-da", "4"),
        ("deleted-en", "1"),
    ]

    database.run_sync(
        lambda s: s.execute(OutboxRecord.__table__.update().values(status=SENT))  # type: ignore[attr-defined]
    )
    assert _run(database, "card_update", at=NOW) == 2
    assert _count(database, SentCopyRecord) == _count(database, OutboxRecord) == 0
