"""An administrator's confirmed change to a coordinator pool, applied with its audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.directory import MAX_COORDINATORS, Role
from domain.identity import PersonRef
from storage.unit_of_work import UnitOfWork

from .commands import ChangePool
from .context import audit_person


@dataclass(frozen=True)
class PoolChanged:
    text_key: str
    fields: Mapping[str, object] = field(default_factory=dict)
    in_effect: bool = False  # the change holds now: made, or it already was so


_ROLE = {"coordinator": Role.COORDINATOR, "backup": Role.BACKUP, "admin": Role.ADMIN}


def apply_pool_change(unit: UnitOfWork, actor: PersonRef, command: ChangePool) -> PoolChanged:
    store = unit.directory
    stored = store.get(command.person)
    if stored is None:
        return PoolChanged("directory.change.invalid")
    organisations = {o.id: o for o in store.organisations()}
    organisation_id = (
        stored.person.organisation_id if command.change == "remove" else command.organisation
    )
    organisation = organisations.get(organisation_id or "")
    if command.change != "admin" and organisation is None:
        return PoolChanged("directory.change.invalid")
    names = {
        "person": stored.person.label,
        "organisation": organisation.name if organisation else "",
    }

    if command.change == "remove":
        changed = any(
            [
                store.set_role(stored.id, Role.COORDINATOR, granted=False),
                store.set_role(stored.id, Role.BACKUP, granted=False),
            ]
        )
    else:
        role = _ROLE[command.change]
        if role is Role.COORDINATOR and organisation is not None:
            others = [
                p
                for p in store.people()
                if p.id != stored.id
                and p.person.organisation_id == organisation.id
                and Role.COORDINATOR in p.person.roles
            ]
            if len(others) >= MAX_COORDINATORS:
                return PoolChanged(
                    "directory.change.too_many",
                    {"organisation": organisation.name, "count": len(others)},
                )
        moved = (
            organisation is not None
            and role is not Role.ADMIN
            and store.set_organisation(stored.id, organisation.id)
        )
        changed = store.set_role(stored.id, role, granted=True) or moved
    if not changed:
        return PoolChanged("directory.change.unchanged", in_effect=True)
    audit_person(
        unit,
        actor,
        "directory.role_revoked" if command.change == "remove" else "directory.role_granted",
        stored.id,
        change=command.change,
        organisation=organisation_id,
    )
    return PoolChanged(f"directory.change.done.{command.change}", names, in_effect=True)
