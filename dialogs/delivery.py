"""Notifying a person outside their own turn, the one way every capability does it.

At the time the message is queued, in the caller's unit of work:
- absences are followed (``domain.directory.route``): an absent person's message goes to their
  substitute or, for a coordinator, to the pool, with a line saying for whom and until when;
  never what answers the person's own action (``routed=False``);
- each reader gets the message in their own language;
- automatic messages wait for working hours and are merged into one digest per person; a
  person's own reminder (``automatic=False``) goes at the time they asked for;
- the dedupe key is per logical message and reader, so nothing is queued twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from cards.directory import routing_note
from cards.texts import Texts
from domain.calendar import WorkingCalendar
from domain.directory.model import Directory
from domain.directory.routing import Routing, RoutingReason, route
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
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


@dataclass(frozen=True)
class Queued:
    readers: tuple[PersonRef, ...]
    routing: Routing


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
    """Queue ``notice`` for its recipient, or for whoever stands in for them that day."""
    day: date = max(notice.due_at, unit.now).astimezone(zone).date()
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
        )
        if notice.automatic:
            unit.send_automatic(message, calendar)
        else:
            unit.send(message)
    return Queued(tuple(routing.deliver_to), routing)
