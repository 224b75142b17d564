"""What a reply may say about the messages it queued: "sent" only for people the bot can reach
now. Whoever it cannot reach is named, with what would change it; the outbox sends their
message if they become reachable within ``REQUEUE_WITHIN``."""

from __future__ import annotations

from collections.abc import Iterable

from cards.texts import Texts
from domain.identity import PersonRef
from storage.reach import REQUEUE_WITHIN
from storage.unit_of_work import UnitOfWork


def unreachable_names(unit: UnitOfWork, people: Iterable[tuple[PersonRef, str]]) -> list[str]:
    """The names of ``people`` (person, name) the bot cannot send a message to now."""
    return [
        name
        for person, name in dict(people).items()
        if not unit.reach.reachability(person).reachable
    ]


def not_reached(texts: Texts, names: list[str]) -> str:
    """One sentence naming who cannot be reached yet and what would change it."""
    return texts(
        "common.not_reachable",
        names=", ".join(names),
        days=REQUEUE_WITHIN.days,
    )
