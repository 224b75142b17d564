"""A person's roles on one case, from the one authorisation check (``domain.directory``): the
tovholder (or whoever stands in for them that day) and the coordinators of the case's own
organisation (a coordinator, a backup, or the substitute of one) each take their own steps.

A case whose own organisation has nobody to coordinate it (no coordinator or backup in the
directory, or no organisation at all) would wait for nobody: there the tovholder takes the
coordinators' steps too, until someone is made coordinator."""

from __future__ import annotations

from datetime import date

from ..directory import Action, CaseSubject, Directory, authorise, stands_in_for
from ..identity import PersonRef
from .steps import Role


def coordinated(case: CaseSubject, directory: Directory) -> bool:
    """Whether the case's own organisation has a coordinator or a backup in the directory."""
    own = case.organisation_id
    return own is not None and bool(directory.coordinators(own) or directory.backups(own))


def roles_on_case(
    actor: PersonRef, case: CaseSubject, directory: Directory, on: date
) -> frozenset[Role]:
    roles: set[Role] = set()
    if stands_in_for(actor, case.tovholder, directory, on):
        roles.add(Role.TOVHOLDER)
    if authorise(actor, Action.COORDINATE_CASE, case, directory, on=on).allowed:
        roles.add(Role.COORDINATOR)
    if Role.TOVHOLDER in roles and not coordinated(case, directory):
        roles.add(Role.COORDINATOR)
    return frozenset(roles)
