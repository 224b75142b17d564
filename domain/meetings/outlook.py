"""A decided poll as the Outlook invitation ``CalendarPort`` makes, moves or cancels (issue #22):
in the tovholder's own mailbox, the subject and body from ``event_text`` (never a name or a CPR
number), every participant with an address as a required or optional attendee, the place, and
a Teams link asked for (psychiatrists often attend from the hospital)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .calendar_port import Attendee, EventChange, EventRequest, Mailbox
from .event_text import EventHeadings, event_text
from .poll import Poll, PollStatus

TRANSACTION_PREFIX: Final = "ki-bot-poll-"


def transaction_id(poll_id: str) -> str:
    """Stable for the poll's whole life: a second create finds the first event instead."""
    return f"{TRANSACTION_PREFIX}{poll_id}"


def organiser_mailbox(poll: Poll) -> Mailbox:
    """The tovholder's mailbox in their own tenant: by UPN when the poll knows it, else by
    object id (Graph takes either)."""
    me = poll.person_of(poll.tovholder)
    user = me.upn if me is not None and me.upn and "@" in me.upn else poll.tovholder.aad_object_id
    return Mailbox(poll.tovholder.tenant_id, user)


def attendees(poll: Poll) -> tuple[Attendee, ...]:
    """Everyone but the tovholder who has an address; the rest keep the .ics link."""
    found: list[Attendee] = []
    seen: set[str] = set()
    for person in poll.people:
        if person.person == poll.tovholder or not person.upn or person.upn.lower() in seen:
            continue
        try:
            found.append(Attendee(person.upn, person.name, person.required))
        except ValueError:
            continue
        seen.add(person.upn.lower())
    return tuple(found)


@dataclass(frozen=True)
class Decided:
    """What Outlook should show for a poll, read from the poll at the moment of the call."""

    poll_id: str
    sequence: int
    cancelled: bool


def decided(poll: Poll) -> Decided | None:
    if poll.slot(poll.chosen_slot) is None:
        return None
    if poll.status not in (PollStatus.FINALISED, PollStatus.CANCELLED):
        return None
    return Decided(poll.id, poll.sequence, poll.status is PollStatus.CANCELLED)


def event_request(poll: Poll, headings: EventHeadings) -> EventRequest:
    """The invitation for the decided time; raises ValueError before a time is decided."""
    slot = poll.slot(poll.chosen_slot)
    if slot is None:
        raise ValueError("no time is decided yet")
    text = event_text(
        headings,
        title=poll.title,
        case_reference=poll.case_reference,
        agenda=poll.agenda,
        citizen_points=poll.citizen_points,
    )
    return EventRequest(
        organizer=organiser_mailbox(poll),
        subject=text.subject,
        body=text.body,
        start=slot.start,
        end=slot.end,
        transaction_id=transaction_id(poll.id),
        attendees=attendees(poll),
        location=poll.location,
        online=True,
    )


def event_change(poll: Poll) -> EventChange:
    """A move: the decided slot's new times (and the place, in case it changed)."""
    slot = poll.slot(poll.chosen_slot)
    if slot is None:
        raise ValueError("no time is decided yet")
    return EventChange(start=slot.start, end=slot.end, location=poll.location)
