"""The one authorisation check: may this actor do this action to this subject?

Every capability asks here and nowhere else, so who may see a case or answer a sparring request is
decided in one table (tested as one). Administrators manage the directory; being an administrator
opens no case and no sparring thread (annex: only the people on a case and the coordinators of
the organisations involved may see it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.identity import PersonRef

from .model import Directory


class Action(StrEnum):
    MANAGE_DIRECTORY = "directory.manage"
    MANAGE_OWN_PROFILE = "directory.own_profile"  # one's organisation and absences
    VIEW_CASE = "case.view"
    ACT_ON_CASE = "case.act"
    COORDINATE_CASE = "case.coordinate"  # nudge, take over or hand over the case's course
    CLAIM_SPARRING = "sparring.claim"
    ANSWER_SPARRING = "sparring.answer"
    FORWARD_SPARRING = "sparring.forward"
    DECLINE_SPARRING = "sparring.decline"
    VIEW_SPARRING = "sparring.view"
    FOLLOW_UP_SPARRING = "sparring.follow_up"  # the asker writes more in their own thread
    CLOSE_SPARRING = "sparring.close"  # the asker ("resolved") or the claimer
    VOTE_IN_POLL = "poll.vote"
    FINALISE_POLL = "poll.finalise"  # also: open, move, cancel, new proposals
    MANAGE_REMINDER = "reminder.manage"  # change, snooze, finish, stop or cancel a reminder
    ANSWER_FOR_PROXY = "poll.proxy"  # record the answers of a participant without Teams


@dataclass(frozen=True)
class DirectorySubject:
    """The directory itself (organisations, pools, roles)."""


@dataclass(frozen=True)
class PersonSubject:
    person: PersonRef


@dataclass(frozen=True)
class CaseSubject:
    """A KI case: its tovholder, the organisations involved, and its own organisation (the one
    whose coordinators coordinate it)."""

    reference: str
    tovholder: PersonRef
    participants: frozenset[PersonRef] = frozenset()
    organisation_ids: frozenset[str] = frozenset()
    organisation_id: str | None = None

    def __post_init__(self) -> None:
        if self.organisation_id is not None and self.organisation_id not in self.organisation_ids:
            raise ValueError("a case's own organisation is one of its organisations")


@dataclass(frozen=True)
class SparringSubject:
    thread_id: str
    asker: PersonRef
    target_organisation_id: str
    claimer: PersonRef | None = None


@dataclass(frozen=True)
class PollSubject:
    poll_id: str
    tovholder: PersonRef
    participants: frozenset[PersonRef] = frozenset()


@dataclass(frozen=True)
class ReminderSubject:
    """A personal reminder, or one posted in a group chat or channel ("påmind os")."""

    reminder_id: str
    owner: PersonRef


Subject = (
    DirectorySubject | PersonSubject | CaseSubject | SparringSubject | PollSubject | ReminderSubject
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason_code: str

    def __bool__(self) -> bool:
        return self.allowed


def _yes(reason: str) -> Decision:
    return Decision(True, reason)


def _no(reason: str) -> Decision:
    return Decision(False, reason)


_SPARRING_WORK = frozenset(
    {
        Action.CLAIM_SPARRING,
        Action.ANSWER_SPARRING,
        Action.FORWARD_SPARRING,
        Action.DECLINE_SPARRING,
    }
)
_SUBJECT_OF: dict[Action, type] = {
    Action.MANAGE_DIRECTORY: DirectorySubject,
    Action.MANAGE_OWN_PROFILE: PersonSubject,
    Action.VIEW_CASE: CaseSubject,
    Action.ACT_ON_CASE: CaseSubject,
    Action.COORDINATE_CASE: CaseSubject,
    Action.VIEW_SPARRING: SparringSubject,
    Action.FOLLOW_UP_SPARRING: SparringSubject,
    Action.CLOSE_SPARRING: SparringSubject,
    Action.VOTE_IN_POLL: PollSubject,
    Action.FINALISE_POLL: PollSubject,
    Action.MANAGE_REMINDER: ReminderSubject,
    Action.ANSWER_FOR_PROXY: PollSubject,
    **{action: SparringSubject for action in _SPARRING_WORK},
}


def stands_in_for(
    actor: PersonRef, person: PersonRef, directory: Directory, on: date | None
) -> bool:
    """``actor`` is ``person``, or their substitute on ``on`` (a local date)."""
    return actor == person or (on is not None and person in directory.covered_by(actor, on))


def pool_reason(
    actor: PersonRef, organisation_id: str, directory: Directory, on: date | None
) -> str | None:
    """Why ``actor`` may work for the organisation's pool (a coordinator, a backup, or on ``on``
    the substitute of one), or None."""
    if actor in directory.coordinators(organisation_id):
        return "pool_member"
    if actor in directory.backups(organisation_id):
        return "pool_backup"
    if on is not None and any(
        directory.coordinates(absent) == organisation_id
        for absent in directory.covered_by(actor, on)
    ):
        return "substitute"
    return None


def _case(
    actor: PersonRef, action: Action, case: CaseSubject, directory: Directory, on: date | None
) -> Decision:
    """The tovholder, the people on the case and the pools of its organisations see it and act
    on it, each with whoever stands in for them that day; only the pool of its own organisation
    coordinates it (nudges the tovholder, takes the course over or hands it on)."""
    if action is Action.COORDINATE_CASE:
        own = case.organisation_id
        reason = pool_reason(actor, own, directory, on) if own is not None else None
        return _yes(reason) if reason else _no("not_coordinator")
    if actor == case.tovholder:
        return _yes("tovholder")
    if actor in case.participants:
        return _yes("on_case")
    if stands_in_for(actor, case.tovholder, directory, on):
        return _yes("substitute")
    reasons = {pool_reason(actor, o, directory, on) for o in case.organisation_ids} - {None}
    if reasons - {"substitute"}:
        return _yes("coordinator_of_case_organisation")
    return _yes("substitute") if reasons else _no("not_on_case")


def _sparring(
    actor: PersonRef,
    action: Action,
    thread: SparringSubject,
    directory: Directory,
    on: date | None,
) -> Decision:
    if action is Action.FOLLOW_UP_SPARRING:
        return _yes("asker") if actor == thread.asker else _no("not_asker")
    if action is Action.CLOSE_SPARRING:
        if actor == thread.asker:
            return _yes("asker")
        return _yes("claimer") if actor == thread.claimer else _no("not_in_thread")
    if action is Action.VIEW_SPARRING:
        if actor == thread.asker:
            return _yes("asker")
        if actor == thread.claimer:
            return _yes("claimer")
    elif actor == thread.asker:
        return _no("own_request")
    pool = pool_reason(actor, thread.target_organisation_id, directory, on)
    return _yes(pool) if pool else _no("not_in_pool")


def _poll(actor: PersonRef, action: Action, poll: PollSubject) -> Decision:
    if action in (Action.FINALISE_POLL, Action.ANSWER_FOR_PROXY):
        return _yes("tovholder") if actor == poll.tovholder else _no("not_tovholder")
    return _yes("participant") if actor in poll.participants else _no("not_participant")


def authorise(
    actor: PersonRef | None,
    action: Action,
    subject: Subject,
    directory: Directory,
    *,
    on: date | None = None,
) -> Decision:
    """May ``actor`` do ``action`` to ``subject``? ``on`` (a local date) lets substitutes act."""
    if not isinstance(subject, _SUBJECT_OF[action]):
        raise TypeError(f"{action} needs a {_SUBJECT_OF[action].__name__}")
    if actor is None:
        return _no("unknown_actor")
    if isinstance(subject, DirectorySubject):
        return _yes("admin") if directory.is_admin(actor) else _no("not_admin")
    if isinstance(subject, PersonSubject):
        if actor == subject.person:
            return _yes("self")
        return _yes("admin") if directory.is_admin(actor) else _no("not_self")
    if isinstance(subject, CaseSubject):
        return _case(actor, action, subject, directory, on)
    if isinstance(subject, SparringSubject):
        return _sparring(actor, action, subject, directory, on)
    if isinstance(subject, ReminderSubject):
        # Only its creator: in a group chat too, and an administrator is no exception.
        return _yes("owner") if actor == subject.owner else _no("not_owner")
    return _poll(actor, action, subject)
