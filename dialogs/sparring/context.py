"""What the sparring flows share: the unit of work, the directory of that moment, the local day,
who the actor is, and how one stands to a thread (asker, claimer, pool, or nobody)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.replies import Replies
from domain.calendar import WorkingCalendar
from domain.clock import Clock
from domain.directory import Action, Directory, SparringSubject, authorise
from domain.identity import PersonRef
from domain.sparring import Relation
from storage.audit import AuditEntry, AuditLog, DetailValue
from storage.directory import DirectoryStore
from storage.sparring import SparringThreads, Thread
from storage.unit_of_work import UnitOfWork, UnitsOfWork


@dataclass(frozen=True)
class Said:
    """What to tell the actor: a text key and its fields (in the actor's language)."""

    key: str
    fields: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SparringContext:
    units: UnitsOfWork
    replies: Replies
    clock: Clock
    zone: ZoneInfo
    calendar: WorkingCalendar
    reminder_hours: float = 4.0

    def today(self, unit: UnitOfWork) -> date:
        return unit.now.astimezone(self.zone).date()

    def directory(self, unit: UnitOfWork) -> Directory:
        return DirectoryStore(unit.session, unit.now).snapshot(today=self.today(unit))

    @staticmethod
    def threads(unit: UnitOfWork) -> SparringThreads:
        return SparringThreads(unit.session, unit.now)

    def audit(
        self,
        unit: UnitOfWork,
        actor: PersonRef | None,
        action: str,
        thread_id: int,
        outcome: str = "done",
        **detail: DetailValue,
    ) -> None:
        AuditLog(unit.session).record(
            AuditEntry(
                unit.now,
                actor,
                action,
                "sparring_thread",
                str(thread_id),
                outcome,
                thread_id=str(thread_id),
                detail=detail,
            )
        )

    def decide(
        self,
        unit: UnitOfWork,
        actor: PersonRef,
        action: Action,
        thread: Thread,
        directory: Directory,
    ) -> Said | None:
        """None if ``actor`` may; else the refusal, written to the audit log."""
        decision = authorise(actor, action, subject(thread), directory, on=self.today(unit))
        if decision.allowed:
            return None
        self.audit(unit, actor, action.value, thread.id, f"refused:{decision.reason_code}")
        return Said("sparring.not_allowed")

    def relation(
        self, unit: UnitOfWork, actor: PersonRef, thread: Thread, directory: Directory
    ) -> Relation:
        if actor == thread.asker:
            return Relation.ASKER
        if actor == thread.claimer:
            return Relation.CLAIMER
        pool = authorise(
            actor, Action.CLAIM_SPARRING, subject(thread), directory, on=self.today(unit)
        )
        return Relation.POOL if pool.allowed else Relation.OTHER


def subject(thread: Thread) -> SparringSubject:
    return SparringSubject(str(thread.id), thread.asker, thread.organisation_id, thread.claimer)


def organisation_name(directory: Directory, organisation_id: str) -> str:
    organisation = directory.organisation(organisation_id)
    return organisation.name if organisation is not None else organisation_id


def person_name(directory: Directory, person: PersonRef | None, fallback: str = "") -> str:
    found = directory.person(person) if person is not None else None
    return (found.name if found is not None and found.name else "") or fallback or "?"
