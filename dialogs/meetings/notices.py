"""Everything a poll sends outside the clicker's own answer, queued in the caller's unit of work:
vote cards, the shared card and its updates, nudges, the tovholder's notices, confirmations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from cards.meeting_polls import (
    changed_card,
    confirmation_card,
    notice_card,
    shared_card,
    vote_card,
)
from cards.texts import Texts
from domain.directory.model import Directory
from domain.identity import PersonRef
from domain.meetings.poll import Poll, PollStatus, TimeSlot
from domain.messaging import Content, ToConversation, ToPerson, UpdateCopies
from storage.meetings import Origin
from storage.outbox import Outbox, OutgoingMessage
from storage.preferences import Preferences
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice, queue_notice
from .context import MeetingsContext

NUDGE_AFTER_WORKING_DAYS = (1, 2)


def shared_key(poll_id: str) -> str:
    return f"poll:{poll_id}:shared"


def vote_key(poll_id: str, participant: str) -> str:
    return f"poll:{poll_id}:vote:{participant}"


def nudge_prefix(poll_id: str, participant: str) -> str:
    return f"poll:{poll_id}:nudge:{participant}:"


def _texts(unit: UnitOfWork, person: PersonRef) -> Texts:
    return Texts(Preferences(unit.session).language_for(person))


def send_vote_cards(unit: UnitOfWork, poll: Poll) -> int:
    """A vote card in each Teams participant's personal chat (the round's card replaces the
    previous round's everywhere it was sent)."""
    sent = 0
    for person in poll.people:
        if person.person is None:
            continue
        texts = _texts(unit, person.person)
        card = vote_card(texts, poll, person)
        key = vote_key(poll.id, person.key)
        unit.send(
            OutgoingMessage(
                f"{key}:r{poll.round}",
                ToPerson(person.person),
                Content(text=texts("meetings.vote_title", title=poll.title), card=card),
                unit.now,
                card_key=key,
                language=texts.language,
            )
        )
        if poll.round > 1:
            unit.send(
                OutgoingMessage(
                    f"{key}:r{poll.round}:update",
                    UpdateCopies(key),
                    Content(card=card),
                    unit.now,
                    language=texts.language,
                )
            )
        sent += 1
    return sent


def post_shared_card(unit: UnitOfWork, poll: Poll, origin: Origin, language: str) -> None:
    card = shared_card(Texts(language), poll, None)
    unit.send(
        OutgoingMessage(
            shared_key(poll.id),
            ToConversation(origin.tenant_id, origin.conversation_id),
            Content(card=card),
            unit.now,
            card_key=shared_key(poll.id),
            language=language,
        )
    )


def update_shared_card(unit: UnitOfWork, poll: Poll, language: str) -> None:
    """Every copy of the shared card, updated in place; one row per poll version."""
    ranking = poll.ranking() if poll.show_answers else None
    unit.send(
        OutgoingMessage(
            f"{shared_key(poll.id)}:v{poll.version}",
            UpdateCopies(shared_key(poll.id)),
            Content(card=shared_card(Texts(language), poll, ranking)),
            unit.now,
            language=language,
        )
    )


def queue_nudges(unit: UnitOfWork, context: MeetingsContext, poll: Poll) -> None:
    """Nudges after 1 and 2 working days, queued now and cancelled when the person answers."""
    local = unit.now.astimezone(context.zone)
    for person in poll.people:
        if person.person is None or person.person == poll.tovholder:
            continue
        texts = _texts(unit, person.person)
        for days in NUDGE_AFTER_WORKING_DAYS:
            day = context.calendar.add_working_days(local.date(), days)
            due = datetime.combine(day, local.timetz())
            unit.send_automatic(
                OutgoingMessage(
                    f"{nudge_prefix(poll.id, person.key)}r{poll.round}:{days}",
                    ToPerson(person.person),
                    Content(
                        text=texts(
                            "meetings.nudge", tovholder=poll.tovholder_name, title=poll.title
                        )
                    ),
                    due,
                    language=texts.language,
                ),
                context.calendar,
            )


def cancel_nudges(unit: UnitOfWork, poll_id: str, participant: str | None = None) -> None:
    Outbox(unit.session).cancel(
        nudge_prefix(poll_id, participant) if participant else f"poll:{poll_id}:nudge:"
    )


def deadline_key(poll_id: str) -> str:
    return f"poll:{poll_id}:deadline"


def queue_deadline(
    unit: UnitOfWork, context: MeetingsContext, poll: Poll, directory: Directory
) -> None:
    """The tovholder is told when the answer-by date has passed (the morning after it)."""
    if poll.answer_by is None:
        return
    due = datetime.combine(poll.answer_by + timedelta(days=1), time(8, 0), tzinfo=context.zone)
    _tell_tovholder(unit, context, poll, directory, deadline_key(poll.id), due, _deadline_text)


def _deadline_text(texts: Texts, poll: Poll) -> str:
    return texts("meetings.deadline_passed", title=poll.title)


def tell_all_required_answered(
    unit: UnitOfWork, context: MeetingsContext, poll: Poll, directory: Directory
) -> None:
    _tell_tovholder(
        unit,
        context,
        poll,
        directory,
        f"poll:{poll.id}:all_required",
        unit.now,
        lambda texts, p: texts("meetings.all_required_answered", title=p.title),
    )


def _tell_tovholder(
    unit: UnitOfWork,
    context: MeetingsContext,
    poll: Poll,
    directory: Directory,
    key: str,
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
        Notice(key, poll.tovholder, build, due, automatic=True),
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
    for person in poll.people:
        if person.person is None:
            continue
        said_no = (
            person in poll.said_no(slot.key)
            and poll.sequence == 0
            and poll.status is PollStatus.FINALISED
        )
        _notify(unit, context, poll, person.person, person.key, slot, directory, url, said_no)


def _notify(
    unit: UnitOfWork,
    context: MeetingsContext,
    poll: Poll,
    recipient: PersonRef,
    participant: str,
    slot: TimeSlot,
    directory: Directory,
    url: str | None,
    said_no: bool,
) -> None:
    cancelled = poll.status is PollStatus.CANCELLED

    def build(texts: Texts, note: str | None) -> Content:
        if poll.sequence == 0 and not cancelled:
            card = confirmation_card(texts, poll, slot, url, ask_input=said_no, note=note)
            title = texts("meetings.confirmation_title", title=poll.title)
        else:
            card = changed_card(texts, poll, slot, url, cancelled=cancelled)
            key = "meetings.cancelled_title" if cancelled else "meetings.moved_title"
            title = texts(key, title=poll.title)
        return Content(text=title, card=card)

    queue_notice(
        unit,
        Notice(
            f"poll:{poll.id}:confirmed:{poll.sequence}:{int(cancelled)}:{participant}",
            recipient,
            build,
            unit.now,
            automatic=False,
        ),
        directory=directory,
        calendar=context.calendar,
        zone=context.zone,
    )
