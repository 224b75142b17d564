"""Everything stored about one case, as JSON-ready data: for the citizen's right of access,
answered through the organisation (``ki-bot privacy export --case KI-…``).

Every table that holds something about the case contributes its rows whole: the case, its
screening (answers and result), its course, steps and planned reminders, the meeting time
recorded on it, its meeting polls (times, participants, votes), its sparring threads (every
message), the audit entries about it (views and changes) and the messages the bot sent or will
send that name it. ``names`` maps the staff ids that occur to their names, for a readable text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, SQLModel, col

from .audit import AuditLog
from .course_tables import CourseRecord, CourseReminderRecord, CourseStepRecord
from .directory_tables import PersonRecord
from .meeting_tables import (
    CaseMeetingRecord,
    MeetingParticipantRecord,
    MeetingPollRecord,
    MeetingSlotRecord,
    MeetingVoteRecord,
)
from .models import CaseRecord, ScreeningRecord, UserRecord
from .reach_models import OutboxRecord, SentCopyRecord
from .sparring import SparringMessageRecord, SparringThreadRecord
from .trail import Subject, course_subject, matching_rows


def _row(record: SQLModel) -> dict[str, Any]:
    return dict(record.model_dump(mode="json"))


def _rows(records: Iterable[SQLModel]) -> list[dict[str, Any]]:
    return [_row(r) for r in records]


def _json(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class CaseExport:
    def __init__(self, session: Session) -> None:
        self._session = session

    def gather(self, reference: str, now: datetime) -> dict[str, Any] | None:
        """Everything about ``reference``, or None if there is no such case."""
        case = self._session.scalars(
            select(CaseRecord).where(col(CaseRecord.reference) == reference)
        ).first()
        if case is None:
            return None
        data: dict[str, Any] = {"reference": reference, "exported_at": now.isoformat()}
        data["case"] = _row(case)
        screening = (
            self._session.get(ScreeningRecord, case.screening_id) if case.screening_id else None
        )
        if screening is not None:
            data["screening"] = _row(screening) | {
                "answers_json": _json(screening.answers_json),
                "result_json": _json(screening.result_json),
            }
        course = self._session.scalars(
            select(CourseRecord).where(col(CourseRecord.case_id) == case.id)
        ).first()
        if course is not None:
            data["course"] = _row(course)
            data["course_steps"] = _rows(
                self._session.scalars(
                    select(CourseStepRecord)
                    .where(col(CourseStepRecord.course_id) == course.id)
                    .order_by(col(CourseStepRecord.position))
                )
            )
            data["course_reminders"] = _rows(
                self._session.scalars(
                    select(CourseReminderRecord)
                    .where(col(CourseReminderRecord.course_id) == course.id)
                    .order_by(col(CourseReminderRecord.at))
                )
            )
        data["case_meetings"] = _rows(
            self._session.scalars(
                select(CaseMeetingRecord).where(col(CaseMeetingRecord.case_reference) == reference)
            )
        )
        data["meeting_polls"] = self._polls(reference)
        data["sparring_threads"] = self._threads(reference)
        data["audit"] = [
            {
                "at": e.at.isoformat(),
                "actor": f"{e.actor.tenant_id}/{e.actor.aad_object_id}" if e.actor else None,
                "action": e.action,
                "outcome": e.outcome,
                "subject": f"{e.subject_kind}:{e.subject_id}",
                "detail": dict(e.detail),
            }
            for e in AuditLog(self._session).entries(case_reference=reference)
        ]
        data["messages"], data["copies_in_teams"] = self._messages(
            course_subject(
                reference,
                [t["id"] for t in data["sparring_threads"]],
                [p["id"] for p in data["meeting_polls"]],
            )
        )
        data["names"] = self._names(data)
        return data

    def _polls(self, reference: str) -> list[dict[str, Any]]:
        polls = []
        for poll in self._session.scalars(
            select(MeetingPollRecord)
            .where(col(MeetingPollRecord.case_reference) == reference)
            .order_by(col(MeetingPollRecord.created_at))
        ):
            found = _row(poll)
            for name, table in (
                ("slots", MeetingSlotRecord),
                ("participants", MeetingParticipantRecord),
                ("votes", MeetingVoteRecord),
            ):
                found[name] = _rows(
                    self._session.scalars(
                        select(table).where(col(table.poll_id) == poll.id).order_by(col(table.id))
                    )
                )
            polls.append(found)
        return polls

    def _threads(self, reference: str) -> list[dict[str, Any]]:
        threads = []
        for thread in self._session.scalars(
            select(SparringThreadRecord)
            .where(col(SparringThreadRecord.case_reference) == reference)
            .order_by(col(SparringThreadRecord.id))
        ):
            found = _row(thread)
            found["messages"] = _rows(
                self._session.scalars(
                    select(SparringMessageRecord)
                    .where(col(SparringMessageRecord.thread_id) == thread.id)
                    .order_by(col(SparringMessageRecord.at), col(SparringMessageRecord.id))
                )
            )
            threads.append(found)
        return threads

    def _messages(self, subject: Subject) -> tuple[list[dict[str, Any]], int]:
        ids = [row.id for row in matching_rows(self._session, subject)]
        messages = [
            {
                "key": r.dedupe_key,
                "to": _json(r.address_json),
                "status": r.status,
                "due_at": r.due_at.isoformat(),
                "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                "content": _json(r.content_json),
            }
            for r in self._session.scalars(
                select(OutboxRecord)
                .where(col(OutboxRecord.id).in_(ids))
                .order_by(col(OutboxRecord.id))
            )
        ]
        families = [*subject.keys, *(f"msg:{k}" for k in subject.keys)]
        copies = self._session.scalar(
            select(func.count(func.distinct(col(SentCopyRecord.activity_id)))).where(
                or_(
                    *(col(SentCopyRecord.card_key) == k for k in families),
                    *(col(SentCopyRecord.card_key).like(f"{k}:%") for k in families),
                )
            )
        )
        return messages, int(copies or 0)

    def _names(self, data: dict[str, Any]) -> dict[str, str]:
        """Staff ids in the export (``tenant/object id``) and the names the bot knows them by."""
        wanted = set(_ids(data))
        names: dict[str, str] = {}
        for tenant, aad, name in self._session.execute(
            select(col(UserRecord.tenant_id), col(UserRecord.aad_object_id), col(UserRecord.name))
        ):
            key = f"{(tenant or '').lower()}/{(aad or '').lower()}"
            if key in wanted and name:
                names[key] = name
        for tenant, aad, name in self._session.execute(
            select(
                col(PersonRecord.tenant_id), col(PersonRecord.aad_object_id), col(PersonRecord.name)
            )
        ):
            key = f"{tenant}/{aad}"
            if key in wanted and name:
                names[key] = name
        return names


def _ids(value: Any, prefix: str = "") -> Iterable[str]:
    """``tenant/object id`` pairs in the gathered rows (``*_tenant_id`` + ``*_aad_object_id``)."""
    if isinstance(value, list):
        for item in value:
            yield from _ids(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("tenant_id") and isinstance(item, str):
                aad = value.get(key.removesuffix("tenant_id") + "aad_object_id")
                if isinstance(aad, str):
                    yield f"{item}/{aad}"
            if key == "actor" and isinstance(item, str):
                yield item
            if isinstance(item, list | dict):
                yield from _ids(item)
