"""Overdue deadlines and continuity end to end over HTTP: the coordinators are told once, with
the case card; they nudge, take over or hand over; an absent tovholder's nudges reach the
substitute, and a handover during the absence tells the new tovholder what is due."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.directory import DirectoryStore
from tests.e2e.course_world import course, load_directory, local, my_view, to_meeting_held
from tests.harness import World


def _shown(world: World, key: str, words: str) -> list[Any]:
    return [p for p in world.chat(world.user(key)).messages if p.shows(words)]


async def _mornings(world: World, *days: int) -> None:
    for day in days:
        await world.run_background(at=local(2026, 1, day, 9, 0))


async def test_a_missed_plan_deadline_is_told_to_the_own_coordinators_once_with_the_case_card(
    world: World,
):
    await load_directory(world)
    await world.say(world.user("carla"), "hjælp")
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))  # plan due 22/1

    await _mornings(world, 15, 20, 22)
    assert _shown(world, "bo", "Frist overskredet") == []
    await _mornings(world, 23, 26, 27)

    [told] = _shown(world, "bo", f"Frist overskredet i {reference}")
    assert told.shows("Planen skrives") and told.shows("Tovholder")
    assert _shown(world, "carla", "Frist overskredet") == []
    bo = world.user("bo")
    nudged = await world.click(bo, told, "Påmind tovholderen")
    assert nudged.message == "Tovholderen har fået en påmindelse."
    before = len(_shown(world, "anne", "Påmindelse:"))
    await _mornings(world, 28)
    assert len(_shown(world, "anne", "Påmindelse:")) == before + 1

    taken = await world.click(bo, told, "Overtag forløbet")
    assert taken.message == f"Du er nu tovholder for {reference}."
    assert (await course(world, reference)).tovholder == bo.person


async def _absent(world: World, key: str, first: date, last: date, substitute: str) -> None:
    absent, stand_in = world.user(key).person, world.user(substitute).person

    def register(session: Any) -> None:
        store = DirectoryStore(session, world.bot.clock.now())
        me, other = store.find(absent), store.find(stand_in)
        assert me is not None and other is not None
        store.add_absence(me.id, first, last, other.id)

    await world.bot.services.database.run(register)


async def test_while_the_tovholder_is_away_nudges_go_to_the_substitute_and_a_handover_tells_what_is_due(
    world: World,
):
    await load_directory(world)
    erik = world.user("erik")
    await world.say(erik, "hjælp")
    await _absent(world, "anne", date(2026, 1, 14), date(2026, 1, 30), "erik")
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))

    await _mornings(world, 15)
    [nudge] = _shown(world, "erik", f"Påmindelse: Planen skrives i {reference}")
    assert nudge.shows("For Anne Andersen")
    assert _shown(world, "anne", "Påmindelse:") == []

    world.bot.clock.current = local(2026, 1, 16, 10)
    await my_view(world, "bo")
    bo_card = [p for p in world.chat(world.user("bo")).messages if p.shows(reference)][-1]
    value = f"{erik.tenant.id}/{erik.aad_object_id}"
    handed = await world.click(
        world.user("bo"), bo_card, "Giv forløbet til en anden tovholder", {"tovholder": value}
    )
    assert handed.message == f"Erik Eriksen er nu tovholder for {reference}."
    await world.run_background(at=local(2026, 1, 16, 10, 1))

    [told] = _shown(world, "erik", f"Du er nu tovholder for {reference}")
    assert told.shows("Planen skrives: senest torsdag d. 22. januar")
    assert (await course(world, reference)).tovholder == erik.person
    await _mornings(world, 20)
    latest = _shown(world, "erik", "Påmindelse:")[-1]
    assert latest.shows("senest") or latest.shows("Fristen er")
    assert not latest.shows("For Anne Andersen")  # anne's own reminders were cancelled
