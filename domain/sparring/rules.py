"""The words of a sparring thread: its states, urgencies, proposals, how a viewer stands to it and
the buttons they may get. Which move leads from which state to which is the table in ``thread``."""

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
