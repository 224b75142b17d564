"""The meeting-poll repository: drafts, opening, votes as upserts, finalising, moving."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from domain.identity import PersonRef
from domain.meetings.poll import PersonKind, Poll, PollPerson, PollStatus, TimeSlot
from domain.meetings.ranking import Answer

from .meeting_tables import (
    CaseMeetingRecord,
    MeetingParticipantRecord,
    MeetingPollRecord,
    MeetingSlotRecord,
    MeetingVoteRecord,
)


@dataclass(frozen=True)
class Draft:
    """Everything the creation card gathered; saved as a poll in status draft."""

    id: str
    title: str
    tovholder: PersonRef
    tovholder_teams_user_id: str
    tovholder_name: str
    origin_tenant_id: str
    origin_conversation_id: str
    slots: Sequence[tuple[datetime, datetime]]
    people: Sequence[PollPerson]
    case_reference: str | None = None
    location: str = ""
    agenda: str = ""
    citizen_points: str = ""
    answer_by: date | None = None
    show_answers: bool = False
    minutes: int = 60


@dataclass(frozen=True)
class Origin:
    tovholder_teams_user_id: str
    tenant_id: str
    conversation_id: str


class Polls:
    def __init__(self, session: Session) -> None:
        self._session = session

    def save_draft(self, draft: Draft, now: datetime) -> bool:
        """Create or replace the draft; False if a poll with that id is no longer a draft."""
        record = self._session.get(MeetingPollRecord, draft.id)
        if record is not None and record.status != PollStatus.DRAFT:
            return False
        if record is None:
            record = MeetingPollRecord(
                id=draft.id,
                status=PollStatus.DRAFT,
                created_at=now,
                updated_at=now,
                title="",
                tovholder_tenant_id="",
                tovholder_aad_object_id="",
                tovholder_teams_user_id="",
                origin_tenant_id="",
                origin_conversation_id="",
            )
        record.title = draft.title[:200]
        record.case_reference = draft.case_reference
        record.tovholder_tenant_id = draft.tovholder.tenant_id
        record.tovholder_aad_object_id = draft.tovholder.aad_object_id
        record.tovholder_teams_user_id = draft.tovholder_teams_user_id
        record.tovholder_name = draft.tovholder_name[:200]
        record.origin_tenant_id = draft.origin_tenant_id
        record.origin_conversation_id = draft.origin_conversation_id
        record.location = draft.location[:300]
        record.agenda = draft.agenda
        record.citizen_points = draft.citizen_points
        record.answer_by = draft.answer_by
        record.show_answers = draft.show_answers
        record.minutes = draft.minutes
        record.updated_at = now
        self._session.add(record)
        self._session.flush()
        for table in (MeetingSlotRecord, MeetingParticipantRecord):
            self._session.execute(delete(table).where(col(table.poll_id) == draft.id))
        for n, (start, end) in enumerate(draft.slots, start=1):
            self._session.add(
                MeetingSlotRecord(poll_id=draft.id, key=f"s{n}", starts_at=start, ends_at=end)
            )
        for person in draft.people:
            self._session.add(
                MeetingParticipantRecord(
                    poll_id=draft.id,
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
        return True

    def get(self, poll_id: str, *, for_update: bool = False) -> Poll | None:
        """The poll; ``for_update`` locks its row (PostgreSQL) so changes to one poll queue up."""
        query = select(MeetingPollRecord).where(col(MeetingPollRecord.id) == poll_id)
        if for_update:
            query = query.with_for_update()
        record = self._session.scalars(query).first()
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

    def set_status(self, poll_id: str, status: PollStatus, now: datetime) -> None:
        record = self._record(poll_id)
        record.status = status
        self._touch(record, now)

    def record_votes(
        self,
        poll_id: str,
        participant_key: str,
        answers: Mapping[str, Answer],
        note: str | None,
        now: datetime,
    ) -> None:
        """One row per participant and slot: an upsert, so a changed answer replaces the old."""
        dialect = self._session.get_bind().dialect.name
        insert = postgres_insert if dialect == "postgresql" else sqlite_insert
        for slot_key, answer in answers.items():
            statement = insert(MeetingVoteRecord).values(
                poll_id=poll_id,
                participant_key=participant_key,
                slot_key=slot_key,
                answer=answer.value,
                updated_at=now,
            )
            statement = statement.on_conflict_do_update(
                index_elements=["poll_id", "participant_key", "slot_key"],
                set_={"answer": answer.value, "updated_at": now},
            )
            self._session.execute(statement)
        participant = self._session.scalars(
            select(MeetingParticipantRecord).where(
                col(MeetingParticipantRecord.poll_id) == poll_id,
                col(MeetingParticipantRecord.key) == participant_key,
            )
        ).one()
        participant.note = note[:300] if note else None
        self._session.add(participant)
        self._touch(self._record(poll_id), now)

    def finalise(self, poll_id: str, slot_key: str, now: datetime) -> None:
        record = self._record(poll_id)
        record.status = PollStatus.FINALISED
        record.chosen_slot = slot_key
        self._touch(record, now)

    def move(self, poll_id: str, start: datetime, end: datetime, now: datetime) -> str:
        """A new slot for a finalised meeting; returns its key. SEQUENCE goes up."""
        record = self._record(poll_id)
        key = self._next_slot_key(poll_id)
        self._session.add(
            MeetingSlotRecord(poll_id=poll_id, key=key, starts_at=start, ends_at=end, round=0)
        )
        record.chosen_slot = key
        record.sequence += 1
        self._touch(record, now)
        return key

    def cancel(self, poll_id: str, now: datetime) -> None:
        record = self._record(poll_id)
        if record.status == PollStatus.FINALISED:
            record.sequence += 1
        record.status = PollStatus.CANCELLED
        self._touch(record, now)

    def add_round(
        self, poll_id: str, slots: Sequence[tuple[datetime, datetime]], now: datetime
    ) -> None:
        """New proposals after a round in which no slot suited every required participant."""
        record = self._record(poll_id)
        record.round += 1
        first = int(self._next_slot_key(poll_id)[1:])
        for n, (start, end) in enumerate(slots, start=first):
            self._session.add(
                MeetingSlotRecord(
                    poll_id=poll_id, key=f"s{n}", starts_at=start, ends_at=end, round=record.round
                )
            )
        self._touch(record, now)

    def _next_slot_key(self, poll_id: str) -> str:
        keys = self._session.scalars(
            select(col(MeetingSlotRecord.key)).where(col(MeetingSlotRecord.poll_id) == poll_id)
        ).all()
        return f"s{max((int(k[1:]) for k in keys), default=0) + 1}"

    def _record(self, poll_id: str) -> MeetingPollRecord:
        record = self._session.get(MeetingPollRecord, poll_id)
        if record is None:
            raise LookupError(f"no poll {poll_id}")
        return record

    def _touch(self, record: MeetingPollRecord, now: datetime) -> None:
        record.version += 1
        record.updated_at = now
        self._session.add(record)
        self._session.flush()

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


def record_case_meeting(
    session: Session,
    case_reference: str,
    poll_id: str,
    times: tuple[datetime, datetime] | None,
    now: datetime,
) -> None:
    """The one place a KI case learns its meeting time (None: the meeting was cancelled).

    The course's deadlines start from ``ki_case_meetings.starts_at``; the lead connects them."""
    record = session.scalars(
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
    session.add(record)
