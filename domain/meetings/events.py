"""What happened to a poll, in the past tense: each change returns the new poll with these, and
the chat capability answers each one (vote cards, the shared card, nudges, confirmations)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DraftRevised:
    poll_id: str


@dataclass(frozen=True)
class PollOpened:
    poll_id: str


@dataclass(frozen=True)
class VoteCast:
    poll_id: str
    participant: str
    by_proxy: bool


@dataclass(frozen=True)
class AllRequiredAnswered:
    """The last required participant has answered (once per round)."""

    poll_id: str


@dataclass(frozen=True)
class RoundStarted:
    poll_id: str
    round: int
    slots: int


@dataclass(frozen=True)
class PollFinalised:
    poll_id: str
    slot: str


@dataclass(frozen=True)
class MeetingMoved:
    poll_id: str
    slot: str
    sequence: int


@dataclass(frozen=True)
class MeetingCancelled:
    poll_id: str
    sequence: int


@dataclass(frozen=True)
class InputGiven:
    """A participant's written input was passed on to the tovholder (its text is not kept)."""

    poll_id: str
    participant: str


PollEvent = (
    DraftRevised
    | PollOpened
    | VoteCast
    | AllRequiredAnswered
    | RoundStarted
    | PollFinalised
    | MeetingMoved
    | MeetingCancelled
    | InputGiven
)
# Events after which everyone is told the meeting's time (or that it is off).
DECIDED = (PollFinalised, MeetingMoved, MeetingCancelled)
