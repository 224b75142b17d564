"""Two instances on one database keep the directory between clicks (issue #19): a change made
through one is seen by the other on its very next click, end to end over HTTP."""

from __future__ import annotations

from typing import Any

from storage.directory import DirectoryStore
from tests.conftest import StartInstance
from tests.e2e.course_world import ZONE, load_directory, open_case
from tests.e2e.sparring_world import forged
from tests.harness import World


async def _person_id(world: World, key: str) -> int:
    user = world.user(key)

    def find(session: Any) -> int:
        found = DirectoryStore(session, world.bot.clock.now()).find(user.person)
        assert found is not None
        return found.id

    return await world.bot.services.database.run(find)


async def test_an_absence_registered_on_one_instance_lets_the_substitute_in_on_the_other(
    world: World, start_instance: StartInstance
):
    await load_directory(world)
    reference = await open_case(world)
    await world.run_background(at=world.bot.clock.now())
    second = await start_instance()
    anne, erik = world.user("anne"), world.user("erik")
    await world.say(erik, "hjælp")
    refused = await forged(world, erik, erik, "course.view", bot=second, reference=reference)
    assert refused.message is not None and f"ikke på forløbet {reference}" in refused.message

    today = world.bot.clock.now().astimezone(ZONE).date().isoformat()
    registered = await forged(
        world,
        anne,
        anne,
        "directory.absence.register",
        owner=anne.teams_id,
        first=today,
        last=today,
        substitute=str(await _person_id(world, "erik")),
    )
    shown = await forged(world, erik, erik, "course.view", bot=second, reference=reference)

    assert registered.message is not None and "Erik Eriksen" in registered.message
    assert shown.card is not None and reference in str(shown.card)
