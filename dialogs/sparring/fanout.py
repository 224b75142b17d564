"""Where a thread's messages go, all through the outbox in the caller's unit of work, each under
its key from ``domain.sparring.keys``:

- the request card to the pool's channel or group chat and to each present coordinator's
  personal chat, and a copy to the asker; one card key per reader's language;
- after every change of the thread, every copy updated, each in its own language;
- the "not claimed yet" reminder, queued at ask time with its due time, withdrawn by a claim;
- what a move tells the other side (claimed, forwarded, declined, closed) and the relayed
  answers, follow-ups and proposals, to one person now (absences followed by ``queue_notice``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from cards.sparring import notice_card, relay_card, request_card
from cards.texts import LANGUAGES, Texts
from domain.calendar import WorkingCalendar
from domain.directory import Directory
from domain.identity import PersonRef
from domain.keys import MessageKey
from domain.messaging import Content, TellOnFailure, ToConversation, ToPerson, UpdateCopies
from domain.sparring import (
    Answered,
    Changed,
    Claimed,
    Closed,
    Declined,
    Event,
    FollowedUp,
    Forwarded,
    Proposed,
    Thread,
    keys,
    present_pool,
    unclaimed_reminder_due,
)
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork

from ..delivery import Notice, queue_notice
from .views import asker_name, organisation_name, person_name, thread_view, viewer_ids

SHARED_LANGUAGE = "da"  # the pool's channel or group chat: one copy for everyone in it
EXCERPT = 120


@dataclass(frozen=True)
class SparringSettings:
    zone: ZoneInfo
    calendar: WorkingCalendar
    reminder_hours: float = 4.0

    def today(self, unit: UnitOfWork) -> date:
        return unit.now.astimezone(self.zone).date()


def _pool_place(
    unit: UnitOfWork, directory: Directory, organisation_id: str
) -> ToConversation | None:
    organisation = directory.organisation(organisation_id)
    if organisation is None or not organisation.pool_reference:
        return None
    if unit.reach.place_of_conversation(organisation.pool_reference) is None:
        return None  # the bot is not (or no longer) in that channel or chat
    return ToConversation(organisation.tenant_id, organisation.pool_reference)


def pool_place_reached(unit: UnitOfWork, directory: Directory, organisation_id: str) -> bool:
    """Is the bot in the pool's channel or group chat, so a request posted there is seen?"""
    return _pool_place(unit, directory, organisation_id) is not None


def _request(unit: UnitOfWork, thread: Thread, directory: Directory) -> Callable[[str], Content]:
    viewers = viewer_ids(unit, thread, directory)
    view = thread_view(thread, directory)

    def content(language: str) -> Content:
        texts = Texts(language)
        card = request_card(texts, view, viewers=viewers)
        return Content(text=texts("sparring.card.title", id=thread.id), card=card)

    return content


def post_request(
    unit: UnitOfWork,
    thread: Thread,
    directory: Directory,
    people: Sequence[PersonRef],
    *,
    with_asker: bool,
) -> None:
    """The request card to the pool's place and to ``people``; the asker's copy if asked."""
    content = _request(unit, thread, directory)

    def send(address: ToConversation | ToPerson, reader: str, language: str) -> None:
        key = keys.copy(thread.id, thread.organisation_id, thread.version, reader)
        card_key = keys.card(thread.id, language)
        unit.send(
            OutgoingMessage(
                str(key),
                address,
                content(language),
                unit.now,
                card_key=str(card_key),
                language=language,
            )
        )

    place = _pool_place(unit, directory, thread.organisation_id)
    if place is not None:
        send(place, keys.POOL_PLACE, SHARED_LANGUAGE)
    recipients = [*people, *([thread.asker] if with_asker else [])]
    for person in dict.fromkeys(recipients):
        send(ToPerson(person), person.aad_object_id, unit.preferences.language_for(person))


def update_copies(unit: UnitOfWork, thread: Thread, directory: Directory) -> None:
    """Every copy of the request card shows ``thread``, each in the language it was sent in."""
    content = _request(unit, thread, directory)
    for language in LANGUAGES:
        unit.send(
            OutgoingMessage(
                str(keys.update(thread.id, thread.version, language)),
                UpdateCopies(str(keys.card(thread.id, language))),
                content(language),
                unit.now,
                language=language,
            )
        )


def queue_reminders(
    unit: UnitOfWork, settings: SparringSettings, thread: Thread, directory: Directory
) -> None:
    """Remind the pool (its place, its present coordinators and backups) once, if nobody has
    claimed the request after the configured working hours."""
    due = unclaimed_reminder_due(unit.now, settings.calendar, settings.reminder_hours)
    day = due.astimezone(settings.zone).date()
    asker = asker_name(directory, thread)
    hours = f"{settings.reminder_hours:g}"
    question = thread.question
    excerpt = question if len(question) <= EXCERPT else question[: EXCERPT - 1] + "…"

    def content(language: str) -> Content:
        texts = Texts(language)
        message = texts(
            "sparring.notice.reminder", id=thread.id, name=asker, hours=hours, question=excerpt
        )
        return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

    def key(reader: str) -> str:
        return str(keys.unclaimed(thread.id, thread.organisation_id, thread.version, reader))

    place = _pool_place(unit, directory, thread.organisation_id)
    if place is not None:
        unit.send(OutgoingMessage(key(keys.POOL_PLACE), place, content(SHARED_LANGUAGE), due))
    for person in present_pool(directory, thread.organisation_id, day):
        language = unit.preferences.language_for(person)
        message = OutgoingMessage(
            key(person.aad_object_id), ToPerson(person), content(language), due, language=language
        )
        unit.send_automatic(message, settings.calendar)


def cancel_reminders(unit: UnitOfWork, thread_id: int) -> None:
    unit.outbox.cancel(keys.every_unclaimed(thread_id).prefix)


# --- what each move tells the other side ----------------------------------------------------
Build = Callable[[Texts], Content]
Told = tuple[MessageKey, PersonRef, Build]  # the key, who reads it, the message in their words


def _notify(
    unit: UnitOfWork,
    settings: SparringSettings,
    directory: Directory,
    key: str,
    recipient: PersonRef,
    build: Build,
    tell_on_failure: TellOnFailure | None = None,
) -> None:
    """A message to one person now (their own thread: not held to working hours)."""

    def with_note(texts: Texts, note: str | None) -> Content:
        content = build(texts)
        if note and content.card is not None:
            card = dict(content.card)
            card["body"] = [{"type": "TextBlock", "text": note, "wrap": True, "isSubtle": True}]
            card["body"] += content.card["body"]
            return Content(text=content.text, card=card)
        return content

    notice = Notice(
        key, recipient, with_note, unit.now, automatic=False, tell_on_failure=tell_on_failure
    )
    queue_notice(unit, notice, directory=directory, calendar=settings.calendar, zone=settings.zone)


def _notice(thread: Thread, key: str, **fields: object) -> Build:
    def build(texts: Texts) -> Content:
        message = texts(f"sparring.notice.{key}", **fields)
        return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

    return build


def _relayed(
    thread: Thread,
    directory: Directory,
    by: PersonRef,
    kind: str,
    message: str,
    message_id: int | None,
) -> Told | None:
    """An answer, follow-up or proposal, relayed to the other side with a box to reply in."""
    recipient = thread.other_side(by)
    if recipient is None or message_id is None:
        return None
    to_asker = by != thread.asker
    author = thread.claimer_name if to_asker else asker_name(directory, thread)

    def build(texts: Texts) -> Content:
        card = relay_card(
            texts, thread=thread.id, author=author, kind=kind, message=message, as_asker=to_asker
        )
        return Content(text=texts(f"sparring.relay.{kind}", name=author), card=card)

    return keys.message(thread.id, message_id), recipient, build


def _told(
    thread: Thread, directory: Directory, event: Event, by_name: str, message_id: int | None
) -> Told | None:
    """The message ``event`` sends to the other side of ``thread`` (as it is after the move)."""
    version = thread.version
    match event:
        case Claimed(_, name):
            key = keys.notice(thread.id, keys.Kind.CLAIMED, version)
            return key, thread.asker, _notice(thread, "claimed", name=name)
        case Answered(by, text):
            return _relayed(thread, directory, by, "answer", text, message_id)
        case FollowedUp(by, text):
            return _relayed(thread, directory, by, "follow_up", text, message_id)
        case Proposed(by, _, note):
            return _relayed(thread, directory, by, event.kind, note, message_id)
        case Forwarded(_, _, partner, note):
            fields = {"organisation": organisation_name(directory, partner), "note": note}
            wording = "forwarded_note" if note else "forwarded"
            key = keys.notice(thread.id, keys.Kind.FORWARDED, version)
            return key, thread.asker, _notice(thread, wording, **fields)
        case Declined(by, reason):
            who = person_name(directory, by, by_name)
            key = keys.notice(thread.id, keys.Kind.DECLINED, version)
            return key, thread.asker, _notice(thread, "declined", name=who, reason=reason)
        case Closed(by, _, tell) if tell is not None:
            who = person_name(directory, by, by_name)
            key = keys.notice(thread.id, keys.Kind.CLOSED, version)
            return key, tell, _notice(thread, "closed_by", name=who)
    return None


def publish(
    unit: UnitOfWork,
    settings: SparringSettings,
    directory: Directory,
    changed: Changed,
    message_ids: Sequence[int | None],
    *,
    by_name: str,
) -> None:
    """Everything a stored move sends: the copies updated, the reminders withdrawn or queued
    anew, the request to a new pool, and what the other side is told."""
    thread = changed.thread
    if any(isinstance(e, Claimed | Forwarded | Declined | Closed) for e in changed.events):
        cancel_reminders(unit, thread.id)
    if changed.moved:
        update_copies(unit, thread, directory)
    for event, message_id in zip(changed.events, message_ids, strict=True):
        if isinstance(event, Forwarded):
            people = present_pool(directory, event.to_organisation, settings.today(unit))
            post_request(unit, thread, directory, people, with_asker=False)
            queue_reminders(unit, settings, thread, directory)
        told = _told(thread, directory, event, by_name, message_id)
        if told is not None:
            key, recipient, build = told
            tell = _sender_of(event)
            _notify(unit, settings, directory, str(key), recipient, build, tell)


def _sender_of(event: Event) -> TellOnFailure | None:
    """Whoever wrote what an event relays hears if it never reaches the other side."""
    match event:
        case Answered(by, _) | Proposed(by, _, _):
            return TellOnFailure(by, "answer")
        case FollowedUp(by, _):
            return TellOnFailure(by, "message")
    return None
