"""Everything a poll sends outside the clicker's own answer, queued in the caller's unit of work:
what follows each thing that happened to a poll (``follow``), and the written input passed on.

    PollOpened           vote cards, the shared card here, nudges, the answer-by notice
    VoteCast             the person's nudges withdrawn, the shared card updated
    AllRequiredAnswered  the tovholder is told
    RoundStarted         new vote cards (replacing the old), nudges again, the shared card
    PollFinalised, MeetingMoved, MeetingCancelled
                         everyone told (calendar link), every vote card closed showing the
                         decision, nudges and the deadline withdrawn, the shared card, the
                         case's meeting and its course

Keys: ``domain.meetings.keys``; when nudges fall due: ``domain.meetings.nudges``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from cards.meeting_polls import (
    changed_card,
    closed_vote_card,
    confirmation_card,
    notice_card,
    shared_card,
    vote_card,
)
from cards.texts import Texts
from domain.directory.model import Directory
from domain.identity import PersonRef
from domain.keys import MessageKey
from domain.meetings import keys
from domain.meetings.events import (
    DECIDED,
    AllRequiredAnswered,
    PollOpened,
    RoundStarted,
    VoteCast,
)
from domain.meetings.nudges import deadline_notice, nudges
from domain.meetings.poll import Changed, Poll, PollPerson, PollStatus, TimeSlot
from domain.messaging import Content, ToConversation, ToPerson, UpdateCopies
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice, queue_notice
from .context import MeetingsContext


def follow(
    unit: UnitOfWork,
    context: MeetingsContext,
    change: Changed,
    directory: Directory,
    actor: PersonRef | None,
    language: str,
) -> None:
    """What follows the change for everyone else; ``language`` is the clicker's (a new shared
    card is posted in it)."""
    poll = change.poll
    update_shared = False
    for event in change.events:
        if isinstance(event, PollOpened):
            send_vote_cards(unit, poll)
            post_shared_card(unit, poll, language)
            queue_nudges(unit, context, poll)
            queue_deadline(unit, context, poll, directory)
        elif isinstance(event, VoteCast):
            unit.outbox.cancel(keys.nudges(poll.id, event.participant).scope)
            update_shared = True
        elif isinstance(event, AllRequiredAnswered):
            _tell_tovholder(
                unit,
                context,
                poll,
                directory,
                keys.all_required(poll.id),
                unit.now,
                lambda texts, p: texts("meetings.all_required_answered", title=p.title),
            )
        elif isinstance(event, RoundStarted):
            send_vote_cards(unit, poll)
            unit.outbox.cancel(keys.nudges(poll.id).scope)
            queue_nudges(unit, context, poll)
            update_shared = True
        elif isinstance(event, DECIDED):
            send_confirmations(unit, context, poll, directory)
            close_vote_cards(unit, poll)
            unit.outbox.cancel(keys.nudges(poll.id).scope)
            unit.outbox.cancel(str(keys.deadline(poll.id)))  # and its copies for stand-ins
            _record_case_meeting(unit, context, poll, actor)
            update_shared = True
    if update_shared:
        update_shared_card(unit, poll)


def _language_of(unit: UnitOfWork, person: PersonRef) -> Texts:
    return Texts(unit.preferences.language_for(person))


def send_vote_cards(unit: UnitOfWork, poll: Poll) -> int:
    """A vote card in each Teams participant's personal chat (the round's card replaces the
    previous round's everywhere it was sent)."""
    sent = 0
    for person in poll.people:
        if person.person is None:
            continue
        texts = _language_of(unit, person.person)
        card = vote_card(texts, poll, person)
        card_key = keys.vote_card(poll.id, person.key)
        sent_key = keys.vote_round(poll.id, person.key, poll.round)
        unit.send(
            OutgoingMessage(
                str(sent_key),
                ToPerson(person.person),
                Content(text=texts("meetings.vote_title", title=poll.title), card=card),
                unit.now,
                card_key=str(card_key),
                language=texts.language,
            )
        )
        if poll.round > 1:
            unit.send(
                OutgoingMessage(
                    str(sent_key.then("update")),
                    UpdateCopies(str(card_key)),
                    Content(card=card),
                    unit.now,
                    language=texts.language,
                )
            )
        sent += 1
    return sent


def close_vote_cards(unit: UnitOfWork, poll: Poll) -> None:
    """Every copy of each participant's vote card, in its closed state showing what was decided
    (in the reader's language); one update per poll version, so a move or a cancellation
    replaces the earlier one."""
    for person in poll.people:
        if person.person is None:
            continue
        texts = _language_of(unit, person.person)
        unit.send(
            OutgoingMessage(
                str(keys.vote_closed(poll.id, person.key, poll.version)),
                UpdateCopies(str(keys.vote_card(poll.id, person.key))),
                Content(card=closed_vote_card(texts, poll, person)),
                unit.now,
                language=texts.language,
            )
        )


def post_shared_card(unit: UnitOfWork, poll: Poll, language: str) -> None:
    origin = unit.polls.origin(poll.id)
    if origin is None:
        return
    key = str(keys.shared(poll.id))
    unit.send(
        OutgoingMessage(
            key,
            ToConversation(origin.tenant_id, origin.conversation_id),
            Content(card=shared_card(Texts(language), poll, None)),
            unit.now,
            card_key=key,
            language=language,
        )
    )


def update_shared_card(unit: UnitOfWork, poll: Poll) -> None:
    """Every copy of the shared card, updated in place in the tovholder's language; one message
    per poll version."""
    language = unit.preferences.language_for(poll.tovholder)
    ranking = poll.ranking() if poll.show_answers else None
    unit.send(
        OutgoingMessage(
            str(keys.shared_version(poll.id, poll.version)),
            UpdateCopies(str(keys.shared(poll.id))),
            Content(card=shared_card(Texts(language), poll, ranking)),
            unit.now,
            language=language,
        )
    )


def queue_nudges(unit: UnitOfWork, context: MeetingsContext, poll: Poll) -> None:
    """The round's nudges, queued now and withdrawn when the person answers."""
    for nudge in nudges(poll, unit.now, context.calendar, context.zone):
        texts = _language_of(unit, nudge.person)
        unit.send_automatic(
            OutgoingMessage(
                str(keys.nudge(poll.id, nudge.participant, nudge.round, nudge.after_days)),
                ToPerson(nudge.person),
                Content(
                    text=texts("meetings.nudge", tovholder=poll.tovholder_name, title=poll.title)
                ),
                nudge.due,
                language=texts.language,
            ),
            context.calendar,
        )


def queue_deadline(
    unit: UnitOfWork, context: MeetingsContext, poll: Poll, directory: Directory
) -> None:
    """The tovholder is told when the answer-by date has passed (the morning after it)."""
    due = deadline_notice(poll, context.zone)
    if due is None:
        return
    _tell_tovholder(
        unit,
        context,
        poll,
        directory,
        keys.deadline(poll.id),
        due,
        lambda texts, p: texts("meetings.deadline_passed", title=p.title),
    )


def _tell_tovholder(
    unit: UnitOfWork,
    context: MeetingsContext,
    poll: Poll,
    directory: Directory,
    key: MessageKey,
    due: datetime,
    message: Callable[[Texts, Poll], str],
) -> None:
    def build(texts: Texts, note: str | None) -> Content:
        line = message(texts, poll)
        return Content(
            text=line, card=notice_card(texts, poll, f"{note}\n\n{line}" if note else line)
        )

    queue_notice(
        unit,
        Notice(str(key), poll.tovholder, build, due, automatic=True),
        directory=directory,
        calendar=context.calendar,
        zone=context.zone,
    )


def send_confirmations(
    unit: UnitOfWork, context: MeetingsContext, poll: Poll, directory: Directory
) -> None:
    """Everyone with Teams gets the confirmation and the calendar link; who said no is asked
    for written input. A moved or cancelled meeting tells everyone the same way."""
    slot = poll.slot(poll.chosen_slot)
    if slot is None:
        return
    url = context.links.url(poll.id, poll.sequence, slot.end)
    first = poll.sequence == 0 and poll.status is PollStatus.FINALISED
    said_no = set(poll.said_no(slot.key)) if first else set()
    for person in poll.people:
        if person.person is not None:
            _confirm(unit, context, poll, person, slot, directory, url, person in said_no)


def _confirm(
    unit: UnitOfWork,
    context: MeetingsContext,
    poll: Poll,
    person: PollPerson,
    slot: TimeSlot,
    directory: Directory,
    url: str | None,
    ask_input: bool,
) -> None:
    cancelled = poll.status is PollStatus.CANCELLED
    recipient = person.person
    if recipient is None:
        return

    def build(texts: Texts, note: str | None) -> Content:
        if poll.sequence == 0 and not cancelled:
            card = confirmation_card(texts, poll, slot, url, ask_input=ask_input, note=note)
            title = texts("meetings.confirmation_title", title=poll.title)
        else:
            card = changed_card(texts, poll, slot, url, cancelled=cancelled)
            key = "meetings.cancelled_title" if cancelled else "meetings.moved_title"
            title = texts(key, title=poll.title)
        return Content(text=title, card=card)

    queue_notice(
        unit,
        Notice(
            str(keys.confirmation(poll.id, poll.sequence, cancelled, person.key)),
            recipient,
            build,
            unit.now,
            automatic=False,
        ),
        directory=directory,
        calendar=context.calendar,
        zone=context.zone,
    )


def _record_case_meeting(
    unit: UnitOfWork, context: MeetingsContext, poll: Poll, actor: PersonRef | None
) -> None:
    """The case learns its meeting's time (or that it is off), and so does its course."""
    slot = poll.slot(poll.chosen_slot)
    if poll.case_reference is None or slot is None:
        return
    times = None if poll.status is PollStatus.CANCELLED else (slot.start, slot.end)
    unit.polls.record_case_meeting(poll.case_reference, poll.id, times, unit.now)
    if context.on_case_meeting is not None:
        start = times[0] if times is not None else None
        context.on_case_meeting(unit, poll.case_reference, start, actor)


def forward_input(
    unit: UnitOfWork,
    context: MeetingsContext,
    poll: Poll,
    participant: str,
    sender: str,
    text: str,
    directory: Directory,
) -> None:
    """A participant's written input to the tovholder (the poll allows it once per participant;
    the key is per participant too, so it is never queued twice)."""
    key = keys.written_input(poll.id, participant)

    def build(reader: Texts, note: str | None) -> Content:
        line = reader("meetings.input_forwarded", title=poll.title, name=sender, text=text)
        return Content(text=f"{note}\n\n{line}" if note else line)

    queue_notice(
        unit,
        Notice(str(key), poll.tovholder, build, unit.now, automatic=False),
        directory=directory,
        calendar=context.calendar,
        zone=context.zone,
    )
