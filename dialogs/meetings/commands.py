"""Every meeting-poll card action parsed into a small typed command; anything else is refused."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.identity import PersonRef
from domain.meetings.poll import TimeSlot
from domain.meetings.ranking import Answer

from ..actions import CardAction

_ID = re.compile(r"[0-9a-f]{32}")
_KEY = re.compile(r"[sp][0-9]{1,3}")
_CASE = re.compile(r"[A-Za-z0-9-]{1,20}")


class InvalidCommand(ValueError):
    pass


@dataclass(frozen=True)
class Form:
    """The creation card's inputs, as typed."""

    draft_id: str
    values: Mapping[str, str]

    def picked(self, field: str) -> list[PersonRef]:
        refs: list[PersonRef] = []
        for value in self.values.get(field, "").split(","):
            tenant, bar, aad = value.strip().partition("|")
            if bar and tenant and aad:
                refs.append(PersonRef(tenant, aad))
        return refs

    @property
    def case_reference(self) -> str | None:
        case = self.values.get("case", "").strip().upper()
        return case if case and _CASE.fullmatch(case) else None

    @property
    def minutes(self) -> int:
        raw = self.values.get("minutes", "60").split(".")[0]
        return min(max(int(raw), 15), 420) if raw.isdigit() else 60

    @property
    def answer_by(self) -> date | None:
        try:
            return date.fromisoformat(self.values.get("answer_by", ""))
        except ValueError:
            return None

    def flag(self, field: str) -> bool:
        return self.values.get(field) == "true"


@dataclass(frozen=True)
class PollAction:
    poll_id: str


@dataclass(frozen=True)
class CastVote:
    poll_id: str
    participant: str
    round: int
    values: Mapping[str, Any]
    note: str | None

    def answers(self, slots: tuple[TimeSlot, ...]) -> dict[str, Answer] | None:
        """The answer for every slot, or None if one is missing or garbled."""
        answers: dict[str, Answer] = {}
        for slot in slots:
            try:
                answers[slot.key] = Answer(str(self.values.get(f"a_{slot.key}")))
            except ValueError:
                return None
        return answers


@dataclass(frozen=True)
class ForParticipant:
    poll_id: str
    participant: str


@dataclass(frozen=True)
class Finalise:
    poll_id: str
    slot: str
    confirmed: bool


@dataclass(frozen=True)
class Move:
    poll_id: str
    new_time: str


@dataclass(frozen=True)
class GiveInput:
    poll_id: str
    text: str


def _text(action: CardAction, key: str, limit: int) -> str:
    value = action.get(key, "")
    if not isinstance(value, str):
        raise InvalidCommand(f"{key} is not text")
    return value.strip()[:limit]


def _poll_id(action: CardAction, key: str = "poll") -> str:
    value = action.get(key)
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InvalidCommand("no poll id")
    return value


def _key(action: CardAction, key: str) -> str:
    value = action.get(key)
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise InvalidCommand(f"no {key}")
    return value


def form(action: CardAction, fields: tuple[str, ...]) -> Form:
    source = action.get("form") if isinstance(action.get("form"), Mapping) else action.data
    values = {}
    for name in fields:
        value = source.get(name, "")
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, int | float):
            value = str(value)
        if not isinstance(value, str):
            raise InvalidCommand(f"{name} is not text")
        values[name] = value[:2000]
    return Form(_poll_id(action, "draft"), values)


def poll_action(action: CardAction) -> PollAction:
    return PollAction(_poll_id(action))


def cast_vote(action: CardAction) -> CastVote:
    round_ = action.get("round")
    if not isinstance(round_, int) or isinstance(round_, bool) or round_ < 1:
        raise InvalidCommand("no round")
    note = _text(action, "note", 300)
    return CastVote(
        _poll_id(action), _key(action, "participant"), round_, action.data, note or None
    )


def for_participant(action: CardAction) -> ForParticipant:
    return ForParticipant(_poll_id(action), _key(action, "participant"))


def finalise(action: CardAction) -> Finalise:
    return Finalise(_poll_id(action), _key(action, "slot"), action.get("confirmed") is True)


def move(action: CardAction) -> Move:
    return Move(_poll_id(action), _text(action, "new_time", 200))


def give_input(action: CardAction) -> GiveInput:
    return GiveInput(_poll_id(action), _text(action, "input", 1000))
