"""What happened in the simulated municipality, as the simulation recorded it while acting: each
course's steps with the clock's moment, its tovholders over time, registered absences, and the
messages each person found in their chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .inbox import Part
from .rules import Absences


@dataclass(frozen=True)
class Done:
    step: str
    at: datetime  # the test clock's moment of the click
    actor: str


@dataclass
class Course:
    reference: str
    organisation: str
    other: str
    started_at: datetime
    profile: str  # "prompt", "late" or "never"
    asks_consent: bool
    stage: str = "idea"
    steps: list[Done] = field(default_factory=list)
    tovholders: list[tuple[datetime, str]] = field(default_factory=list)
    meeting_day: date | None = None
    # the next thing someone does in this course: (day, slot, step)
    next: tuple[date, str, str] | None = None
    waiting_for_coordinator: bool = False  # stuck with a tovholder who never acts
    opened_by_typing: list[tuple[datetime, str]] = field(default_factory=list)  # reference typed

    @property
    def tovholder(self) -> str:
        return self.tovholders[-1][1]

    def tovholder_at(self, moment: datetime) -> str:
        found = self.tovholders[0][1]
        for since, person in self.tovholders:
            if since <= moment:
                found = person
        return found


@dataclass(frozen=True)
class Extra:
    """A reminder someone asked for by a click: a snooze, or a coordinator's nudge."""

    reference: str
    deadline: str
    due: date
    offset_prefix: str  # "7d:snooze:" or "nudge"
    intended: str
    at: datetime  # when it is due (before working hours are applied)
    clicked: datetime


@dataclass
class Truth:
    courses: dict[str, Course] = field(default_factory=dict)
    absences: Absences = field(default_factory=Absences)
    received: list[Part] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    started: datetime | None = None
    ended: datetime | None = None
    restarts: int = 0
    starts: list[datetime] = field(default_factory=list)  # the bot processes' first moments
