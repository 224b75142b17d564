"""Where a thread's messages go, all through the outbox in the caller's unit of work:

- the request card to the pool's channel or group chat and to each present coordinator's
  personal chat, and a copy to the asker, all under the thread's ``card_key``;
- after every state change one ``UpdateCopies`` so every copy shows the new status;
- the "not claimed yet" reminder, queued at ask time with its due time, cancelled on claim;
- notices and relayed messages to one person (absences followed by ``queue_notice``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from cards.sparring import ThreadView, notice_card, request_card
from cards.texts import Texts
from dialogs.delivery import Notice, queue_notice
from domain.directory import Directory, pool_routing
from domain.identity import PersonRef
from domain.messaging import Content, ToConversation, ToPerson, UpdateCopies
from domain.sparring import unclaimed_reminder_due
from storage.outbox import OutgoingMessage
from storage.preferences import Preferences
from storage.sparring import Thread
from storage.unit_of_work import UnitOfWork

from .context import SparringContext, organisation_name, person_name

SHARED_LANGUAGE = "da"  # one update serves every copy; each viewer's own view is in their language


def thread_view(thread: Thread, directory: Directory, note: str | None = None) -> ThreadView:
    return ThreadView(
        id=thread.id,
        status=thread.status,
        question=thread.question,
        asker_name=person_name(directory, thread.asker, thread.asker_name),
        organisation_name=organisation_name(directory, thread.organisation_id),
        case_reference=thread.case_reference,
        sectors=thread.sectors,
        urgency=thread.urgency.value,
        claimer_name=thread.claimer_name,
        proposal=thread.proposal.value if thread.proposal else None,
        screening_verdict=thread.screening_verdict,
        screening_level=thread.screening_level,
        note=note,
    )


def pool_members(directory: Directory, organisation_id: str) -> list[PersonRef]:
    return directory.coordinators(organisation_id) + directory.backups(organisation_id)


def viewer_ids(unit: UnitOfWork, thread: Thread, directory: Directory) -> list[str]:
    """The Teams ids whose own view Teams fetches by itself: asker, claimer, the pool."""
    people = [thread.asker, *([thread.claimer] if thread.claimer else [])]
    people += pool_members(directory, thread.organisation_id)
    ids = []
    for person in dict.fromkeys(people):
        chat = unit.reach.personal_chat(person)
        entry = chat.teams_user_id if chat else None
        if entry is None and (roster := unit.reach.roster_entry(person)) is not None:
            entry = roster.teams_user_id
        if entry:
            ids.append(entry)
    return ids


def _language(unit: UnitOfWork, person: PersonRef) -> str:
    return Preferences(unit.session).language_for(person)


def _pool_place(
    unit: UnitOfWork, directory: Directory, organisation_id: str
) -> ToConversation | None:
    organisation = directory.organisation(organisation_id)
    if organisation is None or not organisation.pool_reference:
        return None
    if unit.reach.place_of_conversation(organisation.pool_reference) is None:
        return None  # the bot is not (or no longer) in that channel or chat
    return ToConversation(organisation.tenant_id, organisation.pool_reference)


def post_request(
    unit: UnitOfWork,
    thread: Thread,
    directory: Directory,
    people: Sequence[PersonRef],
    *,
    with_asker: bool,
) -> None:
    """The request card to the pool's place and to ``people``; the asker's copy if asked."""
    viewers = viewer_ids(unit, thread, directory)
    view = thread_view(thread, directory)
    key = f"{thread.card_key}:copy:{thread.organisation_id}"

    def content(language: str) -> Content:
        texts = Texts(language)
        card = request_card(texts, view, viewers=viewers)
        return Content(text=texts("sparring.card.title", id=thread.id), card=card)

    place = _pool_place(unit, directory, thread.organisation_id)
    if place is not None:
        unit.send(
            OutgoingMessage(
                f"{key}:pool",
                place,
                content(SHARED_LANGUAGE),
                unit.now,
                card_key=thread.card_key,
                language=SHARED_LANGUAGE,
            )
        )
    recipients = [*people, *([thread.asker] if with_asker else [])]
    for person in dict.fromkeys(recipients):
        language = _language(unit, person)
        unit.send(
            OutgoingMessage(
                f"{key}:{person.aad_object_id}"[:200],
                ToPerson(person),
                content(language),
                unit.now,
                card_key=thread.card_key,
                language=language,
            )
        )


def update_copies(unit: UnitOfWork, thread: Thread, directory: Directory) -> None:
    texts = Texts(SHARED_LANGUAGE)
    card = request_card(
        texts, thread_view(thread, directory), viewers=viewer_ids(unit, thread, directory)
    )
    unit.send(
        OutgoingMessage(
            f"{thread.card_key}:update:{uuid.uuid4().hex}",
            UpdateCopies(thread.card_key),
            Content(text=texts("sparring.card.title", id=thread.id), card=card),
            unit.now,
        )
    )


def substitutes(directory: Directory, organisation_id: str, day: date) -> list[PersonRef]:
    """Present substitutes of the pool's absent members: they may act for them that day."""
    found = []
    for member in pool_members(directory, organisation_id):
        absence = directory.absence(member, day)
        if absence and absence.substitute and directory.is_present(absence.substitute, day):
            found.append(absence.substitute)
    return found


def present_pool(directory: Directory, organisation_id: str, day: date) -> list[PersonRef]:
    """The pool's present coordinators and backups (and substitutes of absent ones); else whoever
    ``pool_routing`` falls back to (the partner's pool)."""
    present = [p for p in pool_members(directory, organisation_id) if directory.is_present(p, day)]
    present += substitutes(directory, organisation_id, day)
    if present:
        return list(dict.fromkeys(present))
    routing = pool_routing(organisation_id, day, directory)
    return list(routing.deliver_to) if routing is not None else []


def reminder_key(thread_id: int) -> str:
    return f"sparring:{thread_id}:unclaimed:"


def queue_reminders(
    ctx: SparringContext, unit: UnitOfWork, thread: Thread, directory: Directory
) -> None:
    """Remind the pool (its place, its present coordinators and backups) once, if nobody has
    claimed the request after the configured working hours."""
    due = unclaimed_reminder_due(unit.now, ctx.calendar, ctx.reminder_hours)
    day = due.astimezone(ctx.zone).date()
    asker = person_name(directory, thread.asker, thread.asker_name)
    hours = f"{ctx.reminder_hours:g}"
    excerpt = thread.question if len(thread.question) <= 120 else thread.question[:119] + "…"

    def content(language: str) -> Content:
        texts = Texts(language)
        message = texts(
            "sparring.notice.reminder", id=thread.id, name=asker, hours=hours, question=excerpt
        )
        return Content(text=message, card=notice_card(texts, thread=thread.id, message=message))

    key = f"{reminder_key(thread.id)}{thread.organisation_id}"
    place = _pool_place(unit, directory, thread.organisation_id)
    if place is not None:
        unit.send(OutgoingMessage(f"{key}:pool", place, content(SHARED_LANGUAGE), due))
    for person in present_pool(directory, thread.organisation_id, day):
        language = _language(unit, person)
        message = OutgoingMessage(
            f"{key}:{person.aad_object_id}"[:200],
            ToPerson(person),
            content(language),
            due,
            language=language,
        )
        unit.send_automatic(message, ctx.calendar)


def cancel_reminders(unit: UnitOfWork, thread_id: int) -> None:
    unit.outbox.cancel(reminder_key(thread_id))


def notify(
    ctx: SparringContext,
    unit: UnitOfWork,
    directory: Directory,
    key: str,
    recipient: PersonRef,
    build: Callable[[Texts], Content],
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

    queue_notice(
        unit,
        Notice(key, recipient, with_note, unit.now, automatic=False),
        directory=directory,
        calendar=ctx.calendar,
        zone=ctx.zone,
    )
