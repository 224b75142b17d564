"""Each course button as a typed command; ``dialogs.router`` parses a click into it strictly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Final, Literal

from domain.course import DeadlineKind, Step
from domain.course.keys import OFFSET
from domain.identity import PersonRef

from ..fields import Flag, IsoDate, Matching, Text

Reference = Annotated[str, Matching("KI-[0-9]{4}-[0-9]{4,6}", 20)]
# "7d", "every-4w", "nudge"; a nudge card sent before keys were values also names its snooze.
Offset = Annotated[str, Matching(f"(?:{OFFSET})(?::snooze:[0-9T:-]{{16}})?", 60)]
ClockTime = Annotated[str | None, Matching("(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?", 8)]
EntraPair = Annotated[str, Matching("[0-9A-Za-z_-]{1,64}/[0-9A-Za-z_-]{1,64}", 129)]
DELAYS: Final = {"1d": timedelta(days=1), "1w": timedelta(weeks=1)}


@dataclass(frozen=True)
class OpenCase:
    """A button that names only its case: open it, nudge its tovholder, take it over."""

    reference: Reference


@dataclass(frozen=True)
class TakeStep:
    reference: Reference
    step: Step
    when: Annotated[str, Text(200)] = ""  # the meeting's time as typed
    meeting_day: Annotated[date | None, IsoDate()] = None
    meeting_time: ClockTime = None
    confirmed: Flag = False  # yes to a meeting held on a weekend or holiday

    @property
    def meeting_clock(self) -> time | None:
        return time.fromisoformat(self.meeting_time) if self.meeting_time else None


@dataclass(frozen=True)
class CorrectDate:
    reference: Reference
    step: Step
    corrected_day: Annotated[date, IsoDate()]
    confirmed: Flag = False  # yes to a meeting held on a weekend or holiday


@dataclass(frozen=True)
class Snooze:
    reference: Reference
    kind: DeadlineKind
    due: Annotated[date, IsoDate()]
    offset: Offset
    delay: Literal["1d", "1w"]

    @property
    def base_offset(self) -> str:
        return self.offset.split(":")[0]

    @property
    def wait(self) -> timedelta:
        return DELAYS[self.delay]


@dataclass(frozen=True)
class HandOver:
    reference: Reference
    tovholder: EntraPair  # "<tenant id>/<Entra object id>" from the card's choice

    @property
    def new_tovholder(self) -> PersonRef:
        tenant_id, aad_object_id = self.tovholder.split("/")
        return PersonRef(tenant_id, aad_object_id)
