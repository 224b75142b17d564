"""A meeting poll: who takes part, which times, who answered, and every change to it.

Plain data read from storage in one unit of work. Each change is a method that checks the poll's
life (``lifecycle.TRANSITIONS``) and its own rules, and returns ``Changed``: the poll before, the
poll after (its ``version`` one higher) and what happened (``events``). Nothing changes in place;
storage saves the new poll only if nobody saved another version meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from domain.directory.authorise import PollSubject
from domain.identity import PersonRef

from .event_text import EventHeadings, event_body
from .events import (
    AllRequiredAnswered,
    DraftRevised,
    InputGiven,
    MeetingCancelled,
    MeetingMoved,
    PollEvent,
    PollFinalised,
    PollOpened,
    RoundStarted,
    VoteCast,
)
from .invitation import Invitee, Meeting
from .lifecycle import Change, PollError, PollStatus, after
from .ranking import Answer, Participant, PollSlot, Ranking, rank_slots

__all__ = [
    "Changed",
    "DraftContent",
    "Objections",
    "PersonKind",
    "Poll",
    "PollPerson",
    "PollStatus",
    "TimeSlot",
]
MAX_NOTE = 300


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


Times = Sequence[tuple[datetime, datetime]]


@dataclass(frozen=True)
class DraftContent:
    """What the tovholder filled in on the form, read and checked."""

    title: str
    slots: tuple[tuple[datetime, datetime], ...]
    people: tuple[PollPerson, ...]
    case_reference: str | None = None
    location: str = ""
    agenda: str = ""
    citizen_points: str = ""
    answer_by: date | None = None
    show_answers: bool = False
    minutes: int = 60

    def problems(self, tovholder: PersonRef) -> tuple[str, ...]:
        """Why the poll cannot go out yet: no title, no times, nobody with Teams to ask."""
        return _problems(self.title, bool(self.slots), self.people, tovholder)


def _problems(
    title: str, has_times: bool, people: Sequence[PollPerson], tovholder: PersonRef
) -> tuple[str, ...]:
    found = []
    if not title.strip():
        found.append("no_title")
    if not has_times:
        found.append("no_times")
    if not any(p.person not in (None, tovholder) for p in people):
        found.append("no_people")
    return tuple(found)


@dataclass(frozen=True)
class Objections:
    """Why fixing a time needs the tovholder's second yes: required participants who said no to
    it, and required participants who have not answered it."""

    said_no: tuple[PollPerson, ...] = ()
    not_answered: tuple[PollPerson, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.said_no or self.not_answered)


@dataclass(frozen=True)
class Changed:
    before: Poll
    poll: Poll
    events: tuple[PollEvent, ...]


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
    inputs: frozenset[str] = frozenset()  # the participants whose written input was passed on
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

    def meeting(
        self, domain: str, stamp: datetime, fallback_email: str, *, headings: EventHeadings
    ) -> Meeting | None:
        """The calendar's view of the decided meeting (None before a time is decided); its
        description has the case, the agenda and the citizen's points under ``headings``."""
        slot = self.slot(self.chosen_slot)
        if slot is None or self.status not in (PollStatus.FINALISED, PollStatus.CANCELLED):
            return None
        organiser = self.person_of(self.tovholder)
        organiser_email = organiser.upn if organiser and organiser.upn else fallback_email
        description = event_body(
            headings,
            case_reference=self.case_reference,
            agenda=self.agenda,
            citizen_points=self.citizen_points,
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

    # --- changes -----------------------------------------------------------------------------
    @classmethod
    def draft(cls, poll_id: str, tovholder: PersonRef, tovholder_name: str) -> Poll:
        """The empty draft behind a new form: it belongs to whoever opened the form."""
        return cls(
            id=poll_id,
            status=PollStatus.DRAFT,
            title="",
            tovholder=tovholder,
            tovholder_name=tovholder_name,
            minutes=60,
            round=1,
            slots=(),
            people=(),
        )

    def _changed(self, change: Change, events: Sequence[PollEvent], **fields: object) -> Changed:
        status = after(self.status, change)
        new = replace(self, status=status, version=self.version + 1, **fields)  # type: ignore[arg-type]
        return Changed(self, new, tuple(events))

    def revise(self, content: DraftContent) -> Changed:
        """The form's content saved into the draft; the tovholder stays who opened the form."""
        after(self.status, Change.REVISE)
        if content.problems(self.tovholder):
            raise PollError("incomplete")
        return self._changed(
            Change.REVISE,
            [DraftRevised(self.id)],
            title=content.title,
            slots=tuple(
                TimeSlot(f"s{n}", start, end) for n, (start, end) in enumerate(content.slots, 1)
            ),
            people=content.people,
            case_reference=content.case_reference,
            location=content.location,
            agenda=content.agenda,
            citizen_points=content.citizen_points,
            answer_by=content.answer_by,
            show_answers=content.show_answers,
            minutes=content.minutes,
        )

    @property
    def problems(self) -> tuple[str, ...]:
        return _problems(self.title, bool(self.current_slots), self.people, self.tovholder)

    def open(self) -> Changed:
        after(self.status, Change.OPEN)
        if self.problems:  # a form never previewed without problems is no poll
            raise PollError("incomplete")
        return self._changed(Change.OPEN, [PollOpened(self.id)])

    def vote(
        self,
        participant: str,
        answers: Mapping[str, Answer],
        note: str | None,
        *,
        round: int,
    ) -> Changed:
        """``participant``'s answers to every current slot (a changed answer replaces the old)."""
        person = self.person(participant)
        if person is None:
            raise PollError("not_participant")
        after(self.status, Change.VOTE)
        if round != self.round:
            raise PollError("stale_card")
        current = {s.key for s in self.current_slots}
        given = {slot: answer for slot, answer in answers.items() if slot in current}
        if set(given) != current:
            raise PollError("missing_answers")
        votes = {**self.votes, participant: {**self.votes.get(participant, {}), **given}}
        notes = {key: text for key, text in self.notes.items() if key != participant}
        if note:
            notes[participant] = note[:MAX_NOTE]
        events: list[PollEvent] = [VoteCast(self.id, participant, person.by_proxy)]
        changed = self._changed(Change.VOTE, events, votes=votes, notes=notes)
        if changed.poll.all_required_answered and not self.all_required_answered:
            events.append(AllRequiredAnswered(self.id))
            return Changed(self, changed.poll, tuple(events))
        return changed

    def new_round(self, times: Times) -> Changed:
        """New proposals when no time suits every required participant: the earlier rounds'
        slots stay (their answers too) but no longer count."""
        after(self.status, Change.NEW_ROUND)
        first = self._next_slot_number()
        round_ = self.round + 1
        added = tuple(
            TimeSlot(f"s{n}", start, end, round_) for n, (start, end) in enumerate(times, first)
        )
        return self._changed(
            Change.NEW_ROUND,
            [RoundStarted(self.id, round_, len(added))],
            round=round_,
            slots=(*self.slots, *added),
        )

    def objections(self, slot_key: str) -> Objections:
        """The required participants who said no to this slot or have not answered it."""
        required = [p for p in self.people if p.required]
        return Objections(
            said_no=tuple(p for p in self.said_no(slot_key) if p.required),
            not_answered=tuple(p for p in required if slot_key not in self.votes.get(p.key, {})),
        )

    def finalise(self, slot_key: str, *, confirmed: bool = False) -> Changed:
        """The tovholder decides; a slot a required participant said no to, or has not answered,
        needs a second yes."""
        after(self.status, Change.FINALISE)
        if slot_key not in {s.key for s in self.current_slots}:
            raise PollError("stale_slot")
        if self.objections(slot_key) and not confirmed:
            raise PollError("needs_confirmation")
        return self._changed(
            Change.FINALISE, [PollFinalised(self.id, slot_key)], chosen_slot=slot_key
        )

    def move(self, start: datetime, end: datetime) -> Changed:
        """A new time for the decided meeting: a slot of its own, and the invitation's SEQUENCE
        goes up so calendars replace the old one."""
        after(self.status, Change.MOVE)
        key = f"s{self._next_slot_number()}"
        sequence = self.sequence + 1
        return self._changed(
            Change.MOVE,
            [MeetingMoved(self.id, key, sequence)],
            slots=(*self.slots, TimeSlot(key, start, end, 0)),
            chosen_slot=key,
            sequence=sequence,
        )

    def cancel(self) -> Changed:
        """The decided meeting is off. The cancellation is a new version of the invitation that
        calendars have (SEQUENCE up); a poll never decided sent none."""
        sequence = self.sequence + (1 if self.status is PollStatus.FINALISED else 0)
        after(self.status, Change.CANCEL)
        return self._changed(
            Change.CANCEL, [MeetingCancelled(self.id, sequence)], sequence=sequence
        )

    def input_from(self, participant: str, at: datetime) -> Changed:
        """Written input for the tovholder, while the decided meeting is still to come: once
        per participant, whatever they write or however often they press."""
        if self.person(participant) is None:
            raise PollError("not_participant")
        after(self.status, Change.INPUT)
        slot = self.slot(self.chosen_slot)
        if slot is not None and slot.end <= at:
            raise PollError("meeting_over")
        if participant in self.inputs:
            raise PollError("input_given")
        return self._changed(
            Change.INPUT, [InputGiven(self.id, participant)], inputs=self.inputs | {participant}
        )

    def _next_slot_number(self) -> int:
        return max((int(s.key[1:]) for s in self.slots), default=0) + 1
