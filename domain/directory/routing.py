"""Where a message for someone goes on a given day, taking absences into account.

recipient present ─────────────────────────────▶ recipient
absent, substitute present ────────────────────▶ substitute            (for the recipient)
absent, substitute absent, theirs present ─────▶ substitute's substitute (once, no further)
absent coordinator, no present substitute ─────▶ the pool's other present coordinators
                                               ▶ else its present backups
                                               ▶ else the partner organisations' pools
nobody to cover ───────────────────────────────▶ recipient (they read it when back)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.identity import PersonRef

from .model import Directory


class RoutingReason(StrEnum):
    PRESENT = "present"
    SUBSTITUTE = "substitute"
    SUBSTITUTES_SUBSTITUTE = "substitutes_substitute"
    POOL_COORDINATORS = "pool_coordinators"
    POOL_BACKUPS = "pool_backups"
    PARTNER_POOL = "partner_pool"
    NOBODY_COVERS = "nobody_covers"


@dataclass(frozen=True)
class Routing:
    deliver_to: list[PersonRef]
    on_behalf_of: PersonRef | None
    reason: RoutingReason
    absent_until: date | None = None  # the last day of the recipient's absence, for the wording


def _present(people: list[PersonRef], on: date, directory: Directory) -> list[PersonRef]:
    return [p for p in people if directory.is_present(p, on)]


def _substitute(recipient: PersonRef, on: date, directory: Directory) -> Routing | None:
    absence = directory.absence(recipient, on)
    if absence is None or absence.substitute is None:
        return None
    first = absence.substitute
    if directory.is_present(first, on):
        return Routing([first], recipient, RoutingReason.SUBSTITUTE)
    second = directory.absence(first, on)
    further = second.substitute if second is not None else None
    if further is not None and further != recipient and directory.is_present(further, on):
        return Routing([further], recipient, RoutingReason.SUBSTITUTES_SUBSTITUTE)
    return None


def pool_routing(organisation_id: str, on: date, directory: Directory) -> Routing | None:
    """The present members of an organisation's pool: coordinators, else backups, else partners'."""
    coordinators = _present(directory.coordinators(organisation_id), on, directory)
    if coordinators:
        return Routing(coordinators, None, RoutingReason.POOL_COORDINATORS)
    backups = _present(directory.backups(organisation_id), on, directory)
    if backups:
        return Routing(backups, None, RoutingReason.POOL_BACKUPS)
    organisation = directory.organisation(organisation_id)
    partners = [
        p
        for partner in (organisation.partner_ids if organisation else ())
        for p in _present(directory.coordinators(partner), on, directory)
        or _present(directory.backups(partner), on, directory)
    ]
    if partners:
        return Routing(partners, None, RoutingReason.PARTNER_POOL)
    return None


def _colleagues(recipient: PersonRef, on: date, directory: Directory) -> Routing | None:
    organisation_id = directory.coordinates(recipient)
    if organisation_id is None:
        return None
    others = [p for p in directory.coordinators(organisation_id) if p != recipient]
    present = _present(others, on, directory)
    if present:
        return Routing(present, recipient, RoutingReason.POOL_COORDINATORS)
    backups = _present(
        [p for p in directory.backups(organisation_id) if p != recipient], on, directory
    )
    if backups:
        return Routing(backups, recipient, RoutingReason.POOL_BACKUPS)
    organisation = directory.organisation(organisation_id)
    partners: list[PersonRef] = []
    for partner in organisation.partner_ids if organisation else ():
        covering = pool_routing(partner, on, directory)
        if covering is not None and covering.reason is not RoutingReason.PARTNER_POOL:
            partners += covering.deliver_to
    if partners:
        return Routing(sorted(set(partners)), recipient, RoutingReason.PARTNER_POOL)
    return None


def route(recipient: PersonRef, on: date, directory: Directory) -> Routing:
    absence = directory.absence(recipient, on)
    if absence is None:
        return Routing([recipient], None, RoutingReason.PRESENT)
    routing = _substitute(recipient, on, directory) or _colleagues(recipient, on, directory)
    if routing is None:
        routing = Routing([recipient], None, RoutingReason.NOBODY_COVERS)
    return Routing(routing.deliver_to, routing.on_behalf_of, routing.reason, absence.ends_on)
