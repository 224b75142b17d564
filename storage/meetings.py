"""The meeting-poll repository: it loads a poll and saves what ``domain.meetings.poll`` made
of it. The rules (which change when, SEQUENCE, rounds) are the domain's; here only the rows:
votes as upserts (one row per participant and slot, so no vote is lost), and every save
conditional on the version it was made from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from domain.identity import PersonRef
from domain.meetings.poll import Changed, PersonKind, Poll, PollPerson, PollStatus, TimeSlot
from domain.meetings.ranking import Answer

from .meeting_tables import (
    CaseMeetingRecord,
    MeetingParticipantRecord,
    MeetingPollRecord,
    MeetingSlotRecord,
    MeetingVoteRecord,
)


@dataclass(frozen=True)
class Origin:
    """Where the form was opened: the shared card goes there; who opened it, by Teams id."""

    tovholder_teams_user_id: str
    tenant_id: str
    conversation_id: str


class PollRepository(Protocol):
    """Meeting polls as a unit of work loads and saves them."""

    def add(self, poll: Poll, origin: Origin, now: datetime) -> None: ...

    def get(self, poll_id: str) -> Poll | None: ...

    def lock(self, poll_id: str) -> None: ...

    def origin(self, poll_id: str) -> Origin | None: ...

    def save(self, change: Changed, now: datetime) -> bool: ...

    def record_case_meeting(
        self,
        case_reference: str,
        poll_id: str,
        times: tuple[datetime, datetime] | None,
        now: datetime,
    ) -> None: ...


class Polls:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, poll: Poll, origin: Origin, now: datetime) -> None:
        """A new poll (a draft, when a form is opened)."""
        self._session.add(
            MeetingPollRecord(
                id=poll.id,
                status=poll.status,
                created_at=now,
                updated_at=now,
                title=poll.title[:200],
                tovholder_tenant_id=poll.tovholder.tenant_id,
                tovholder_aad_object_id=poll.tovholder.aad_object_id,
                tovholder_teams_user_id=origin.tovholder_teams_user_id,
                tovholder_name=poll.tovholder_name[:200],
                origin_tenant_id=origin.tenant_id,
                origin_conversation_id=origin.conversation_id,
                version=poll.version,
            )
        )
        self._session.flush()
        self._add_slots(poll.id, poll.slots)
        self._add_people(poll.id, poll.people)

    def get(self, poll_id: str) -> Poll | None:
        record = self._session.scalars(
            select(MeetingPollRecord)
            .where(col(MeetingPollRecord.id) == poll_id)
            .execution_options(populate_existing=True)
        ).first()
        return None if record is None else self._poll(record)

    def lock(self, poll_id: str) -> None:
        """Take the poll's row lock first thing in a transaction that changes the poll: changes
        to one poll then queue up (PostgreSQL row lock; SQLite's write lock, taken before any
        read so a concurrent writer cannot leave this transaction with a stale snapshot)."""
        self._session.execute(
            update(MeetingPollRecord)
            .where(col(MeetingPollRecord.id) == poll_id)
            .values(version=MeetingPollRecord.version)
        )

    def origin(self, poll_id: str) -> Origin | None:
        record = self._session.get(MeetingPollRecord, poll_id)
        if record is None:
            return None
        return Origin(
            record.tovholder_teams_user_id,
            record.origin_tenant_id,
            record.origin_conversation_id,
        )

    def save(self, change: Changed, now: datetime) -> bool:
        """The poll after ``change``, if the stored one is still the poll before it (a
        conditional update: of two changes made from one version, only the first is saved)."""
        before, poll = change.before, change.poll
        saved: CursorResult[Any] = self._session.execute(  # type: ignore[assignment]
            update(MeetingPollRecord)
            .where(
                col(MeetingPollRecord.id) == poll.id,
                col(MeetingPollRecord.version) == before.version,
            )
            .values(
                status=poll.status,
                title=poll.title[:200],
                case_reference=poll.case_reference,
                location=poll.location[:300],
                agenda=poll.agenda,
                citizen_points=poll.citizen_points,
                answer_by=poll.answer_by,
                show_answers=poll.show_answers,
                minutes=poll.minutes,
                round=poll.round,
                chosen_slot=poll.chosen_slot,
                sequence=poll.sequence,
                version=poll.version,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if saved.rowcount != 1:
            return False
        if poll.people != before.people:  # only a draft's people change, before any vote
            self._delete(MeetingParticipantRecord, poll.id)
            self._add_people(poll.id, poll.people)
        kept = set(before.slots) & set(poll.slots)
        if len(kept) < len(before.slots):  # only a draft's times are replaced
            self._delete(MeetingSlotRecord, poll.id)
            kept = set()
        self._add_slots(poll.id, [s for s in poll.slots if s not in kept])
        self._save_votes(before, poll, now)
        for participant in poll.inputs - before.inputs:
            self._session.execute(
                update(MeetingParticipantRecord)
                .where(
                    col(MeetingParticipantRecord.poll_id) == poll.id,
                    col(MeetingParticipantRecord.key) == participant,
                )
                .values(input_given_at=now)
                .execution_options(synchronize_session=False)
            )
        return True

    def record_case_meeting(
        self,
        case_reference: str,
        poll_id: str,
        times: tuple[datetime, datetime] | None,
        now: datetime,
    ) -> None:
        """The one place a KI case learns its meeting time (None: the meeting was cancelled).

        The course's deadlines start from ``ki_case_meetings.starts_at``."""
        record = self._session.scalars(
            select(CaseMeetingRecord).where(col(CaseMeetingRecord.case_reference) == case_reference)
        ).first()
        if record is None:
            if times is None:
                return
            record = CaseMeetingRecord(
                case_reference=case_reference,
                poll_id=poll_id,
                starts_at=times[0],
                ends_at=times[1],
                status="planned",
                updated_at=now,
            )
        elif times is None:
            record.status = "cancelled"
        else:
            record.poll_id, record.starts_at, record.ends_at = poll_id, times[0], times[1]
            record.status = "planned"
        record.updated_at = now
        self._session.add(record)

    def _delete(
        self, table: type[MeetingParticipantRecord] | type[MeetingSlotRecord], poll_id: str
    ) -> None:
        self._session.execute(delete(table).where(col(table.poll_id) == poll_id))

    def _add_slots(self, poll_id: str, slots: Sequence[TimeSlot]) -> None:
        for slot in slots:
            self._session.add(
                MeetingSlotRecord(
                    poll_id=poll_id,
                    key=slot.key,
                    starts_at=slot.start,
                    ends_at=slot.end,
                    round=slot.round,
                )
            )
        self._session.flush()

    def _add_people(self, poll_id: str, people: Sequence[PollPerson]) -> None:
        for person in people:
            self._session.add(
                MeetingParticipantRecord(
                    poll_id=poll_id,
                    key=person.key,
                    name=person.name[:200],
                    kind=person.kind,
                    required=person.required,
                    tenant_id=person.person.tenant_id if person.person else None,
                    aad_object_id=person.person.aad_object_id if person.person else None,
                    upn=person.upn,
                )
            )
        self._session.flush()

    def _save_votes(self, before: Poll, poll: Poll, now: datetime) -> None:
        """One row per participant and slot: an upsert, so a changed answer replaces the old."""
        dialect = self._session.get_bind().dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        for participant, answers in poll.votes.items():
            earlier = before.votes.get(participant, {})
            for slot_key, answer in answers.items():
                if earlier.get(slot_key) is answer:
                    continue
                statement = insert(MeetingVoteRecord).values(
                    poll_id=poll.id,
                    participant_key=participant,
                    slot_key=slot_key,
                    answer=answer.value,
                    updated_at=now,
                )
                self._session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["poll_id", "participant_key", "slot_key"],
                        set_={"answer": answer.value, "updated_at": now},
                    )
                )
        for person in poll.people:
            note = poll.notes.get(person.key)
            if note != before.notes.get(person.key):
                self._session.execute(
                    update(MeetingParticipantRecord)
                    .where(
                        col(MeetingParticipantRecord.poll_id) == poll.id,
                        col(MeetingParticipantRecord.key) == person.key,
                    )
                    .values(note=note[:300] if note else None)
                    .execution_options(synchronize_session=False)
                )

    def _poll(self, record: MeetingPollRecord) -> Poll:
        slots = self._session.scalars(
            select(MeetingSlotRecord)
            .where(col(MeetingSlotRecord.poll_id) == record.id)
            .order_by(col(MeetingSlotRecord.starts_at), col(MeetingSlotRecord.key))
        ).all()
        people = self._session.scalars(
            select(MeetingParticipantRecord)
            .where(col(MeetingParticipantRecord.poll_id) == record.id)
            .order_by(col(MeetingParticipantRecord.id))
        ).all()
        votes: dict[str, dict[str, Answer]] = {}
        for vote in self._session.scalars(
            select(MeetingVoteRecord).where(col(MeetingVoteRecord.poll_id) == record.id)
        ):
            votes.setdefault(vote.participant_key, {})[vote.slot_key] = Answer(vote.answer)
        return Poll(
            id=record.id,
            status=PollStatus(record.status),
            title=record.title,
            tovholder=PersonRef(record.tovholder_tenant_id, record.tovholder_aad_object_id),
            tovholder_name=record.tovholder_name,
            minutes=record.minutes,
            round=record.round,
            slots=tuple(TimeSlot(s.key, s.starts_at, s.ends_at, s.round) for s in slots),
            people=tuple(
                PollPerson(
                    p.key,
                    p.name,
                    PersonKind(p.kind),
                    p.required,
                    PersonRef(p.tenant_id, p.aad_object_id)
                    if p.tenant_id and p.aad_object_id
                    else None,
                    p.upn,
                )
                for p in people
            ),
            votes=votes,
            notes={p.key: p.note for p in people if p.note},
            inputs=frozenset(p.key for p in people if p.input_given_at is not None),
            case_reference=record.case_reference,
            location=record.location,
            agenda=record.agenda,
            citizen_points=record.citizen_points,
            answer_by=record.answer_by,
            show_answers=record.show_answers,
            chosen_slot=record.chosen_slot,
            sequence=record.sequence,
            version=record.version,
        )
