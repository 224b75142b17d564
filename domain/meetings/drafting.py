"""Reading what the tovholder typed on the creation card: one time per line, people without
Teams one per line, who takes part, and where to meet."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.directory.model import Absence, Directory, OrgKind
from domain.identity import PersonRef
from domain.timeparse import TimeNotUnderstood, parse_time

from .poll import PersonKind, PollPerson
from .slots import Interval, whole_days

MAX_SLOTS = 20
MAX_PEOPLE = 20
MAX_PARTICIPANTS = 40
MAX_NAME = 200
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


@dataclass(frozen=True)
class Invitable:
    """A person with Teams the tovholder can pick."""

    person: PersonRef
    name: str
    upn: str | None = None


def participants(
    tovholder: Invitable,
    picked: Sequence[PersonRef],
    optional: Collection[PersonRef],
    known: Sequence[Invitable],
    citizen: str,
    others: str,
) -> tuple[PollPerson, ...]:
    """The tovholder and the citizen (required), the picked Teams users the tovholder may
    invite (``known``; optional if also picked as such), then the others typed by name."""
    names = {k.person: k for k in known}
    people = [
        PollPerson(
            "p1", tovholder.name or "?", PersonKind.TEAMS, True, tovholder.person, tovholder.upn
        )
    ]
    for ref in dict.fromkeys(picked):
        if ref == tovholder.person or ref not in names:
            continue
        person = names[ref]
        people.append(
            PollPerson(
                f"p{len(people) + 1}",
                person.name,
                PersonKind.TEAMS,
                ref not in optional,
                ref,
                person.upn,
            )
        )
    citizen_name = " ".join(citizen.split())[:MAX_NAME]
    if citizen_name:
        people.append(PollPerson(f"p{len(people) + 1}", citizen_name, PersonKind.CITIZEN, True))
    for named in read_people_lines(others):
        people.append(
            PollPerson(f"p{len(people) + 1}", named.name, PersonKind.PROXY, named.required)
        )
    return tuple(people[:MAX_PARTICIPANTS])


def suggested_place(
    directory: Directory, tovholder: PersonRef, people: Sequence[PollPerson], doctor: bool
) -> tuple[str, bool]:
    """Where to meet when nothing was typed, and whether it is a hospital chosen because a
    psychiatric doctor must attend."""
    me = directory.person(tovholder)
    own = directory.organisation(me.organisation_id if me else None)
    hospital = next(
        (
            o.name
            for p in people
            if p.person is not None
            and (person := directory.person(p.person)) is not None
            and (o := directory.organisation(person.organisation_id)) is not None
            and o.kind is OrgKind.REGION
        ),
        None,
    )
    place = suggest_location(own.name if own else "", hospital, doctor)
    return place, bool(doctor and hospital and place == hospital)


def busy_times(
    people: Collection[PersonRef], absences: Sequence[Absence], zone: ZoneInfo
) -> dict[str, list[Interval]]:
    """The registered absences of these people, as busy intervals for ``propose_slots``."""
    return {
        f"absence{n}": [whole_days(a.starts_on, a.ends_on, zone)]
        for n, a in enumerate(absences)
        if a.person in people
    }
