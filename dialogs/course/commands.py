"""The course's card actions parsed into small typed commands; anything malformed is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from domain.course import DeadlineKind, Step

from ..actions import CardAction

_REFERENCE = re.compile(r"KI-\d{4}-\d{4,6}")
_OFFSET = re.compile(r"[a-z0-9:-]{1,60}")
DELAYS = {"1d": timedelta(days=1), "1w": timedelta(weeks=1)}


class InvalidCommand(ValueError):
    pass


@dataclass(frozen=True)
class OpenCase:
    reference: str


@dataclass(frozen=True)
class TakeStep:
    reference: str
    step: Step
    when: str = ""  # the meeting's time as typed
    meeting_day: date | None = None
    meeting_time: time | None = None


@dataclass(frozen=True)
class SnoozeReminder:
    reference: str
    kind: DeadlineKind
    due: date
    offset: str
    delay: timedelta


@dataclass(frozen=True)
class HandOver:
    reference: str
    tenant_id: str
    aad_object_id: str


def _reference(action: CardAction) -> str:
    value = action.get("reference")
    if not isinstance(value, str) or not _REFERENCE.fullmatch(value):
        raise InvalidCommand("reference")
    return value


def _text(action: CardAction, key: str) -> str:
    value = action.get(key) or ""
    if not isinstance(value, str) or len(value) > 200:
        raise InvalidCommand(key)
    return value.strip()


def open_case(action: CardAction) -> OpenCase:
    return OpenCase(_reference(action))


def take_step(action: CardAction) -> TakeStep:
    try:
        step = Step(action.get("step"))
        day_text, time_text = _text(action, "meeting_day"), _text(action, "meeting_time")
        day = date.fromisoformat(day_text) if day_text else None
        clock = time.fromisoformat(time_text) if time_text else None
    except ValueError as error:
        raise InvalidCommand("step") from error
    return TakeStep(_reference(action), step, _text(action, "when"), day, clock)


def snooze_reminder(action: CardAction) -> SnoozeReminder:
    offset = action.get("offset")
    delay = action.get("delay")
    if not isinstance(offset, str) or not _OFFSET.fullmatch(offset) or delay not in DELAYS:
        raise InvalidCommand("snooze")
    try:
        kind = DeadlineKind(action.get("kind"))
        due = date.fromisoformat(_text(action, "due"))
    except ValueError as error:
        raise InvalidCommand("snooze") from error
    return SnoozeReminder(_reference(action), kind, due, offset, DELAYS[str(delay)])


def hand_over(action: CardAction) -> HandOver:
    raw = action.get("tovholder")
    match = re.fullmatch(r"([\w-]{1,64})/([\w-]{1,64})", raw) if isinstance(raw, str) else None
    if match is None:
        raise InvalidCommand("tovholder")
    return HandOver(_reference(action), match[1], match[2])


@dataclass(frozen=True)
class CorrectDate:
    reference: str
    step: Step
    day: date


def correct_date(action: CardAction) -> CorrectDate:
    try:
        step = Step(action.get("step"))
        day = date.fromisoformat(_text(action, "corrected_day"))
    except ValueError as error:
        raise InvalidCommand("corrected_day") from error
    return CorrectDate(_reference(action), step, day)
