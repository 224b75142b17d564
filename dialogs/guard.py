"""The two things every action does around its change: ask ``authorise`` (and write a refusal to
the audit log), and write what happened to the audit log. One place, so no capability words it
differently or forgets the refusal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.directory import Action, Decision, Directory, Subject, authorise
from domain.identity import PersonRef
from storage.audit import READS, AuditEntry, DetailValue, ReadKind
from storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Audited:
    """What an audit entry is about: a kind of subject and its id (a case, a thread)."""

    kind: str
    id: str
    case_reference: str | None = None
    thread_id: str | None = None


def audit(
    unit: UnitOfWork,
    actor: PersonRef | None,
    action: str,
    about: Audited,
    *,
    outcome: str = "done",
    detail: Mapping[str, DetailValue] | None = None,
    **fields: DetailValue,
) -> None:
    """An entry about ``about``; its detail is ``detail`` and ``fields`` (codes and ids only)."""
    unit.audit.record(
        AuditEntry(
            unit.now,
            actor,
            action,
            about.kind,
            about.id,
            outcome,
            case_reference=about.case_reference,
            thread_id=about.thread_id,
            detail={**(detail or {}), **fields},
        )
    )


def viewed(
    unit: UnitOfWork,
    viewer: PersonRef,
    what: ReadKind,
    subject_id: str,
    *,
    case_reference: str | None = None,
    automatic: bool = False,
) -> None:
    """A read of health data (a case card, a sparring thread, a poll's answers): who saw what,
    and when. Called after the viewer was found allowed, in the unit of work that loaded it;
    ``automatic`` when Teams fetched the view by itself (a card's refresh)."""
    action, kind = READS[what]
    about = Audited(
        kind,
        subject_id,
        case_reference=case_reference or (subject_id if what == "case" else None),
        thread_id=subject_id if what == "sparring" else None,
    )
    audit(unit, viewer, action, about, detail={"automatic": True} if automatic else None)


def permitted(
    unit: UnitOfWork,
    actor: PersonRef | None,
    action: Action,
    subject: Subject,
    directory: Directory,
    *,
    audit_as: str,
    about: Audited,
    on: date | None = None,
) -> Decision:
    """``authorise``'s decision; a refusal is written to the audit log as ``audit_as``."""
    decision = authorise(actor, action, subject, directory, on=on)
    if not decision.allowed:
        audit(unit, actor, audit_as, about, outcome=f"refused:{decision.reason_code}")
    return decision
