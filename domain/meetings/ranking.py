"""Which slot to recommend: FindTime's rule, which knows who is required.

Slots where every required participant answered yes or if need be come first; among them the
most required "yes", then the most optional participants who can come, then the earliest (the
slot id breaks the last tie, so the order is total). A required participant who has not answered
every slot blocks the recommendation. Each entry carries the counts a card needs to explain the
pick ("alle påkrævede kan; 4 af 5 i alt").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class Answer(StrEnum):
    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"


class Reason(StrEnum):
    """Why there is, or is not, a recommendation."""

    ALL_REQUIRED_CAN = "all_required_can"
    WAITING_FOR = "waiting_for"
    NO_SLOT_FOR_ALL_REQUIRED = "no_slot_for_all_required"


class SlotVerdict(StrEnum):
    """One slot's standing with the required participants."""

    ALL_REQUIRED_CAN = "all_required_can"
    REQUIRED_SAID_NO = "required_said_no"
    REQUIRED_NOT_ANSWERED = "required_not_answered"


class InvalidPoll(ValueError):
    """The slots, participants or votes do not fit together; the message says how."""


@dataclass(frozen=True)
class PollSlot:
    id: str
    start: datetime


@dataclass(frozen=True)
class Participant:
    id: str
    required: bool


@dataclass(frozen=True)
class Tally:
    """The answers of one group (required or optional) for one slot."""

    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    unanswered: int = 0

    @property
    def can(self) -> int:
        return self.yes + self.if_need_be

    @property
    def total(self) -> int:
        return self.yes + self.if_need_be + self.no + self.unanswered

    def to_mapping(self) -> dict[str, int]:
        return {
            "yes": self.yes,
            "if_need_be": self.if_need_be,
            "no": self.no,
            "unanswered": self.unanswered,
            "can": self.can,
            "total": self.total,
        }


@dataclass(frozen=True)
class RankedSlot:
    slot: PollSlot
    rank: int
    verdict: SlotVerdict
    required: Tally
    optional: Tally
    required_no: tuple[str, ...]
    required_unanswered: tuple[str, ...]

    @property
    def can_come(self) -> int:
        return self.required.can + self.optional.can

    @property
    def participants(self) -> int:
        return self.required.total + self.optional.total

    def to_mapping(self) -> dict[str, Any]:
        return {
            "slot": self.slot.id,
            "start": self.slot.start.isoformat(),
            "rank": self.rank,
            "verdict": self.verdict.value,
            "can_come": self.can_come,
            "participants": self.participants,
            "required": self.required.to_mapping(),
            "optional": self.optional.to_mapping(),
            "required_no": list(self.required_no),
            "required_unanswered": list(self.required_unanswered),
        }


@dataclass(frozen=True)
class Ranking:
    entries: tuple[RankedSlot, ...]
    recommended: str | None
    reason: Reason
    waiting_for: tuple[str, ...] = ()

    def to_mapping(self) -> dict[str, Any]:
        return {
            "ranking": [entry.to_mapping() for entry in self.entries],
            "recommended": self.recommended,
            "reason": self.reason.value,
            "waiting_for": list(self.waiting_for),
        }


Votes = Mapping[str, Mapping[str, Answer]]


def rank_slots(
    slots: Sequence[PollSlot], participants: Sequence[Participant], votes: Votes
) -> Ranking:
    """Every slot ranked best first, and the recommended slot id (or None and why not)."""
    _check(slots, participants, votes)
    people = sorted(participants, key=lambda p: p.id)
    entries = sorted((_score(slot, people, votes) for slot in slots), key=_order)
    ranked = tuple(replace(entry, rank=rank) for rank, entry in enumerate(entries, start=1))
    waiting = tuple(
        p.id for p in people if p.required and any(s.id not in votes.get(p.id, {}) for s in slots)
    )
    if waiting:
        return Ranking(ranked, None, Reason.WAITING_FOR, waiting)
    if not ranked or ranked[0].verdict is not SlotVerdict.ALL_REQUIRED_CAN:
        return Ranking(ranked, None, Reason.NO_SLOT_FOR_ALL_REQUIRED)
    return Ranking(ranked, ranked[0].slot.id, Reason.ALL_REQUIRED_CAN)


def _check(slots: Sequence[PollSlot], participants: Sequence[Participant], votes: Votes) -> None:
    slot_ids = [s.id for s in slots]
    person_ids = [p.id for p in participants]
    if not all(slot_ids) or not all(person_ids):
        raise InvalidPoll("slot and participant ids must not be empty")
    if len(set(slot_ids)) != len(slot_ids):
        raise InvalidPoll("slot ids must be unique")
    if len(set(person_ids)) != len(person_ids):
        raise InvalidPoll("participant ids must be unique")
    if any(s.start.tzinfo is None or s.start.utcoffset() is None for s in slots):
        raise InvalidPoll("slot start times must be timezone-aware")
    for person, answers in votes.items():
        if person not in person_ids:
            raise InvalidPoll(f"a vote comes from {person!r}, who is not a participant")
        for slot_id, answer in answers.items():
            if slot_id not in slot_ids:
                raise InvalidPoll(f"{person!r} voted on {slot_id!r}, which is not a slot")
            if not isinstance(answer, Answer):
                raise InvalidPoll(f"{person!r} gave {slot_id!r} an unknown answer")


def _score(slot: PollSlot, people: Sequence[Participant], votes: Votes) -> RankedSlot:
    counts: dict[bool, dict[Answer | None, int]] = {True: {}, False: {}}
    required_no: list[str] = []
    required_unanswered: list[str] = []
    for person in people:
        answer = votes.get(person.id, {}).get(slot.id)
        group = counts[person.required]
        group[answer] = group.get(answer, 0) + 1
        if person.required and answer is Answer.NO:
            required_no.append(person.id)
        elif person.required and answer is None:
            required_unanswered.append(person.id)
    if required_no:
        verdict = SlotVerdict.REQUIRED_SAID_NO
    elif required_unanswered:
        verdict = SlotVerdict.REQUIRED_NOT_ANSWERED
    else:
        verdict = SlotVerdict.ALL_REQUIRED_CAN
    return RankedSlot(
        slot=slot,
        rank=0,
        verdict=verdict,
        required=_tally(counts[True]),
        optional=_tally(counts[False]),
        required_no=tuple(required_no),
        required_unanswered=tuple(required_unanswered),
    )


def _tally(counts: Mapping[Answer | None, int]) -> Tally:
    return Tally(
        yes=counts.get(Answer.YES, 0),
        if_need_be=counts.get(Answer.IF_NEED_BE, 0),
        no=counts.get(Answer.NO, 0),
        unanswered=counts.get(None, 0),
    )


def _order(entry: RankedSlot) -> tuple[bool, int, int, int, datetime, str]:
    return (
        entry.verdict is not SlotVerdict.ALL_REQUIRED_CAN,
        -entry.required.can,
        -entry.required.yes,
        -entry.optional.can,
        entry.slot.start,
        entry.slot.id,
    )
