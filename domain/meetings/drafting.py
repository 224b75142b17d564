"""Reading what the tovholder typed on the creation card: one time per line, people without
Teams one per line, and where to meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.timeparse import TimeNotUnderstood, parse_time

MAX_SLOTS = 20
MAX_PEOPLE = 20
OPTIONAL_MARKS = ("(valgfri)", "(optional)")


@dataclass(frozen=True)
class SlotLine:
    """One typed line: the time it names, or the reason it was not understood."""

    text: str
    start: datetime | None = None
    end: datetime | None = None
    error: str | None = None


@dataclass(frozen=True)
class NamedPerson:
    name: str
    required: bool


def read_slot_lines(text: str, now: datetime, language: str, minutes: int) -> list[SlotLine]:
    """Each non-empty line as a time ("tirsdag d. 8/12 kl 10-11"); a line without an end time
    lasts ``minutes``."""
    lines: list[SlotLine] = []
    for raw in text.splitlines()[:MAX_SLOTS]:
        line = raw.strip()
        if not line:
            continue
        try:
            parsed = parse_time(line, now, language)
        except TimeNotUnderstood as error:
            lines.append(SlotLine(line, error=error.code))
            continue
        end = parsed.end or parsed.start + timedelta(minutes=minutes)
        lines.append(SlotLine(line, parsed.start, end))
    return lines


def read_people_lines(text: str) -> list[NamedPerson]:
    """ "Mor til borgeren (valgfri)": a name per line, required unless marked optional."""
    people: list[NamedPerson] = []
    for raw in text.splitlines()[:MAX_PEOPLE]:
        line = " ".join(raw.split())
        lowered = line.lower()
        optional = any(lowered.endswith(mark) for mark in OPTIONAL_MARKS)
        if optional:
            line = line[: line.rfind("(")].strip()
        if line:
            people.append(NamedPerson(line[:200], required=not optional))
    return people


def suggest_location(convener_place: str, hospital: str | None, doctor_required: bool) -> str:
    """The convener's place, or the hospital when a psychiatric doctor must attend (doctors
    often cannot leave it)."""
    if doctor_required and hospital:
        return hospital
    return convener_place


def distinct_times(lines: Sequence[SlotLine]) -> list[tuple[datetime, datetime]]:
    seen: dict[tuple[datetime, datetime], None] = {}
    for line in lines:
        if line.start is not None and line.end is not None:
            seen.setdefault((line.start, line.end), None)
    return sorted(seen)
