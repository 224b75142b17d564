"""The states of a sparring thread and which actions each viewer is offered in each state.

new ──claim──▶ claimed ──answer──▶ answered ◀──follow-up / answer──▶ (stays answered)
 │               │                    │
 ├──forward──▶ forwarded (the partner's pool; claim as from new)
 ├──decline──▶ declined (with a reason)
 └──────────── close (asker: "resolved"; claimer: "close") ──▶ closed
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Status(StrEnum):
    NEW = "new"
    CLAIMED = "claimed"
    ANSWERED = "answered"
    FORWARDED = "forwarded"
    DECLINED = "declined"
    CLOSED = "closed"


class Urgency(StrEnum):
    NORMAL = "normal"
    TODAY = "today"


class Proposal(StrEnum):
    """Annex §3: level 2, the coordinators take over convening; level 3, a conference between a
    psychiatric and an addiction senior doctor."""

    LEVEL_2 = "level2"
    LEVEL_3 = "level3"


class Relation(StrEnum):
    """How a viewer stands to a thread (decided by ``domain.directory.authorise``)."""

    ASKER = "asker"
    CLAIMER = "claimer"
    POOL = "pool"
    OTHER = "other"


class ViewerAction(StrEnum):
    CLAIM = "claim"
    ANSWER = "answer"
    FOLLOW_UP = "follow_up"
    FORWARD = "forward"
    DECLINE = "decline"
    PROPOSE_LEVEL_2 = "propose_level2"
    PROPOSE_LEVEL_3 = "propose_level3"
    RESOLVE = "resolve"
    CLOSE = "close"


UNCLAIMED_STATUSES: Final = frozenset({Status.NEW, Status.FORWARDED})
CLAIMED_STATUSES: Final = frozenset({Status.CLAIMED, Status.ANSWERED})
OPEN_STATUSES: Final = UNCLAIMED_STATUSES | CLAIMED_STATUSES
CLOSED_STATUSES: Final = frozenset({Status.DECLINED, Status.CLOSED})

_UNCLAIMED: Final = {
    Relation.POOL: (ViewerAction.CLAIM, ViewerAction.FORWARD, ViewerAction.DECLINE),
    Relation.ASKER: (ViewerAction.RESOLVE,),
}
_CLAIMED: Final = {
    Relation.CLAIMER: (
        ViewerAction.ANSWER,
        ViewerAction.PROPOSE_LEVEL_2,
        ViewerAction.PROPOSE_LEVEL_3,
        ViewerAction.FORWARD,
        ViewerAction.DECLINE,
        ViewerAction.CLOSE,
    ),
    Relation.ASKER: (ViewerAction.FOLLOW_UP, ViewerAction.RESOLVE),
}


def viewer_actions(status: Status, relation: Relation) -> tuple[ViewerAction, ...]:
    """The buttons a viewer gets: none on a closed thread, none for anyone else."""
    if status in UNCLAIMED_STATUSES:
        return _UNCLAIMED.get(relation, ())
    if status in CLAIMED_STATUSES:
        return _CLAIMED.get(relation, ())
    return ()
