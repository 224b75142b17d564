"""Factories for the meeting-poll tests: local times, the working-day calendar, votes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.identity import PersonRef
from domain.meetings import Answer, Participant, PollSlot
from domain.meetings.poll import PersonKind, Poll, PollPerson, PollStatus, TimeSlot

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

# Swap point: domain.calendar.WorkingCalendar replaces this once it is merged.
WORKING_DAYS = WorkingCalendar.from_settings()


def local(text: str) -> datetime:
    """A Copenhagen wall-clock time, e.g. local("2026-12-15 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def slots(*starts: str) -> list[PollSlot]:
    """Poll slots s1, s2, … at the given local times."""
    return [PollSlot(f"s{n}", local(start)) for n, start in enumerate(starts, start=1)]


def people(required: int, optional: int = 0) -> list[Participant]:
    """Required participants r1, r2, … and optional o1, o2, …"""
    return [Participant(f"r{n}", True) for n in range(1, required + 1)] + [
        Participant(f"o{n}", False) for n in range(1, optional + 1)
    ]


ANSWERS = {"y": Answer.YES, "i": Answer.IF_NEED_BE, "n": Answer.NO}


def votes(**rows: str) -> dict[str, dict[str, Answer]]:
    """Votes as one letter per slot (y, i, n, or . for no answer): votes(r1="yi.", o1="nny")."""
    return {
        person: {f"s{n}": ANSWERS[c] for n, c in enumerate(row, start=1) if c != "."}
        for person, row in rows.items()
    }


TOVHOLDER = PersonRef("t", "anne")
BO = PersonRef("t", "bo")


def poll(**changes: object) -> Poll:
    """A poll: anne (tovholder, required), bo (optional), the citizen Jens (by proxy), two slots."""
    base = Poll(
        id="0" * 32,
        status=PollStatus.OPEN,
        title="Opfølgning",
        tovholder=TOVHOLDER,
        tovholder_name="Anne",
        minutes=60,
        round=1,
        slots=(
            TimeSlot("s1", local("2026-12-08 10:00"), local("2026-12-08 11:00")),
            TimeSlot("s2", local("2026-12-09 13:00"), local("2026-12-09 14:00")),
        ),
        people=(
            PollPerson("p1", "Anne", PersonKind.TEAMS, True, TOVHOLDER, "anne@region.dk"),
            PollPerson("p2", "Bo", PersonKind.TEAMS, False, BO, "bo@region.dk"),
            PollPerson("p3", "Jens", PersonKind.CITIZEN, True),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]
