"""A person's roles on one case, from the one authorisation check (``domain.directory``): the
tovholder (or whoever stands in for them that day) and the coordinators of the case's own
organisation (a coordinator, a backup, or the substitute of one) each take their own steps."""

from __future__ import annotations

from datetime import date

from ..directory import Action, CaseSubject, Directory, authorise, stands_in_for
from ..identity import PersonRef
from .steps import Role


def roles_on_case(
    actor: PersonRef, case: CaseSubject, directory: Directory, on: date
) -> frozenset[Role]:
    roles: set[Role] = set()
    if stands_in_for(actor, case.tovholder, directory, on):
        roles.add(Role.TOVHOLDER)
    if authorise(actor, Action.COORDINATE_CASE, case, directory, on=on).allowed:
        roles.add(Role.COORDINATOR)
    return frozenset(roles)
