"""The generated region and municipality: two organisations in two Microsoft 365 tenants, each
with three coordinators, two backups and its staff, one team per organisation with the app
installed (so the bot reaches everyone), and the directory file ``ki-bot directory load`` reads."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.harness.model import Directory, Team, User

from .rules import Pools

REGION, KOMMUNE = "pc-amager", "crb-kbh"
ORGANISATIONS = {
    REGION: ("region", "Psykiatrisk Center Amager", "Region Hovedstaden", "regionh.dk"),
    KOMMUNE: ("kommune", "Center for Rusmiddelbehandling", "Københavns Kommune", "kk.dk"),
}
FIRST = (
    "Anne", "Bo", "Carla", "Dina", "Erik", "Frida", "Gustav", "Hanne", "Ida", "Jens", "Karen",
    "Lars", "Mette", "Niels", "Ole", "Pia", "Rasmus", "Sofie", "Tine", "Ulrik", "Vibeke",
    "William", "Yasmin", "Zainab", "Ahmed", "Birgit", "Casper", "Ditte", "Emil", "Freja",
)  # fmt: skip
LAST = (
    "Andersen", "Bertelsen", "Christensen", "Dahl", "Eriksen", "Friis", "Gregersen", "Hansen",
    "Iversen", "Jensen", "Kristensen", "Larsen", "Madsen", "Nielsen", "Olsen", "Pedersen",
    "Rasmussen", "Sørensen", "Thomsen", "Vestergaard",
)  # fmt: skip


@dataclass(eq=False)
class Person:
    key: str
    user: User
    organisation: str
    role: str  # "staff", "coordinator" or "backup"

    @property
    def name(self) -> str:
        return self.user.name


@dataclass
class Cast:
    directory: Directory
    people: dict[str, Person]
    staff: dict[str, list[str]]  # organisation -> staff keys
    pools: Pools
    teams: list[Team] = field(default_factory=list)

    def by_name(self, name: str) -> Person | None:
        return next((p for p in self.people.values() if p.name == name), None)

    def directory_file(self) -> str:
        parts = []
        for organisation, (kind, name, _tenant, _domain) in ORGANISATIONS.items():
            tenant = self.directory.tenants[ORGANISATIONS[organisation][2]].id
            partner = KOMMUNE if organisation == REGION else REGION
            parts.append(
                f'[[organisations]]\nid = "{organisation}"\nkind = "{kind}"\nname = "{name}"\n'
                f'tenant = "{tenant}"\npartners = ["{partner}"]\n'
            )
        for person in self.people.values():
            roles = "" if person.role == "staff" else f'"{person.role}"'
            parts.append(
                f'[[people]]\nname = "{person.name}"\nupn = "{person.user.upn}"\n'
                f'aad_object_id = "{person.user.aad_object_id}"\n'
                f'organisation = "{person.organisation}"\nroles = [{roles}]\n'
            )
        return "\n".join(parts)


def make_cast(rng: random.Random, staff_per_organisation: int) -> Cast:
    directory = Directory()
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    people: dict[str, Person] = {}
    staff: dict[str, list[str]] = {}
    coordinators: dict[str, tuple[str, ...]] = {}
    backups: dict[str, tuple[str, ...]] = {}
    teams = []
    for organisation, (_kind, org_name, tenant_name, domain) in ORGANISATIONS.items():
        tenant = directory.tenant(tenant_name, domain)
        members: list[User] = []
        roles = ["coordinator"] * 3 + ["backup"] * 2 + ["staff"] * staff_per_organisation
        for number, role in enumerate(roles):
            key = f"{organisation}-{role}-{number}"
            user = directory.add_user(key, names.pop(), tenant)
            people[key] = Person(key, user, organisation, role)
            members.append(user)
        coordinators[organisation] = tuple(
            k for k in people if k.startswith(f"{organisation}-coordinator")
        )
        backups[organisation] = tuple(k for k in people if k.startswith(f"{organisation}-backup"))
        staff[organisation] = [k for k in people if k.startswith(f"{organisation}-staff")]
        teams.append(directory.add_team(org_name, tenant, members))
    partners = {REGION: (KOMMUNE,), KOMMUNE: (REGION,)}
    return Cast(directory, people, staff, Pools(coordinators, backups, partners), teams)
