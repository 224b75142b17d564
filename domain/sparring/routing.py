"""Where a question goes: the asker's own organisation's pool (or the one they chose, if they
belong to none), its present coordinators (else backups) and the substitutes of absent ones; when
the whole pool is away, the partner organisation's pool. And where a forwarded one goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.directory import Directory, Routing, RoutingReason, pool_routing
from domain.identity import PersonRef


@dataclass(frozen=True)
class Route:
    pool: str  # the organisation whose pool gets it
    target: str  # the organisation it was meant for (differs when the partner stands in)
    routing: Routing
    people: tuple[PersonRef, ...]  # who gets the request in their personal chat


def target_of(directory: Directory, asker: PersonRef, chosen: str | None) -> str | None:
    """The asker's own organisation; for someone who belongs to none, the one they chose."""
    me = directory.person(asker)
    own = me.organisation_id if me is not None else None
    if own is not None and directory.organisation(own) is not None:
        return own
    return chosen if chosen is not None and directory.organisation(chosen) is not None else None


def pool_members(directory: Directory, organisation_id: str) -> list[PersonRef]:
    return directory.coordinators(organisation_id) + directory.backups(organisation_id)


def substitutes(directory: Directory, organisation_id: str, day: date) -> list[PersonRef]:
    """Present substitutes of the pool's absent members: they may act for them that day."""
    found = []
    for member in pool_members(directory, organisation_id):
        absence = directory.absence(member, day)
        if absence and absence.substitute and directory.is_present(absence.substitute, day):
            found.append(absence.substitute)
    return found


def route_question(directory: Directory, target: str, day: date) -> Route | None:
    """None: nobody in the target's pool or its partners' is there to take it."""
    routing = pool_routing(target, day, directory)
    if routing is None:
        return None
    pool = target
    if routing.reason is RoutingReason.PARTNER_POOL:
        delivered = set(routing.deliver_to)
        pool = next(
            p
            for p in directory.organisations[target].partner_ids
            if set(pool_members(directory, p)) & delivered
        )
    people = (*routing.deliver_to, *substitutes(directory, pool, day))
    return Route(pool, target, routing, people)


def present_pool(directory: Directory, organisation_id: str, day: date) -> list[PersonRef]:
    """The pool's present coordinators and backups (and substitutes of absent ones); else whoever
    ``pool_routing`` falls back to (the partner's pool)."""
    present = [p for p in pool_members(directory, organisation_id) if directory.is_present(p, day)]
    present += substitutes(directory, organisation_id, day)
    if present:
        return list(dict.fromkeys(present))
    routing = pool_routing(organisation_id, day, directory)
    return list(routing.deliver_to) if routing is not None else []


def partner_of(directory: Directory, organisation_id: str) -> str | None:
    """The partner organisation a request is forwarded to: the first one the directory knows."""
    organisation = directory.organisation(organisation_id)
    partners = organisation.partner_ids if organisation is not None else ()
    return next((p for p in partners if directory.organisation(p) is not None), None)
