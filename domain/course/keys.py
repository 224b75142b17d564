"""Every outbox key of a KI course, built here and read back by ``parse``; all start with
``course:<reference>`` (the weekly overview with ``course:overview``).

card keys (every copy of the case card, updated together), one per reader's language:
    course:<ref>                                  the Danish copies (the key every copy had
                                                  before cards were updated per language)
    course:<ref>:<language>                       the copies in another language
planned for a course (``ki_course_reminders``), each recipient's copy with ``:<n>`` after it:
    course:<ref>:<kind>:<offset>:<due>            a reminder before a deadline ("7d", "every-4w")
    course:<ref>:<kind>:<offset>:snooze:<at>:<due>  one snoozed to <at> (local, to the minute);
                                                  its message has ``:<moment>`` after it
    course:<ref>:<kind>:overdue:<due>             the coordinators told of a missed deadline
one message each:
    course:<ref>[:<language>]:v<n>:<moment>       every copy of the card shows n steps
    course:<ref>:opened · handover:<moment> · nudge:<moment> · informed:<step>:<reader>
    course:overview:<year>-W<week>:<organisation>:<reader>   a coordinator's Monday overview
A notice that reaches a stand-in gets ``:via:<their object id>`` after its key (``delivery``).
``<moment>`` is when the change was made (``moment``), so two changes never share a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from domain.keys import MessageKey

from .deadlines import DeadlineKind

ROOT: Final = "course"
OVERVIEW: Final = "overview"
DEFAULT_LANGUAGE: Final = "da"
SNOOZE: Final = "snooze"
OVERDUE: Final = "overdue"
VIA: Final = "via"
OFFSET: Final = r"[0-9]{1,3}d|every-[0-9]{1,3}w|nudge"  # days before; a consent round; a nudge
_OFFSET: Final = re.compile(OFFSET)
_LANGUAGE: Final = re.compile(r"[a-z]{2}")
_VERSION: Final = re.compile(r"v([0-9]{1,6})")
_WEEK: Final = re.compile(r"[0-9]{4}-W[0-9]{2}")
_MINUTE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")


def local_minute(at: datetime) -> str:
    """A moment as the key of a snooze writes it: its wall-clock minute (in its own zone)."""
    return at.strftime("%Y-%m-%dT%H:%M")


def moment(at: datetime) -> str:
    """A change's moment as a key part (to the microsecond: one per change)."""
    return at.strftime("%Y%m%dT%H%M%S%f")


def _case(reference: str) -> MessageKey:
    return MessageKey.of(ROOT, reference)


@dataclass(frozen=True)
class ReminderKey:
    """A reminder before a deadline, or one snoozed to a local minute."""

    reference: str
    kind: DeadlineKind
    offset: str
    due: date
    snoozed_to: str | None = None  # the local minute it comes again (``local_minute``)

    def __post_init__(self) -> None:
        if not _OFFSET.fullmatch(self.offset):
            raise ValueError(f"not a reminder offset: {self.offset!r}")
        if self.snoozed_to is not None and not _MINUTE.fullmatch(self.snoozed_to):
            raise ValueError(f"not a local minute: {self.snoozed_to!r}")

    @property
    def key(self) -> MessageKey:
        base = _case(self.reference).then(self.kind.value, self.offset)
        if self.snoozed_to is not None:
            base = base.then(SNOOZE, self.snoozed_to)
        return base.then(self.due.isoformat())

    def to(self, recipient: int | str) -> MessageKey:
        """The key of one recipient's copy (their number, or the moment of a snooze)."""
        return self.key.then(recipient)

    def __str__(self) -> str:
        return str(self.key)


@dataclass(frozen=True)
class EscalationKey:
    """The coordinators told once that a deadline was missed."""

    reference: str
    kind: DeadlineKind
    due: date

    @property
    def key(self) -> MessageKey:
        return _case(self.reference).then(self.kind.value, OVERDUE, self.due.isoformat())

    def to(self, recipient: int) -> MessageKey:
        return self.key.then(recipient)

    def __str__(self) -> str:
        return str(self.key)


PlannedKey = ReminderKey | EscalationKey


class Topic(StrEnum):
    CARD = "card"  # not written: a card key is the case, or the case and a language
    UPDATE = "update"  # not written: "v<n>" after the card key
    OPENED = "opened"
    HANDOVER = "handover"
    NUDGE = "nudge"
    INFORMED = "informed"


@dataclass(frozen=True)
class CaseMessage:
    """A key of the case card or of a message about the case, read back."""

    reference: str
    topic: Topic
    language: str = DEFAULT_LANGUAGE
    version: int | None = None
    moment: str | None = None
    step: str | None = None
    reader: str | None = None


@dataclass(frozen=True)
class OverviewKey:
    """One coordinator's overview of their organisation in one ISO week."""

    year: int
    week: int
    organisation_id: str
    reader: str  # their Entra object id

    @property
    def key(self) -> MessageKey:
        week = f"{self.year}-W{self.week:02d}"
        return MessageKey.of(ROOT, OVERVIEW, week, self.organisation_id, self.reader)

    def __str__(self) -> str:
        return str(self.key)


CourseKey = ReminderKey | EscalationKey | CaseMessage | OverviewKey


# --- building ----------------------------------------------------------------------------------
def card(reference: str, language: str) -> MessageKey:
    base = _case(reference)
    return base if language == DEFAULT_LANGUAGE else base.then(language)


def update(reference: str, language: str, version: int, at: datetime) -> MessageKey:
    return card(reference, language).then(f"v{version}", moment(at))


def opened(reference: str) -> MessageKey:
    return _case(reference).then(Topic.OPENED.value)


def handover(reference: str, at: datetime) -> MessageKey:
    return _case(reference).then(Topic.HANDOVER.value, moment(at))


def nudge(reference: str, at: datetime) -> MessageKey:
    return _case(reference).then(Topic.NUDGE.value, moment(at))


def informed(reference: str, step: str, reader: str) -> MessageKey:
    return _case(reference).then(Topic.INFORMED.value, step, reader)


# --- reading -----------------------------------------------------------------------------------
def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _planned(reference: str, kind: DeadlineKind, rest: list[str]) -> PlannedKey | None:
    """A reminder or escalation key and whatever follows it (a recipient's copy)."""
    if len(rest) >= 2 and rest[0] == OVERDUE and (due := _day(rest[1])) is not None:
        return EscalationKey(reference, kind, due)
    if not rest or not _OFFSET.fullmatch(rest[0]):
        return None
    offset, rest = rest[0], rest[1:]
    if rest and (due := _day(rest[0])) is not None:
        return ReminderKey(reference, kind, offset, due)
    if not rest or rest[0] != SNOOZE:
        return None
    # The minute once written unescaped (``09:00``) reads as two parts: they are joined again.
    for end in range(2, len(rest)):
        minute = ":".join(rest[1:end])
        if (due := _day(rest[end])) is not None and _MINUTE.fullmatch(minute):
            return ReminderKey(reference, kind, offset, due, minute)
    return None


def _case_message(reference: str, rest: list[str]) -> CaseMessage | None:
    language = DEFAULT_LANGUAGE
    if rest and _LANGUAGE.fullmatch(rest[0]):
        language, rest = rest[0], rest[1:]
    if not rest:
        return CaseMessage(reference, Topic.CARD, language)
    if len(rest) == 2 and (version := _VERSION.fullmatch(rest[0])) is not None:
        return CaseMessage(reference, Topic.UPDATE, language, int(version[1]), rest[1])
    if language != DEFAULT_LANGUAGE:
        return None
    match rest:
        case [Topic.OPENED]:
            return CaseMessage(reference, Topic.OPENED)
        case [(Topic.HANDOVER | Topic.NUDGE) as topic, at]:
            return CaseMessage(reference, Topic(topic), moment=at)
        case [Topic.INFORMED, step, reader]:
            return CaseMessage(reference, Topic.INFORMED, step=step, reader=reader)
    return None


def parse(text: str) -> CourseKey:
    """The course key ``text`` is, or is a copy of (a recipient's, a stand-in's); ValueError for
    anything else."""
    parts = list(MessageKey.parse(text).parts)
    if len(parts) >= 2 and parts[-2] == VIA:
        parts = parts[:-2]
    found: CourseKey | None = None
    if len(parts) == 5 and parts[:2] == [ROOT, OVERVIEW] and _WEEK.fullmatch(parts[2]):
        year, week = parts[2].split("-W")
        found = OverviewKey(int(year), int(week), parts[3], parts[4])
    elif len(parts) >= 2 and parts[0] == ROOT and parts[1] != OVERVIEW:
        reference, rest = parts[1], parts[2:]
        if rest and rest[0] in set(DeadlineKind):
            found = _planned(reference, DeadlineKind(rest[0]), rest[1:])
        else:
            found = _case_message(reference, rest)
    if found is None:
        raise ValueError(f"not a course key: {text[:60]!r}")
    return found
