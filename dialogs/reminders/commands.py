"""Each reminder button as a typed command; ``dialogs.router`` parses a click into it strictly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Final

from domain.messaging import MAX_KEY_LENGTH
from domain.reminders import SnoozeKind

from ..fields import Id, Matching, Text

MAX_WHEN: Final = 120
Key = Annotated[str, Matching(r"reminder:[0-9]+:[^\s]+", MAX_KEY_LENGTH)]


@dataclass(frozen=True)
class ChangeTime:
    reminder: Id


@dataclass(frozen=True)
class Reschedule:
    reminder: Id
    when: Annotated[str, Text(MAX_WHEN)] = ""

    @property
    def when_text(self) -> str:
        return " ".join(self.when.split())


@dataclass(frozen=True)
class CancelReminder:
    reminder: Id
    origin: Annotated[str, Text(20)] = ""

    @property
    def from_list(self) -> bool:
        return self.origin == "list"


@dataclass(frozen=True)
class OnOccurrence:
    """A button on a reminder card that fired: its reminder and that occurrence's key."""

    reminder: Id
    occurrence: Key

    @property
    def belongs(self) -> bool:
        """The key names this reminder (a key of another reminder is refused as gone)."""
        return self.occurrence.startswith(f"reminder:{self.reminder}:")


@dataclass(frozen=True)
class MarkDone(OnOccurrence):
    pass


@dataclass(frozen=True)
class Snooze(OnOccurrence):
    kind: SnoozeKind


@dataclass(frozen=True)
class StopRepeat(OnOccurrence):
    pass
