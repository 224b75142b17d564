"""People the directory file lists by UPN only are recognised once the bot sees them: in a
roster (an install, a member added) or in a turn of theirs (the UPN then comes from a roster:
Teams activities seldom carry it). Before, such a coordinator never counted as one."""

from __future__ import annotations

from typing import Any

from domain.directory import parse_directory_file
from storage.directory import DirectoryStore
from tests.harness import User, World

REGISTERED = "Du er registreret i **Psykiatrisk Center Amager**"


def _directory_listing_bo_by_upn(world: World) -> str:
    bo = world.user("bo")
    return f"""
[[organisations]]
id = "pc-amager"
kind = "region"
name = "Psykiatrisk Center Amager"
tenant = "{bo.tenant.id}"
partners = []

[[people]]
name = "{bo.name}"
upn = "{bo.upn.upper()}"
organisation = "pc-amager"
roles = ["coordinator"]
"""


async def _load(world: World) -> None:
    wanted = parse_directory_file(_directory_listing_bo_by_upn(world))

    def load(session: Any) -> None:
        DirectoryStore(session, world.bot.clock.now()).apply_file(wanted)

    await world.bot.services.database.run(load)


async def _roles(world: World, user: User) -> tuple[str | None, frozenset[str]]:
    directory = await world.bot.services.database.run(
        lambda s: DirectoryStore(s, world.bot.clock.now()).snapshot()
    )
    person = directory.person(user.person)
    if person is None:
        return None, frozenset()
    return person.organisation_id, frozenset(role.value for role in person.roles)


async def test_a_coordinator_listed_by_upn_counts_as_one_once_a_roster_shows_her(world: World):
    bo = world.user("bo")
    await _load(world)

    await world.install_in_team(world.team("PC Amager"))  # bo is on its roster, with his UPN
    answer = await world.say(bo, "min organisation")

    assert any(posted.shows(REGISTERED) for posted in answer.posted)
    assert await _roles(world, bo) == ("pc-amager", frozenset({"coordinator"}))


async def test_a_person_listed_by_upn_after_the_install_is_linked_when_he_writes(world: World):
    bo = world.user("bo")
    await world.install_in_team(world.team("PC Amager"))
    await _load(world)  # the file came later: only his own activity can link him now

    answer = await world.say(bo, "min organisation")

    assert any(posted.shows(REGISTERED) for posted in answer.posted)
    assert await _roles(world, bo) == ("pc-amager", frozenset({"coordinator"}))
