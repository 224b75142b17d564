"""A poll's life as one table: which change may happen in which status, where it leads, and why
it is refused otherwise.

    draft ──open──▶ open ──finalise──▶ finalised ──cancel──▶ cancelled
      ▲ revise       │ vote, new round     │ move, written input
      └──────┘       └──────┘              └──────┘
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FINALISED = "finalised"
    CANCELLED = "cancelled"


class Change(StrEnum):
    REVISE = "revise"  # the tovholder saves the form's content
    OPEN = "open"  # the poll goes out
    VOTE = "vote"
    NEW_ROUND = "new_round"  # new proposals when no time suits every required participant
    FINALISE = "finalise"
    MOVE = "move"
    CANCEL = "cancel"
    INPUT = "input"  # written input to the tovholder from a participant; the poll stays as it is


class PollError(ValueError):
    """A change the poll does not allow; ``code`` says why (the dialogs word it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Transition:
    sources: frozenset[PollStatus]
    target: PollStatus | None  # None: the status stays as it is
    refusal: str  # why it is refused in any other status …
    refusal_in: Mapping[PollStatus, str] = field(default_factory=dict)  # … or in this one

    def refused_in(self, status: PollStatus) -> str | None:
        if status in self.sources:
            return None
        return self.refusal_in.get(status, self.refusal)


def _t(
    sources: Collection[PollStatus],
    target: PollStatus | None,
    refusal: str,
    **refusal_in: str,
) -> Transition:
    return Transition(
        frozenset(sources),
        target,
        refusal,
        {PollStatus(status): code for status, code in refusal_in.items()},
    )


S = PollStatus
TRANSITIONS: dict[Change, Transition] = {
    Change.REVISE: _t({S.DRAFT}, S.DRAFT, "already_opened"),
    Change.OPEN: _t({S.DRAFT}, S.OPEN, "already_opened"),
    Change.VOTE: _t({S.OPEN}, None, "closed"),
    Change.NEW_ROUND: _t({S.OPEN}, None, "closed"),
    Change.FINALISE: _t({S.OPEN}, S.FINALISED, "closed"),
    Change.MOVE: _t({S.FINALISED}, None, "not_finalised"),
    Change.CANCEL: _t({S.FINALISED}, S.CANCELLED, "not_finalised"),
    Change.INPUT: _t({S.FINALISED}, None, "not_decided", cancelled="cancelled"),
}


def after(status: PollStatus, change: Change) -> PollStatus:
    """The status after ``change``; ``PollError`` if the poll does not allow it now."""
    transition = TRANSITIONS[change]
    refusal = transition.refused_in(status)
    if refusal is not None:
        raise PollError(refusal)
    return transition.target or status


def allows(status: PollStatus, change: Change) -> bool:
    return TRANSITIONS[change].refused_in(status) is None
