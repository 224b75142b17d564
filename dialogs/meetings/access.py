"""The one way every poll button reaches its poll: load the row the card names, check that the
clicker may act on THAT poll (``authorise``, a refusal audited), and after the domain's change
save it and audit what happened. A draft is a poll too: it belongs to whoever opened the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cards.texts import Texts
from domain.directory import Action, Decision, Directory, authorise
from domain.identity import PersonRef
from domain.meetings.events import (
    DraftRevised,
    InputGiven,
    MeetingCancelled,
    MeetingMoved,
    PollEvent,
    PollFinalised,
    PollOpened,
    RoundStarted,
    VoteCast,
)
from domain.meetings.poll import Changed, Poll, PollStatus
from storage.unit_of_work import UnitOfWork

from ..guard import Audited, audit
from ..reply import Reply, refuse
from ..turn import Turn
from .context import MeetingsContext
from .notices import follow

KIND: Final = "meeting_poll"

# Why a poll refused (``authorise``'s reason or ``PollError.code``) → what the person reads.
_TEXTS: Final = {
    "not_tovholder": "meetings.not_tovholder",
    "not_participant": "meetings.not_participant",
    "not_own_card": "meetings.not_participant",
    "unknown_actor": "meetings.unknown_user",
    "closed": "meetings.vote_closed",
    "stale_card": "meetings.vote_stale",
    "stale_slot": "meetings.vote_stale",
    "already_opened": "meetings.already_opened",
    "incomplete": "meetings.draft_incomplete",
    "not_finalised": "meetings.not_finalised",
    "not_decided": "meetings.not_finalised",
    "cancelled": "meetings.input_cancelled",
    "meeting_over": "meetings.input_meeting_over",
    "input_given": "meetings.input_already_sent",
}


def refusal(texts: Texts, code: str, poll: Poll | None = None) -> Reply:
    if code == "not_tovholder" and poll is not None and poll.status is PollStatus.DRAFT:
        return refuse(texts("meetings.not_your_draft", name=poll.tovholder_name or "?"))
    return refuse(texts(_TEXTS.get(code, "meetings.not_participant")))


def about(poll: Poll) -> Audited:
    return Audited(KIND, poll.id, case_reference=poll.case_reference)


@dataclass(frozen=True)
class Found:
    poll: Poll
    directory: Directory


# Who may act on a poll beyond one ``Action`` (answering on a vote card, say).
Rule = Callable[[PersonRef | None, Poll, Directory], Decision]


def load(
    unit: UnitOfWork,
    turn: Turn,
    poll_id: str,
    may: Action | Rule,
    audit_as: str,
    *,
    lock: bool = False,
) -> Found | Reply:
    """The poll the card names, if the clicker ``may`` act on it (``authorise``); else the
    refusal, audited as ``audit_as``. ``lock`` first, for a change: changes to one poll then
    queue up."""
    if lock:
        unit.polls.lock(poll_id)
    poll = unit.polls.get(poll_id)
    if poll is None:
        return refuse(turn.texts("meetings.unknown_poll"))
    directory = unit.directory.snapshot()
    if isinstance(may, Action):
        decision = authorise(turn.actor, may, poll.subject, directory)
    else:
        decision = may(turn.actor, poll, directory)
    if not decision.allowed:
        audit(unit, turn.actor, audit_as, about(poll), outcome=f"refused:{decision.reason_code}")
        return refusal(turn.texts, decision.reason_code, poll)
    return Found(poll, directory)


def refused(
    unit: UnitOfWork, turn: Turn, poll: Poll, audit_as: str, code: str, *, audited: bool = True
) -> Reply:
    """A change the poll does not allow now (``PollError``), audited if asked."""
    if audited:
        audit(unit, turn.actor, audit_as, about(poll), outcome=f"refused:{code}")
    return refusal(turn.texts, code, poll)


def save(unit: UnitOfWork, actor: PersonRef | None, change: Changed) -> bool:
    """Save ``change`` and audit each thing that happened; False if the poll changed meanwhile
    (never while the poll is locked)."""
    if not unit.polls.save(change, unit.now):
        return False
    for event in change.events:
        _audit_event(unit, actor, change.poll, event)
    return True


def apply(
    unit: UnitOfWork, context: MeetingsContext, turn: Turn, found: Found, change: Changed
) -> Poll | Reply:
    """Save the change, audit it and queue what follows for everyone else (``notices``)."""
    if not save(unit, turn.actor, change):
        return refuse(turn.texts("meetings.changed_meanwhile"))
    follow(unit, context, change, found.directory, turn.actor, turn.language)
    return change.poll


def _audit_event(unit: UnitOfWork, actor: PersonRef | None, poll: Poll, event: PollEvent) -> None:
    subject = about(poll)
    match event:
        case DraftRevised():
            audit(unit, actor, "meetings.draft_saved", subject, slots=len(poll.slots))
        case PollOpened():
            audit(
                unit,
                actor,
                "meetings.opened",
                subject,
                slots=len(poll.slots),
                participants=len(poll.people),
            )
        case VoteCast(participant=participant, by_proxy=by_proxy):
            audit(
                unit,
                actor,
                "meetings.vote_cast",
                subject,
                participant=participant,
                by_proxy=by_proxy,
            )
        case RoundStarted(round=round_):
            audit(unit, actor, "meetings.new_round", subject, round=round_)
        case PollFinalised() | MeetingMoved() | MeetingCancelled():
            audit(
                unit,
                actor,
                _DECIDED[type(event)],
                subject,
                slot=poll.chosen_slot,
                sequence=poll.sequence,
            )
        case InputGiven(participant=participant):
            audit(unit, actor, "meetings.input_given", subject, participant=participant)


_DECIDED: Final[dict[type, str]] = {
    PollFinalised: "meetings.finalised",
    MeetingMoved: "meetings.moved",
    MeetingCancelled: "meetings.cancelled",
}


def teams_participants(poll: Poll) -> list[tuple[PersonRef, str]]:
    """The Teams users among the poll's people, with their names: whom the bot messages about
    the poll (the others answer through the tovholder)."""
    return [(p.person, p.name) for p in poll.people if p.person is not None]
