"""The course of each case: its state, the history of its steps and the reminders planned for
it. A repository on the caller's session; the caller's unit of work commits.

Changes to one course queue up: a change loads it ``for_update`` (PostgreSQL's row lock; SQLite
takes its write lock when the transaction begins), so two clicks at once never both take a step
from the same stage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from domain.course import (
    Course,
    CourseDates,
    CourseRules,
    Event,
    Planned,
    PlannedKey,
    Stage,
    Step,
    keys,
)
from domain.course.deadlines import CountedFrom
from domain.course.due_windows import Span
from domain.course.stats import CourseFacts, Quarter, QuarterFigures
from domain.identity import PersonRef
from domain.keys import MessageKey

from . import course_figures
from .course_tables import CourseRecord, CourseReminderRecord, CourseStepRecord
from .models import CaseRecord, UserRecord
from .reach_models import OutboxRecord

_DATE_FIELDS = tuple(f.name for f in fields(CourseDates))


@dataclass(frozen=True)
class StoredCourse:
    id: int
    course: Course
    tovholder: PersonRef
    organisation_id: str | None
    other_organisation_id: str | None
    initials: str | None = None
    meeting_at: datetime | None = None
    created_at: datetime | None = None
    # The names Teams sent for the tovholder and the people in the history, for whoever the
    # directory does not name.
    names: Mapping[PersonRef, str] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        return self.course.case_id

    @property
    def organisation_ids(self) -> frozenset[str]:
        return frozenset(o for o in (self.organisation_id, self.other_organisation_id) if o)


def _person(tenant: str | None, aad: str | None) -> PersonRef | None:
    return PersonRef(tenant, aad) if tenant and aad else None


class CourseRepository(Protocol):
    """The courses of the cases, what is planned for them, and the facts the figures need."""

    def get(self, reference: str, *, for_update: bool = False) -> StoredCourse | None: ...

    def of_tovholder(self, person: PersonRef) -> list[StoredCourse]: ...

    def of_organisation(self, organisation_id: str) -> list[StoredCourse]: ...

    def start(
        self,
        reference: str,
        *,
        tovholder: PersonRef,
        organisation_id: str | None,
        other_organisation_id: str | None,
        level: int,
        now: datetime,
    ) -> StoredCourse: ...

    def save(
        self,
        stored: StoredCourse,
        course: Course,
        now: datetime,
        *,
        tovholder: PersonRef | None = None,
        meeting_at: datetime | None = None,
    ) -> StoredCourse: ...

    def planned(self, course_id: int) -> list[Planned]: ...

    def plan(self, course_id: int, added: Iterable[Planned]) -> None: ...

    def unplan(self, course_id: int, withdrawn: Iterable[Planned]) -> None: ...

    def teams_ids(self, people: Iterable[PersonRef]) -> list[str]: ...

    def facts(
        self, zone: ZoneInfo, organisation_id: str | None = None
    ) -> list[tuple[str | None, CourseFacts]]: ...

    def open_in_spans(self, organisation_id: str, spans: Sequence[Span]) -> list[Course]: ...

    def nth_counted_from(
        self, organisation_id: str, latest: Mapping[CountedFrom, date | None], n: int
    ) -> dict[CountedFrom, date | None]: ...

    def quarter_figures(
        self,
        quarters: Sequence[Quarter],
        zone: ZoneInfo,
        rules: CourseRules,
        organisation_id: str | None = None,
    ) -> dict[str | None, list[QuarterFigures]]: ...

    def queued(self, key: MessageKey) -> bool: ...


class CourseStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- reading ---------------------------------------------------------------------------
    def get(
        self, reference: str, *, for_update: bool = False, history: bool = True
    ) -> StoredCourse | None:
        """The course; ``for_update`` locks its row until the unit of work commits."""
        query = select(CourseRecord).where(col(CourseRecord.reference) == reference)
        if for_update:
            query = query.with_for_update()
        record = self._session.scalars(query).first()
        return self._view(record, history=history) if record is not None else None

    def of_tovholder(self, person: PersonRef) -> list[StoredCourse]:
        return self._many(
            col(CourseRecord.tovholder_tenant_id) == person.tenant_id,
            col(CourseRecord.tovholder_aad_object_id) == person.aad_object_id,
        )

    def of_organisation(self, organisation_id: str) -> list[StoredCourse]:
        return self._many(col(CourseRecord.organisation_id) == organisation_id)

    def everything(self) -> list[StoredCourse]:
        return self._many()

    def _many(self, *where: Any) -> list[StoredCourse]:
        query = (
            select(CourseRecord, col(CaseRecord.initials))
            .join(CaseRecord, col(CaseRecord.id) == col(CourseRecord.case_id))
            .where(*where)
            .order_by(col(CourseRecord.reference))
        )
        return [
            self._view(record, history=False, initials=initials)
            for record, initials in self._session.execute(query)
        ]

    def _view(
        self, record: CourseRecord, *, history: bool, initials: str | None = None
    ) -> StoredCourse:
        events: tuple[Event, ...] = ()
        if history and record.id is not None:
            rows = self._session.scalars(
                select(CourseStepRecord)
                .where(col(CourseStepRecord.course_id) == record.id)
                .order_by(col(CourseStepRecord.position))
            )
            events = tuple(
                Event(
                    Step(r.step),
                    r.at,
                    r.day,
                    _person(r.actor_tenant_id, r.actor_aad_object_id),
                    r.corrected,
                )
                for r in rows
            )
        course = Course(
            record.reference,
            Stage(record.stage),
            record.level,
            record.period,
            CourseDates(**{name: getattr(record, name) for name in _DATE_FIELDS}),
            events,
        )
        if record.id is None:
            raise ValueError("a stored course has an id")
        tovholder = PersonRef(record.tovholder_tenant_id, record.tovholder_aad_object_id)
        if history:
            initials = self._session.scalar(
                select(col(CaseRecord.initials)).where(col(CaseRecord.id) == record.case_id)
            )
        people = {tovholder, *(e.actor for e in events if e.actor is not None)}
        return StoredCourse(
            record.id,
            course,
            tovholder,
            record.organisation_id,
            record.other_organisation_id,
            initials,
            record.meeting_at,
            record.created_at,
            self._names(people) if history else {},
        )

    def _names(self, people: set[PersonRef]) -> dict[PersonRef, str]:
        """The display names Teams last sent for these people (blank ones left out)."""
        rows = self._session.execute(
            select(col(UserRecord.tenant_id), col(UserRecord.aad_object_id), col(UserRecord.name))
            .where(func.lower(col(UserRecord.aad_object_id)).in_([p.aad_object_id for p in people]))
            .order_by(col(UserRecord.last_seen_at))
        )
        found: dict[PersonRef, str] = {}
        for tenant, aad, name in rows:
            ref = PersonRef(tenant, aad) if tenant and aad else None
            if ref in people and name and name.strip():
                found[ref] = name.strip()
        return found

    # --- writing ---------------------------------------------------------------------------
    def start(
        self,
        reference: str,
        *,
        tovholder: PersonRef,
        organisation_id: str | None,
        other_organisation_id: str | None,
        level: int,
        now: datetime,
    ) -> StoredCourse:
        """The course of the case ``reference``, created at stage idea if it has none yet."""
        existing = self.get(reference)
        if existing is not None:
            return existing
        case_id = self._session.scalar(
            select(col(CaseRecord.id)).where(col(CaseRecord.reference) == reference)
        )
        if case_id is None:
            raise LookupError(f"no case {reference}")
        self._session.add(
            CourseRecord(
                case_id=case_id,
                reference=reference,
                stage=Stage.IDEA.value,
                level=level if level in (1, 2, 3) else 1,
                organisation_id=organisation_id,
                other_organisation_id=other_organisation_id,
                tovholder_tenant_id=tovholder.tenant_id,
                tovholder_aad_object_id=tovholder.aad_object_id,
                created_at=now,
                updated_at=now,
            )
        )
        self._session.flush()
        started = self.get(reference)
        if started is None:
            raise LookupError(reference)
        return started

    def save(
        self,
        stored: StoredCourse,
        course: Course,
        now: datetime,
        *,
        tovholder: PersonRef | None = None,
        meeting_at: datetime | None = None,
    ) -> StoredCourse:
        """Write ``course`` (``stored.course`` advanced): its state and the steps it added."""
        record = self._session.get(CourseRecord, stored.id)
        if record is None:
            raise LookupError(stored.reference)
        record.stage = course.stage.value
        record.level = course.level
        record.period = course.period
        for name in _DATE_FIELDS:
            setattr(record, name, getattr(course.dates, name))
        if tovholder is not None:
            record.tovholder_tenant_id = tovholder.tenant_id
            record.tovholder_aad_object_id = tovholder.aad_object_id
        if meeting_at is not None or course.dates.meeting_on is None:
            record.meeting_at = meeting_at
        record.updated_at = now
        for position, event in enumerate(course.history):
            if position < len(stored.course.history):
                continue
            self._session.add(
                CourseStepRecord(
                    course_id=stored.id,
                    position=position,
                    step=event.step.value,
                    day=event.on,
                    at=event.at,
                    actor_tenant_id=event.actor.tenant_id if event.actor else None,
                    actor_aad_object_id=event.actor.aad_object_id if event.actor else None,
                    corrected=event.corrected,
                )
            )
        self._session.flush()
        saved = self.get(stored.reference)
        if saved is None:
            raise LookupError(stored.reference)
        return saved

    # --- planned reminders -----------------------------------------------------------------
    def planned(self, course_id: int) -> list[Planned]:
        rows = self._session.scalars(
            select(CourseReminderRecord).where(col(CourseReminderRecord.course_id) == course_id)
        )
        found = [(_planned_key(r.key), r) for r in rows]
        return [Planned(k, r.at, r.key if r.key != str(k) else None) for k, r in found]

    def plan(self, course_id: int, added: Iterable[Planned]) -> None:
        for planned in added:
            self._session.add(
                CourseReminderRecord(
                    course_id=course_id,
                    key=planned.text,
                    kind=planned.kind.value,
                    due=planned.due,
                    at=planned.at,
                )
            )

    def unplan(self, course_id: int, withdrawn: Iterable[Planned]) -> None:
        texts = [planned.text for planned in withdrawn]
        if texts:
            self._session.execute(
                delete(CourseReminderRecord).where(
                    col(CourseReminderRecord.course_id) == course_id,
                    col(CourseReminderRecord.key).in_(texts),
                )
            )

    def teams_ids(self, people: Iterable[PersonRef]) -> list[str]:
        """The Teams user ids the bot has seen for these people (for a card's refresh)."""
        wanted = {(p.tenant_id, p.aad_object_id) for p in people}
        if not wanted:
            return []
        rows = self._session.execute(
            select(col(UserRecord.tenant_id), col(UserRecord.aad_object_id),
                   col(UserRecord.teams_user_id))
            .where(col(UserRecord.aad_object_id).in_([aad for _, aad in wanted]))
        )  # fmt: skip
        return sorted(teams for tenant, aad, teams in rows if (tenant, aad) in wanted)

    def facts(
        self, zone: ZoneInfo, organisation_id: str | None = None
    ) -> list[tuple[str | None, CourseFacts]]:
        """What the quarterly figures need of each course (of one organisation, or all)."""
        where: list[Any] = []
        if organisation_id is not None:
            where.append(col(CourseRecord.organisation_id) == organisation_id)
        follow_ups: dict[int, list[date]] = {}
        steps = (
            select(col(CourseStepRecord.course_id), col(CourseStepRecord.day))
            .join(CourseRecord, col(CourseRecord.id) == col(CourseStepRecord.course_id))
            .where(
                col(CourseStepRecord.step) == Step.HOLD_FOLLOW_UP.value,
                col(CourseStepRecord.corrected).is_(False),
                *where,
            )
        )
        for course_id, day in self._session.execute(steps):
            follow_ups.setdefault(course_id, []).append(day)
        rows = self._session.execute(
            select(
                col(CourseRecord.id),
                col(CourseRecord.organisation_id),
                col(CourseRecord.created_at),
                col(CourseRecord.meeting_held_on),
                col(CourseRecord.plan_written_on),
            ).where(*where)
        )
        return [
            (
                organisation,
                CourseFacts(
                    created.astimezone(zone).date(),
                    held,
                    written,
                    tuple(sorted(follow_ups.get(course_id, ()))),
                ),
            )
            for course_id, organisation, created, held, written in rows
        ]

    def open_in_spans(self, organisation_id: str, spans: Sequence[Span]) -> list[Course]:
        return course_figures.open_in_spans(self._session, organisation_id, spans)

    def nth_counted_from(
        self, organisation_id: str, latest: Mapping[CountedFrom, date | None], n: int
    ) -> dict[CountedFrom, date | None]:
        return course_figures.nth_counted_from(self._session, organisation_id, latest, n)

    def quarter_figures(
        self,
        quarters: Sequence[Quarter],
        zone: ZoneInfo,
        rules: CourseRules,
        organisation_id: str | None = None,
    ) -> dict[str | None, list[QuarterFigures]]:
        return course_figures.quarter_figures(self._session, quarters, zone, rules, organisation_id)

    def queued(self, key: MessageKey) -> bool:
        """Whether a message under ``key`` (or a stand-in's copy of it) was ever queued."""
        prefix = key.prefix
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = self._session.scalar(
            select(col(OutboxRecord.id))
            .where(
                (col(OutboxRecord.dedupe_key) == str(key))
                | col(OutboxRecord.dedupe_key).like(f"{escaped}%", escape="\\")
            )
            .limit(1)
        )
        return found is not None


def _planned_key(text: str) -> PlannedKey:
    key = keys.parse(text)
    if not isinstance(key, keys.ReminderKey | keys.EscalationKey):
        raise ValueError(f"not a planned reminder's key: {text[:60]!r}")
    return key
