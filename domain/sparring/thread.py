"""A sparring thread and every change to it, as one table of moves.

Each move is made by someone standing in a ``Relation`` to the thread (decided by
``domain.directory.authorise``: asker, claimer, a member of the pool it is with) and is either
``Refused`` with a reason or ``Changed``: the thread as it is after the move (its ``version`` one
higher if anything about it changed) and what happened, in the past tense. The caller stores the
thread, the written messages the events carry and the audit entries, and sends what the events call
for; it decides nothing of its own.

    (status, who)        move        ─▶ status
    new/forwarded, pool  claim       ─▶ claimed
                         forward     ─▶ forwarded (to the partner's pool, claimer cleared)
                         decline     ─▶ declined (with a reason)
    new/forwarded, asker close       ─▶ closed ("resolved")
    claimed, claimer     answer      ─▶ answered
                         propose     ─▶ claimed (level 2 or 3 noted)
                         forward · decline · close, as above
    answered, claimer    the same, staying answered
    claimed/answered, asker  follow-up (stays) · close ─▶ closed
    declined, closed     nothing
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Final

from domain.identity import PersonRef

from .rules import CLOSED_STATUSES, Proposal, Relation, Status, Urgency, ViewerAction


class Move(StrEnum):
    CLAIM = "claim"
    ANSWER = "answer"
    FOLLOW_UP = "follow_up"
    PROPOSE = "propose"
    FORWARD = "forward"
    DECLINE = "decline"
    CLOSE = "close"


_UNCLAIMED_POOL: Final = {
    Move.CLAIM: Status.CLAIMED,
    Move.FORWARD: Status.FORWARDED,
    Move.DECLINE: Status.DECLINED,
}
_UNCLAIMED_ASKER: Final = {Move.CLOSE: Status.CLOSED}


def _claimer(stays: Status) -> Mapping[Move, Status]:
    return {
        Move.ANSWER: Status.ANSWERED,
        Move.PROPOSE: stays,
        Move.FORWARD: Status.FORWARDED,
        Move.DECLINE: Status.DECLINED,
        Move.CLOSE: Status.CLOSED,
    }


def _asker(stays: Status) -> Mapping[Move, Status]:
    return {Move.FOLLOW_UP: stays, Move.CLOSE: Status.CLOSED}


# Who may make which move in which state, and the state it leads to. Nothing else is possible;
# the buttons each viewer gets (``viewer_actions``) are read from the same table.
TRANSITIONS: Final[Mapping[tuple[Status, Relation], Mapping[Move, Status]]] = {
    (Status.NEW, Relation.POOL): _UNCLAIMED_POOL,
    (Status.NEW, Relation.ASKER): _UNCLAIMED_ASKER,
    (Status.FORWARDED, Relation.POOL): _UNCLAIMED_POOL,
    (Status.FORWARDED, Relation.ASKER): _UNCLAIMED_ASKER,
    (Status.CLAIMED, Relation.CLAIMER): _claimer(Status.CLAIMED),
    (Status.CLAIMED, Relation.ASKER): _asker(Status.CLAIMED),
    (Status.ANSWERED, Relation.CLAIMER): _claimer(Status.ANSWERED),
    (Status.ANSWERED, Relation.ASKER): _asker(Status.ANSWERED),
}


def _buttons(move: Move, relation: Relation) -> tuple[ViewerAction, ...]:
    if move is Move.PROPOSE:
        return (ViewerAction.PROPOSE_LEVEL_2, ViewerAction.PROPOSE_LEVEL_3)
    if move is Move.CLOSE:
        return (ViewerAction.RESOLVE if relation is Relation.ASKER else ViewerAction.CLOSE,)
    return (ViewerAction(move.value),)


def viewer_actions(status: Status, relation: Relation) -> tuple[ViewerAction, ...]:
    """The buttons a viewer gets: the moves the table allows them, in its order."""
    moves = TRANSITIONS.get((status, relation), {})
    return tuple(button for move in moves for button in _buttons(move, relation))


class Refusal(StrEnum):
    """Why a move was not made; each has a sentence under ``sparring.<value>``."""

    CLOSED = "thread_closed"
    ALREADY_CLAIMED = "already_claimed"
    NOT_CLAIMER = "not_claimer"
    CLAIM_FIRST = "claim_first"
    WAIT_FOR_CLAIM = "wait_for_claim"
    NOT_ALLOWED = "not_allowed"
    TEXT_MISSING = "text_missing"
    REASON_MISSING = "reason_missing"
    NO_PARTNER = "no_partner"


@dataclass(frozen=True)
class Refused:
    reason: Refusal


# --- what happened -------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """A message of the thread, kept with it."""

    kind: str  # question, answer, follow_up, proposal_level2/3, forward_note, decline_reason
    text: str


class Happened:
    """An event: written to the audit log as ``sparring.<past>`` with its ``detail``; the
    message it carries, if any, is kept with the thread."""

    past: ClassVar[str]

    @property
    def written(self) -> Written | None:
        return None

    @property
    def detail(self) -> Mapping[str, str | int]:
        return {}


@dataclass(frozen=True)
class Claimed(Happened):
    past: ClassVar[str] = "claimed"
    by: PersonRef
    name: str


@dataclass(frozen=True)
class Answered(Happened):
    past: ClassVar[str] = "answered"
    by: PersonRef
    text: str

    @property
    def written(self) -> Written | None:
        return Written("answer", self.text)


@dataclass(frozen=True)
class FollowedUp(Happened):
    past: ClassVar[str] = "followed_up"
    by: PersonRef
    text: str

    @property
    def written(self) -> Written | None:
        return Written("follow_up", self.text)


@dataclass(frozen=True)
class Proposed(Happened):
    past: ClassVar[str] = "proposed"
    by: PersonRef
    proposal: Proposal
    note: str

    @property
    def level(self) -> int:
        return 2 if self.proposal is Proposal.LEVEL_2 else 3

    @property
    def kind(self) -> str:
        return f"proposal_{self.proposal.value}"

    @property
    def written(self) -> Written | None:
        return Written(self.kind, self.note or self.proposal.value)

    @property
    def detail(self) -> Mapping[str, str | int]:
        return {"level": self.level}


@dataclass(frozen=True)
class Forwarded(Happened):
    past: ClassVar[str] = "forwarded"
    by: PersonRef
    from_organisation: str
    to_organisation: str
    note: str

    @property
    def written(self) -> Written | None:
        return Written("forward_note", self.note) if self.note else None

    @property
    def detail(self) -> Mapping[str, str | int]:
        return {"to": self.to_organisation}


@dataclass(frozen=True)
class Declined(Happened):
    past: ClassVar[str] = "declined"
    by: PersonRef
    reason: str

    @property
    def written(self) -> Written | None:
        return Written("decline_reason", self.reason)


@dataclass(frozen=True)
class Closed(Happened):
    past: ClassVar[str] = "closed"
    by: PersonRef
    by_asker: bool
    tell: PersonRef | None  # the other side, if the thread had one

    @property
    def detail(self) -> Mapping[str, str | int]:
        return {"by": "asker" if self.by_asker else "claimer"}


Event = Claimed | Answered | FollowedUp | Proposed | Forwarded | Declined | Closed


@dataclass(frozen=True)
class Changed:
    before: Thread
    thread: Thread
    events: tuple[Event, ...]

    @property
    def moved(self) -> bool:
        """The thread itself changed (not only a message was added): it is stored and every copy
        of its card is updated."""
        return self.thread.version != self.before.version


Outcome = Changed | Refused


# --- the thread -----------------------------------------------------------------------------
@dataclass(frozen=True)
class NewThread:
    asker: PersonRef
    asker_name: str
    organisation_id: str  # the pool it goes to
    origin_organisation_id: str  # the pool it was meant for (differs when a partner stands in)
    question: str
    case_reference: str | None
    sectors: tuple[str, ...]
    urgency: Urgency
    screening_id: str | None = None
    screening_verdict: str | None = None
    screening_level: int | None = None


@dataclass(frozen=True)
class Thread:
    id: int
    asker: PersonRef
    asker_name: str
    organisation_id: str
    origin_organisation_id: str
    question: str
    case_reference: str | None
    sectors: tuple[str, ...]
    urgency: Urgency
    asked_at: datetime
    screening_id: str | None = None
    screening_verdict: str | None = None
    screening_level: int | None = None
    status: Status = Status.NEW
    claimer: PersonRef | None = None
    claimer_name: str = ""
    proposal: Proposal | None = None
    claimed_at: datetime | None = None
    first_answer_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 1

    @classmethod
    def asked(cls, thread_id: int, new: NewThread, at: datetime) -> Thread:
        return cls(
            thread_id,
            new.asker,
            new.asker_name,
            new.organisation_id,
            new.origin_organisation_id,
            new.question,
            new.case_reference,
            new.sectors,
            new.urgency,
            at,
            new.screening_id,
            new.screening_verdict,
            new.screening_level,
        )

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def relation_of(self, person: PersonRef, *, in_pool: bool) -> Relation:
        """How ``person`` stands to the thread; ``in_pool``: ``authorise`` lets them claim it."""
        if person == self.asker:
            return Relation.ASKER
        if person == self.claimer:
            return Relation.CLAIMER
        return Relation.POOL if in_pool else Relation.OTHER

    def other_side(self, person: PersonRef) -> PersonRef | None:
        """Who a message from ``person`` goes to: the claimer for the asker, else the asker."""
        return self.claimer if person == self.asker else self.asker

    # --- the moves ------------------------------------------------------------------------
    def claim(self, by: PersonRef, relation: Relation, name: str, at: datetime) -> Outcome:
        name = name[:200]
        claimed = replace(self, claimer=by, claimer_name=name, claimed_at=at)
        return self._move(Move.CLAIM, relation, claimed, Claimed(by, name))

    def write(self, by: PersonRef, relation: Relation, text: str, at: datetime) -> Outcome:
        """An answer from the claimer, a follow-up from the asker."""
        if relation is Relation.ASKER:
            return self._move(Move.FOLLOW_UP, relation, self, FollowedUp(by, text), text=text)
        answered = replace(self, first_answer_at=self.first_answer_at or at)
        return self._move(Move.ANSWER, relation, answered, Answered(by, text), text=text)

    def propose(self, by: PersonRef, relation: Relation, level: int, note: str) -> Outcome:
        proposal = Proposal.LEVEL_2 if level == 2 else Proposal.LEVEL_3
        proposed = replace(self, proposal=proposal)
        return self._move(Move.PROPOSE, relation, proposed, Proposed(by, proposal, note))

    def forward(self, by: PersonRef, relation: Relation, to: str | None, note: str) -> Outcome:
        """To ``to``, the partner organisation's pool (None: there is none); unclaimed again."""
        if to is None:
            return self._refusal(Move.FORWARD, relation) or Refused(Refusal.NO_PARTNER)
        moved = replace(self, organisation_id=to, claimer=None, claimer_name="", claimed_at=None)
        event = Forwarded(by, self.organisation_id, to, note)
        return self._move(Move.FORWARD, relation, moved, event)

    def decline(self, by: PersonRef, relation: Relation, reason: str, at: datetime) -> Outcome:
        if not reason:
            return self._refusal(Move.DECLINE, relation) or Refused(Refusal.REASON_MISSING)
        declined = replace(self, closed_at=at)
        return self._move(Move.DECLINE, relation, declined, Declined(by, reason))

    def close(self, by: PersonRef, relation: Relation, at: datetime) -> Outcome:
        tell = self.other_side(by) if self.claimer is not None else None
        closed = replace(self, closed_at=at)
        event = Closed(by, relation is Relation.ASKER, tell)
        return self._move(Move.CLOSE, relation, closed, event)

    # --- the table ------------------------------------------------------------------------
    def _refusal(self, move: Move, relation: Relation) -> Refused | None:
        if move in TRANSITIONS.get((self.status, relation), {}):
            return None
        if relation is Relation.OTHER:
            return Refused(Refusal.NOT_ALLOWED)
        if self.is_closed:
            return Refused(Refusal.CLOSED)
        if move is Move.CLAIM:
            return Refused(Refusal.ALREADY_CLAIMED)
        if move is Move.FOLLOW_UP:
            return Refused(Refusal.WAIT_FOR_CLAIM)
        if relation is Relation.POOL and self.claimer is not None:
            return Refused(Refusal.NOT_CLAIMER)
        if relation is Relation.POOL and move in (Move.ANSWER, Move.PROPOSE):
            return Refused(Refusal.CLAIM_FIRST)
        return Refused(Refusal.NOT_ALLOWED)

    def _move(
        self,
        move: Move,
        relation: Relation,
        changed: Thread,
        event: Event,
        *,
        text: str | None = None,
    ) -> Outcome:
        """``changed`` in the state the table leads to, if the move is allowed at all."""
        refused = self._refusal(move, relation)
        if refused is not None:
            return refused
        if text is not None and not text:
            return Refused(Refusal.TEXT_MISSING)
        after = replace(changed, status=TRANSITIONS[self.status, relation][move])
        if after != self:
            after = replace(after, version=self.version + 1)
        return Changed(self, after, (event,))
