"""Course lists and the Monday overview end to end over HTTP."""

from __future__ import annotations

from tests.e2e.course_world import load_directory, local, to_meeting_held
from tests.harness import World


async def test_mine_forlob_lists_the_users_cases_with_their_next_deadline(world: World):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))

    turn = await world.say(world.user("anne"), "mine forløb")

    [reply] = turn.replies
    assert reply.shows("Mine KI-forløb") and reply.shows(reference)
    assert reply.shows("Planen skrives: senest torsdag d. 22. januar")
    empty = await world.say(world.user("erik"), "mine forløb")
    assert empty.replies[0].shows("Ingen forløb.")


async def test_a_coordinators_forlob_lists_the_organisations_cases_overdue_first(world: World):
    await load_directory(world)
    late = await to_meeting_held(world, local(2026, 1, 5, 12))  # plan due 19/1
    later = await to_meeting_held(world, local(2026, 1, 8, 12))  # plan due 22/1
    world.bot.clock.current = local(2026, 1, 21, 10)

    turn = await world.say(world.user("bo"), "forløb")
    refused = await world.say(world.user("anne"), "forløb")

    text = str(turn.replies[0].card)
    assert "KI-forløb i Psykiatrisk Center Amager" in text
    assert text.index(late) < text.index(later)
    assert "fristen var mandag d. 19. januar" in text
    assert "for koordinatorer" in refused.replies[0].text


async def test_frister_lists_coming_deadlines_by_date(world: World):
    await load_directory(world)
    second = await to_meeting_held(world, local(2026, 1, 8, 12))
    first = await to_meeting_held(world, local(2026, 1, 7, 12))

    turn = await world.say(world.user("anne"), "frister")

    text = str(turn.replies[0].card)
    assert "Frister i dine KI-forløb" in text
    assert text.index(first) < text.index(second)


async def test_each_coordinator_gets_one_overview_on_monday_morning(world: World):
    await load_directory(world)
    await to_meeting_held(world, local(2026, 1, 5, 12))  # plan due 19/1: missed by 26/1
    await to_meeting_held(world, local(2026, 1, 16, 12))  # plan due 30/1: this week

    await world.run_background(at=local(2026, 1, 24, 9))  # the escalations of the week
    before = len(world.chat(world.user("bo")).messages)
    await world.run_background(at=local(2026, 1, 25, 9))  # a Sunday: nothing
    assert len(world.chat(world.user("bo")).messages) == before
    await world.run_background(at=local(2026, 1, 26, 8, 0))
    await world.run_background(at=local(2026, 1, 26, 8, 30))

    overviews = [
        p
        for p in world.chat(world.user("bo")).messages[before:]
        if p.shows("Ugens overblik over KI-forløb")
    ]
    assert len(overviews) == 1, [str(p.card)[:300] for p in overviews]
    [overview] = overviews
    assert overview.shows("Overskredne frister") and overview.shows("mandag d. 19. januar")
    assert overview.shows("fredag d. 30. januar")
    assert overview.shows("2026-Q1") and overview.shows("2025-Q2")
    assert overview.shows("Forløb startet: 2")


async def test_the_welcome_cards_deadlines_button_lists_the_deadlines(world: World):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))
    anne = world.user("anne")
    await world.say(anne, "hjælp")

    await world.click(anne, world.chat(anne).latest_card("Det kan KI-bot"), "Se frister")

    assert world.chat(anne).latest_card().shows("Frister i dine KI-forløb")
    assert world.chat(anne).latest_card().shows(reference)
