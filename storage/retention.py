"""Deleting what is no longer needed, in bounded batches (``RETENTION_DAYS`` after it ended):

- a closed KI course with its case, screening answers, steps, planned reminders, the meeting
  time recorded on it, its meeting polls (slots, participants, votes) and sparring threads
  (messages); every outbox row that names it, and every copy of its cards in Teams is turned
  into a neutral "deleted" card (``storage.trail``). Its reference left in other free text (a
  reminder, another thread or poll) is replaced by ``KI-[slettet]``;
- a sparring thread not tied to a case, counted from its last message;
- a meeting poll not tied to a case, counted from its last time or change;
- a personal reminder, counted from its last occurrence;
- a screening that did not open a case, counted from when it was made;
- dialog state nobody touched for that long, and the rosters of teams the app left.

Each call deletes at most ``limit`` things of one kind in the caller's unit of work and writes
one audit entry saying what kind and how many, never which.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, delete, exists, func, not_, or_, select, update
from sqlmodel import col

from .audit import AuditEntry, AuditLog
from .course_tables import CourseRecord, CourseReminderRecord, CourseStepRecord
from .meeting_tables import (
    CaseMeetingRecord,
    MeetingParticipantRecord,
    MeetingPollRecord,
    MeetingSlotRecord,
    MeetingVoteRecord,
)
from .models import BotStateRecord, CaseRecord, ScreeningRecord
from .outbox import CANCELLED, FAILED, SENT, UNREACHABLE
from .prompt_cards import PromptCardRecord
from .reach import MESSAGE_KEY_PREFIX
from .reach_models import (
    ChannelRecord,
    InstallationRecord,
    MemberRecord,
    OutboxRecord,
    SentCopyRecord,
)
from .reminders import ReminderOccurrenceRecord, ReminderRecord
from .sparring import SparringMessageRecord, SparringThreadRecord
from .trail import MessageTrail, NeutralContent, Subject, course_subject
from .unit_of_work import SqlUnitOfWork

DELETED_REFERENCE: Final = "KI-[slettet]"
PROMPT_CARD_DAYS: Final = timedelta(days=2)
CLOSED: Final = "closed"
CLOSE_STEP: Final = "close"
KINDS: Final = (
    "case",
    "sparring_thread",
    "meeting_poll",
    "reminder",
    "screening",
    "dialog_state",
    "installation",
    "weekly_overview",
    "card_update",
)
OVERVIEW_PREFIX: Final = "course:overview:"


@dataclass(frozen=True)
class _Case:
    id: int
    reference: str
    screening_id: str | None


class Retention:
    def __init__(
        self,
        unit: SqlUnitOfWork,
        *,
        days: int,
        neutral: NeutralContent,
        default_language: str = "da",
    ) -> None:
        self._unit = unit
        self._session = unit.session
        self._now = unit.now
        self.cutoff = unit.now - timedelta(days=days)
        self._trail = MessageTrail(unit, neutral, default_language)
        self._quiet_trail = MessageTrail(unit, None, default_language)

    def run(self, kind: str, limit: int) -> int:
        """Delete up to ``limit`` things of ``kind`` that are due; how many were deleted."""
        deleted = int(getattr(self, f"_{kind}")(limit))
        if deleted and kind != "card_update":
            AuditLog(self._session).record(
                AuditEntry(
                    self._unit.now,
                    None,
                    "retention.deleted",
                    "retention",
                    kind,
                    detail={"count": deleted},
                )
            )
        return deleted

    # --- cases -------------------------------------------------------------------------------

    def _case(self, limit: int) -> int:
        closed_at = (
            select(func.max(col(CourseStepRecord.at)))
            .where(
                col(CourseStepRecord.course_id) == col(CourseRecord.id),
                col(CourseStepRecord.step) == CLOSE_STEP,
            )
            .scalar_subquery()
        )
        rows = self._session.execute(
            select(col(CaseRecord.id), col(CaseRecord.reference), col(CaseRecord.screening_id))
            .join(CourseRecord, col(CourseRecord.case_id) == col(CaseRecord.id))
            .where(col(CourseRecord.stage) == CLOSED, closed_at <= self.cutoff)
            .order_by(col(CaseRecord.id))
            .limit(limit)
        ).all()
        deleted = 0
        for case_id, reference, screening_id in rows:
            if self._delete_case(_Case(int(case_id), reference, screening_id)):
                deleted += 1
        return deleted

    def _delete_case(self, case: _Case) -> bool:
        threads = [
            thread_id
            for thread_id in self._session.scalars(
                select(col(SparringThreadRecord.id)).where(
                    col(SparringThreadRecord.case_reference) == case.reference
                )
            )
            if thread_id is not None
        ]
        polls = list(
            self._session.scalars(
                select(col(MeetingPollRecord.id)).where(
                    col(MeetingPollRecord.case_reference) == case.reference
                )
            )
        )
        subject = course_subject(case.reference, threads, polls)
        if self._trail.busy(subject):
            return False  # a card of it is being sent right now: next round
        self._trail.erase(subject)
        self._delete_threads(threads)
        self._delete_polls(polls)
        self._session.execute(
            delete(CaseMeetingRecord).where(col(CaseMeetingRecord.case_reference) == case.reference)
        )
        courses = select(col(CourseRecord.id)).where(col(CourseRecord.case_id) == case.id)
        for table in (CourseReminderRecord, CourseStepRecord):
            self._session.execute(delete(table).where(col(table.course_id).in_(courses)))
        self._session.execute(delete(CourseRecord).where(col(CourseRecord.case_id) == case.id))
        self._session.execute(delete(CaseRecord).where(col(CaseRecord.id) == case.id))
        if case.screening_id is not None:
            self._session.execute(
                delete(ScreeningRecord).where(col(ScreeningRecord.id) == case.screening_id)
            )
        self._forget_reference(case.reference)
        return True

    def _forget_reference(self, reference: str) -> None:
        """The reference typed into free text elsewhere (a reminder, another thread or poll)
        is replaced; dialog state that holds it is dropped."""
        pattern = re.compile(rf"{re.escape(reference)}(?![0-9])")
        for column in (
            col(ReminderRecord.text),
            col(SparringThreadRecord.question),
            col(SparringMessageRecord.text),
            col(MeetingPollRecord.title),
            col(MeetingPollRecord.agenda),
            col(MeetingPollRecord.citizen_points),
            col(MeetingPollRecord.location),
            col(MeetingParticipantRecord.note),
        ):
            self._replace_in(column, pattern, reference)
        self._session.execute(
            delete(BotStateRecord).where(col(BotStateRecord.data).contains(reference))
        )

    def _replace_in(self, column: Any, pattern: re.Pattern[str], reference: str) -> None:
        table = column.class_
        key = col(table.id)
        rows = self._session.execute(select(key, column).where(column.contains(reference))).all()
        for row_id, value in rows:
            if value and pattern.search(value):
                self._session.execute(
                    update(table)
                    .where(key == row_id)
                    .values({column.key: pattern.sub(DELETED_REFERENCE, value)})
                )

    # --- sparring threads and polls not tied to a case -------------------------------------

    @staticmethod
    def _untied(reference: Any) -> ColumnElement[bool]:
        return or_(
            reference.is_(None),
            not_(exists().where(col(CaseRecord.reference) == reference)),
        )

    def _sparring_thread(self, limit: int) -> int:
        last_message = (
            select(func.max(col(SparringMessageRecord.at)))
            .where(col(SparringMessageRecord.thread_id) == col(SparringThreadRecord.id))
            .scalar_subquery()
        )
        threads = list(
            self._session.scalars(
                select(col(SparringThreadRecord.id))
                .where(
                    self._untied(col(SparringThreadRecord.case_reference)),
                    func.coalesce(last_message, col(SparringThreadRecord.asked_at)) <= self.cutoff,
                )
                .order_by(col(SparringThreadRecord.id))
                .limit(limit)
            )
        )
        return self._delete_loose(threads, "sparring", self._delete_threads)

    def _meeting_poll(self, limit: int) -> int:
        last_time = (
            select(func.max(col(MeetingSlotRecord.ends_at)))
            .where(col(MeetingSlotRecord.poll_id) == col(MeetingPollRecord.id))
            .scalar_subquery()
        )
        polls = list(
            self._session.scalars(
                select(col(MeetingPollRecord.id))
                .where(
                    self._untied(col(MeetingPollRecord.case_reference)),
                    col(MeetingPollRecord.updated_at) <= self.cutoff,
                    or_(last_time.is_(None), last_time <= self.cutoff),
                )
                .order_by(col(MeetingPollRecord.id))
                .limit(limit)
            )
        )
        return self._delete_loose(polls, "poll", self._delete_polls)

    def _delete_loose(self, ids: list[Any], family: str, remove: Any) -> int:
        gone = []
        for subject_id in ids:
            subject = Subject((f"{family}:{subject_id}",))
            if not self._trail.busy(subject):
                self._trail.erase(subject)
                gone.append(subject_id)
        remove(gone)
        return len(gone)

    def _delete_threads(self, thread_ids: Sequence[int]) -> None:
        if thread_ids:
            self._session.execute(
                delete(SparringMessageRecord).where(
                    col(SparringMessageRecord.thread_id).in_(thread_ids)
                )
            )
            self._session.execute(
                delete(SparringThreadRecord).where(col(SparringThreadRecord.id).in_(thread_ids))
            )

    def _delete_polls(self, poll_ids: Sequence[str]) -> None:
        if poll_ids:
            for table in (
                MeetingVoteRecord,
                MeetingParticipantRecord,
                MeetingSlotRecord,
                CaseMeetingRecord,
            ):
                self._session.execute(delete(table).where(col(table.poll_id).in_(poll_ids)))
            self._session.execute(
                delete(MeetingPollRecord).where(col(MeetingPollRecord.id).in_(poll_ids))
            )

    # --- reminders, screenings, dialog state, rosters --------------------------------------

    def _reminder(self, limit: int) -> int:
        """Reminders that will not occur again, whose last occurrence is old enough."""
        moment = func.coalesce(
            col(ReminderOccurrenceRecord.snoozed_until), col(ReminderOccurrenceRecord.due_at)
        )
        later = exists().where(
            col(ReminderOccurrenceRecord.reminder_id) == col(ReminderRecord.id),
            moment > self.cutoff,
        )
        reminders = list(
            self._session.scalars(
                select(col(ReminderRecord.id))
                .where(
                    or_(col(ReminderRecord.status) != "active", col(ReminderRecord.rule).is_(None)),
                    col(ReminderRecord.next_due_at) <= self.cutoff,
                    col(ReminderRecord.updated_at) <= self.cutoff,
                    not_(later),
                )
                .order_by(col(ReminderRecord.id))
                .limit(limit)
            )
        )
        for reminder_id in reminders:
            self._quiet_trail.erase(
                Subject((f"reminder:{reminder_id}", f"reminder-card:reminder:{reminder_id}"))
            )
        if reminders:
            self._session.execute(
                delete(ReminderOccurrenceRecord).where(
                    col(ReminderOccurrenceRecord.reminder_id).in_(reminders)
                )
            )
            self._session.execute(
                delete(ReminderRecord).where(col(ReminderRecord.id).in_(reminders))
            )
        return len(reminders)

    def _screening(self, limit: int) -> int:
        loose = list(
            self._session.scalars(
                select(col(ScreeningRecord.id))
                .where(
                    col(ScreeningRecord.created_at) <= self.cutoff,
                    not_(exists().where(col(CaseRecord.screening_id) == col(ScreeningRecord.id))),
                )
                .limit(limit)
            )
        )
        if loose:
            self._session.execute(delete(ScreeningRecord).where(col(ScreeningRecord.id).in_(loose)))
        return len(loose)

    def _dialog_state(self, limit: int) -> int:
        """Dialog state nobody touched for the retention period, and cards waiting for an answer
        that were answered, replaced or left for ``PROMPT_CARD_DAYS`` (they hold the answers so
        far, which the stored screening keeps once it is done)."""
        stale = list(
            self._session.scalars(
                select(col(PromptCardRecord.card_id))
                .where(col(PromptCardRecord.changed_at) <= self._now - PROMPT_CARD_DAYS)
                .limit(limit)
            )
        )
        if stale:
            self._session.execute(
                delete(PromptCardRecord).where(col(PromptCardRecord.card_id).in_(stale))
            )
        idle = list(
            self._session.scalars(
                select(col(BotStateRecord.key))
                .where(col(BotStateRecord.updated_at) <= self.cutoff)
                .limit(limit)
            )
        )
        if idle:
            self._session.execute(delete(BotStateRecord).where(col(BotStateRecord.key).in_(idle)))
        return len(idle)

    def _installation(self, limit: int) -> int:
        """Teams and group chats the app was removed from: their channels and members."""
        left = list(
            self._session.scalars(
                select(col(InstallationRecord.id))
                .where(
                    col(InstallationRecord.active).is_(False),
                    col(InstallationRecord.updated_at) <= self.cutoff,
                )
                .limit(limit)
            )
        )
        if left:
            for table in (MemberRecord, ChannelRecord):
                self._session.execute(delete(table).where(col(table.installation_id).in_(left)))
            self._session.execute(
                delete(InstallationRecord).where(col(InstallationRecord.id).in_(left))
            )
        return len(left)

    def _weekly_overview(self, limit: int) -> int:
        """Coordinators' weekly overviews sent (or given up) long ago: their rows and copies.
        (One that names a deleted case went with that case, its copies turned neutral.)"""
        keys = list(
            self._session.scalars(
                select(col(OutboxRecord.dedupe_key))
                .where(
                    col(OutboxRecord.dedupe_key).like(f"{OVERVIEW_PREFIX}%"),
                    col(OutboxRecord.status).in_([SENT, FAILED, UNREACHABLE, CANCELLED]),
                    col(OutboxRecord.created_at) <= self.cutoff,
                )
                .limit(limit)
            )
        )
        if keys:
            self._session.execute(
                delete(SentCopyRecord).where(
                    col(SentCopyRecord.card_key).in_([f"{MESSAGE_KEY_PREFIX}{k}" for k in keys])
                )
            )
            self._session.execute(
                delete(OutboxRecord).where(col(OutboxRecord.dedupe_key).in_(keys))
            )
        return len(keys)

    def _card_update(self, limit: int) -> int:
        """The rows of neutral card updates already sent: no longer needed."""
        return self._trail.forget_finished_updates(limit)
