"""Notifying a person outside their own turn, the one way every capability does it.

At the time the message is queued, in the caller's unit of work:
- absences are followed (``domain.directory.route``): an absent person's message goes to their
  substitute or, for a coordinator, to the pool, with a line saying for whom and until when;
  never what answers the person's own action (``routed=False``);
- each reader gets the message in their own language;
- automatic messages wait for working hours and are merged into one digest per person; a
  person's own reminder (``automatic=False``) goes at the time they asked for;
- the dedupe key is per logical message and reader, so nothing is queued twice.

An absence registered later moves what was already queued for those days to the stand-ins
(``reroute_for_absence``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from cards.common import text as note_text
from cards.directory import routing_note
from cards.texts import Texts
from domain.calendar import WorkingCalendar
from domain.directory.model import Directory
from domain.directory.routing import Routing, RoutingReason, route
from domain.identity import PersonRef
from domain.messaging import Content, TellOnFailure, ToPerson
from storage.outbox import OutgoingMessage
from storage.unit_of_work import UnitOfWork

# Builds the message in a reader's language; ``note`` says why it reached a stand-in, if it did.
ContentBuilder = Callable[[Texts, str | None], Content]
# A card key, or one per reader's language (copies in one language are updated together).
CardKey = str | Callable[[str], str]


@dataclass(frozen=True)
class Notice:
    key: str  # the logical message, e.g. "case:17:plan:7d:2026-12-01"
    recipient: PersonRef
    build: ContentBuilder
    due_at: datetime
    automatic: bool = True
    card_key: CardKey | None = None  # copies sent under this key can be updated together later
    # False for what answers the recipient's own action (the case card of the course she just
    # started): it goes to her even on a day she is away.
    routed: bool = True
    tell_on_failure: TellOnFailure | None = None  # who hears if it is finally not delivered


@dataclass(frozen=True)
class Queued:
    readers: tuple[PersonRef, ...]
    routing: Routing


def _with_note(content: Content, note: str) -> Content:
    """The content with ``note`` under the card's heading (or after the text)."""
    if content.card is not None:
        body = list(content.card.get("body") or [])
        card = {**content.card, "body": [*body[:1], note_text(note, subtle=True), *body[1:]]}
        return replace(content, card=card)
    return replace(content, text="\n\n".join(filter(None, [content.text, note])))


def reroute_for_absence(
    unit: UnitOfWork, person: PersonRef, first: date, last: date, *,
    directory: Directory, zone: ZoneInfo,
) -> int:  # fmt: skip
    """After ``person`` registered an absence: what was already queued for them on those days
    (planned before anyone knew) goes to whoever stands in instead, saying for whom, as it
    would had the absence been known when it was queued. Returns how many were moved."""
    absent = directory.person(person)
    absent_name = absent.label if absent is not None else ""
    organisation = directory.organisation(absent.organisation_id if absent else None)
    moved = 0
    day = first
    while day <= last:
        routing = route(person, day, directory)
        start = datetime.combine(day, time(0), tzinfo=zone)
        day += timedelta(days=1)
        if routing.deliver_to == [person]:
            continue
        end = datetime.combine(day, time(0), tzinfo=zone)
        for message in unit.outbox.take_automatic(person, start, end):
            moved += 1
            for reader in routing.deliver_to:
                texts = Texts(unit.preferences.language_for(reader))
                note = routing_note(texts, routing, name=absent_name,
                                    organisation=organisation.name if organisation else "")  # fmt: skip
                unit.send(
                    replace(
                        message,
                        dedupe_key=_reader_key(message.dedupe_key, reader, person),
                        address=ToPerson(reader),
                        content=_with_note(message.content, note) if note else message.content,
                        digest_group=f"person:{reader.tenant_id}:{reader.aad_object_id}",
                    )
                )
    return moved


def _reader_key(key: str, reader: PersonRef, recipient: PersonRef) -> str:
    if reader == recipient:
        return key
    return f"{key}:via:{reader.aad_object_id}"[:200]


def queue_notice(
    unit: UnitOfWork,
    notice: Notice,
    *,
    directory: Directory,
    calendar: WorkingCalendar,
    zone: ZoneInfo,
) -> Queued:
    """Queue ``notice`` for its recipient, or for whoever stands in for them on the day it is
    sent (for an automatic one held for working hours: the morning it arrives); a notice that
    answers what its recipient just did (``routed`` False) goes to them, absent or not."""
    moment = max(notice.due_at, unit.now)
    if notice.automatic:
        moment = calendar.hold_for_working_hours(moment)
    day: date = moment.astimezone(zone).date()
    if notice.routed:
        routing = route(notice.recipient, day, directory)
    else:
        routing = Routing([notice.recipient], None, RoutingReason.PRESENT)
    absent = directory.person(notice.recipient)
    absent_name = absent.label if absent is not None else ""
    organisation = directory.organisation(absent.organisation_id if absent else None)
    preferences = unit.preferences
    for reader in routing.deliver_to:
        texts = Texts(preferences.language_for(reader))
        note = routing_note(
            texts,
            routing,
            name=absent_name,
            organisation=organisation.name if organisation is not None else "",
        )
        message = OutgoingMessage(
            dedupe_key=_reader_key(notice.key, reader, notice.recipient),
            address=ToPerson(reader),
            content=notice.build(texts, note),
            due_at=notice.due_at,
            card_key=(
                notice.card_key(texts.language) if callable(notice.card_key) else notice.card_key
            ),
            language=texts.language,
            tell_on_failure=notice.tell_on_failure,
        )
        if notice.automatic:
            unit.send_automatic(message, calendar)
        else:
            unit.send(message)
    return Queued(tuple(routing.deliver_to), routing)
