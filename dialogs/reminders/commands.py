"""Each reminder button as a small typed command; anything malformed is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from cards.reminders import (
    CANCEL_VERB,
    CHANGE_VERB,
    DONE_VERB,
    RESCHEDULE_VERB,
    SNOOZE_VERB,
    STOP_VERB,
    WHEN_INPUT,
)
from domain.messaging import MAX_KEY_LENGTH
from domain.reminders import SNOOZE_KINDS, SnoozeKind

from ..actions import CardAction

MAX_WHEN: Final = 120
MAX_ID: Final = 2**53


class InvalidCommand(ValueError):
    """The button's data is not what a reminder card sends."""


@dataclass(frozen=True)
class ChangeTime:
    reminder_id: int


@dataclass(frozen=True)
class Reschedule:
    reminder_id: int
    when: str


@dataclass(frozen=True)
class CancelReminder:
    reminder_id: int
    from_list: bool


@dataclass(frozen=True)
class MarkDone:
    reminder_id: int
    occurrence: str


@dataclass(frozen=True)
class Snooze:
    reminder_id: int
    occurrence: str
    kind: SnoozeKind


@dataclass(frozen=True)
class StopRepeat:
    reminder_id: int
    occurrence: str


Command = ChangeTime | Reschedule | CancelReminder | MarkDone | Snooze | StopRepeat


def _reminder_id(action: CardAction) -> int:
    value = action.get("reminder")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < MAX_ID:
        raise InvalidCommand("no reminder id")
    return value


def _occurrence(action: CardAction, reminder_id: int) -> str:
    value = action.get("occurrence")
    if (
        not isinstance(value, str)
        or len(value) > MAX_KEY_LENGTH
        or not value.startswith(f"reminder:{reminder_id}:")
    ):
        raise InvalidCommand("no occurrence of this reminder")
    return value


def _kind(action: CardAction) -> SnoozeKind:
    value = action.get("kind")
    for kind in SNOOZE_KINDS:
        if value == kind:
            return kind
    raise InvalidCommand("unknown snooze")


def parse_command(action: CardAction) -> Command:
    reminder_id = _reminder_id(action)
    if action.verb == CHANGE_VERB:
        return ChangeTime(reminder_id)
    if action.verb == RESCHEDULE_VERB:
        when = action.get(WHEN_INPUT, "")
        if not isinstance(when, str) or len(when) > MAX_WHEN:
            raise InvalidCommand("the new time is not a short text")
        return Reschedule(reminder_id, " ".join(when.split()))
    if action.verb == CANCEL_VERB:
        return CancelReminder(reminder_id, action.get("origin") == "list")
    occurrence = _occurrence(action, reminder_id)
    if action.verb == DONE_VERB:
        return MarkDone(reminder_id, occurrence)
    if action.verb == SNOOZE_VERB:
        return Snooze(reminder_id, occurrence, _kind(action))
    if action.verb == STOP_VERB:
        return StopRepeat(reminder_id, occurrence)
    raise InvalidCommand("not a reminder verb")
