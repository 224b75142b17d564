"""A meeting poll as the chat capability sees it: who takes part, which times, who answered.

Plain data read from storage in one unit of work; the rules on it (who may vote, whether every
required participant has answered, the ranking) are functions of this data alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from domain.directory.authorise import PollSubject
from domain.identity import PersonRef

from .invitation import Invitee, Meeting
from .ranking import Answer, Participant, PollSlot, Ranking, rank_slots


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FINALISED = "finalised"
    CANCELLED = "cancelled"


class PersonKind(StrEnum):
    TEAMS = "teams"  # answers on their own card
    CITIZEN = "citizen"  # answered by proxy by the tovholder
    PROXY = "proxy"  # a relative or GP without Teams, answered by proxy


@dataclass(frozen=True)
class TimeSlot:
    key: str  # "s1", "s2", …: stable within the poll
    start: datetime
    end: datetime
    round: int = 1


@dataclass(frozen=True)
class PollPerson:
    key: str  # "p1", "p2", …
    name: str
    kind: PersonKind
    required: bool
    person: PersonRef | None = None  # only for Teams users
    upn: str | None = None

    @property
    def by_proxy(self) -> bool:
        return self.person is None


@dataclass(frozen=True)
class Poll:
    id: str
    status: PollStatus
    title: str
    tovholder: PersonRef
    tovholder_name: str
    minutes: int
    round: int
    slots: tuple[TimeSlot, ...]
    people: tuple[PollPerson, ...]
    votes: Mapping[str, Mapping[str, Answer]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    case_reference: str | None = None
    location: str = ""
    agenda: str = ""
    citizen_points: str = ""
    answer_by: date | None = None
    show_answers: bool = False
    chosen_slot: str | None = None
    sequence: int = 0
    version: int = 0

    @property
    def current_slots(self) -> tuple[TimeSlot, ...]:
        """The slots of the latest round: earlier rounds' slots were not suitable."""
        return tuple(s for s in self.slots if s.round == self.round)

    @property
    def subject(self) -> PollSubject:
        teams = frozenset(p.person for p in self.people if p.person is not None)
        return PollSubject(self.id, self.tovholder, teams)

    def slot(self, key: str | None) -> TimeSlot | None:
        return next((s for s in self.slots if s.key == key), None)

    def person(self, key: str) -> PollPerson | None:
        return next((p for p in self.people if p.key == key), None)

    def person_of(self, ref: PersonRef) -> PollPerson | None:
        return next((p for p in self.people if p.person == ref), None)

    def has_answered(self, key: str) -> bool:
        answers = self.votes.get(key, {})
        return all(s.key in answers for s in self.current_slots)

    @property
    def waiting_for(self) -> tuple[PollPerson, ...]:
        return tuple(p for p in self.people if not self.has_answered(p.key))

    @property
    def all_required_answered(self) -> bool:
        return all(self.has_answered(p.key) for p in self.people if p.required)

    def ranking(self) -> Ranking:
        current = {s.key for s in self.current_slots}
        return rank_slots(
            [PollSlot(s.key, s.start) for s in self.current_slots],
            [Participant(p.key, p.required) for p in self.people],
            {
                person: {slot: a for slot, a in answers.items() if slot in current}
                for person, answers in self.votes.items()
            },
        )

    def said_no(self, slot_key: str) -> tuple[PollPerson, ...]:
        return tuple(p for p in self.people if self.votes.get(p.key, {}).get(slot_key) is Answer.NO)

    def meeting(self, domain: str, stamp: datetime, fallback_email: str) -> Meeting | None:
        """The calendar's view of the decided meeting (None before a time is decided)."""
        slot = self.slot(self.chosen_slot)
        if slot is None or self.status not in (PollStatus.FINALISED, PollStatus.CANCELLED):
            return None
        organiser = self.person_of(self.tovholder)
        organiser_email = organiser.upn if organiser and organiser.upn else fallback_email
        description = "\n".join(
            part for part in (self.agenda.strip(), self.citizen_points.strip()) if part
        )
        return Meeting(
            poll_id=self.id,
            domain=domain,
            start=slot.start,
            end=slot.end,
            summary=self.title,
            organizer=Invitee(self.tovholder_name or organiser_email, organiser_email),
            attendees=tuple(
                Invitee(p.name, p.upn if p.upn and "@" in p.upn else None, p.required)
                for p in self.people
                if p.person != self.tovholder
            ),
            stamp=stamp,
            location=self.location,
            description=description,
            sequence=self.sequence,
            cancelled=self.status is PollStatus.CANCELLED,
        )
