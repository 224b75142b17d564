"""Deadline nudges end to end over HTTP: on time at 09:00, several in one morning digest, snooze,
done from the nudge, a date corrected after its reminders were queued."""

from __future__ import annotations

from typing import Any

from storage.outbox import Outbox
from tests.e2e.course_world import load_directory, local, press, to_meeting_held
from tests.harness import World


def _nudges(world: World, key: str) -> list[Any]:
    return [p for p in world.chat(world.user(key)).messages if p.shows("Påmindelse:")]


async def _outbox(world: World) -> Any:
    return await world.bot.services.database.run(lambda s: Outbox(s).counts())


async def test_the_plan_reminder_arrives_at_nine_seven_days_before_and_done_records_the_step(
    world: World,
):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))  # plan due Thursday 22/1

    early = await world.run_background(at=local(2026, 1, 15, 8, 59))
    assert _nudges(world, "anne") == [] and early.errors == []
    await world.run_background(at=local(2026, 1, 15, 9, 0))
    [nudge] = _nudges(world, "anne")
    assert nudge.shows(f"Påmindelse: Planen skrives i {reference}")
    assert nudge.shows("torsdag d. 22. januar")

    done = await world.click(world.user("anne"), nudge, "Udført")

    assert done.card is not None and "Plan skrevet – Anne Andersen" in str(done.card)
    await world.run_background(at=local(2026, 1, 22, 9, 0))
    assert len(_nudges(world, "anne")) == 1  # the 2-day and same-day reminders were dropped
    assert (await _outbox(world)).get("cancelled", 0) >= 2


async def test_two_nudges_due_the_same_morning_arrive_as_one_digest(world: World):
    await load_directory(world)
    first = await to_meeting_held(world, local(2026, 1, 8, 12))
    second = await to_meeting_held(world, local(2026, 1, 8, 13))

    before = len(world.chat(world.user("anne")).messages)
    await world.run_background(at=local(2026, 1, 15, 9, 0))

    [digest] = world.chat(world.user("anne")).messages[before:]
    assert digest.shows("Påmindelse: Planen skrives i " + first)
    assert digest.shows("Påmindelse: Planen skrives i " + second)


async def test_snoozing_a_nudge_brings_it_back_a_day_later_and_says_so_past_the_deadline(
    world: World,
):
    await load_directory(world)
    await to_meeting_held(world, local(2026, 1, 8, 12))
    for day in (15, 20, 22):  # 7 and 2 days before, and the deadline's own day
        await world.run_background(at=local(2026, 1, day, 9, 0))
    nudge = _nudges(world, "anne")[-1]
    anne = world.user("anne")

    week = await world.click(anne, nudge, "Udsæt 1 uge")
    assert week.message is not None and "EFTER fristen" in week.message
    day = await world.click(anne, nudge, "Udsæt 1 dag")
    assert day.message is not None and "EFTER fristen" in day.message
    count = len(_nudges(world, "anne"))
    await world.run_background(at=local(2026, 1, 23, 9, 0))
    assert len(_nudges(world, "anne")) == count + 1


async def test_a_snooze_before_the_deadline_says_nothing_of_it(world: World):
    await load_directory(world)
    await to_meeting_held(world, local(2026, 1, 8, 12))
    await world.run_background(at=local(2026, 1, 15, 9, 0))
    [nudge] = _nudges(world, "anne")

    day = await world.click(world.user("anne"), nudge, "Udsæt 1 dag")

    assert day.message is not None and "Jeg minder dig om det igen" in day.message
    assert "EFTER" not in day.message
    await world.run_background(at=local(2026, 1, 16, 9, 0))
    assert len(_nudges(world, "anne")) == 2


async def test_a_meeting_date_corrected_after_its_reminders_were_queued_moves_them(
    world: World,
):
    await load_directory(world)
    await to_meeting_held(world, local(2026, 1, 6, 12))  # plan due 20/1, nudge 13/1
    world.bot.clock.current = local(2026, 1, 9, 10)

    fixed = await press(world, "anne", "Ret dato: Møde holdt", {"corrected_day": "2026-01-08"})

    assert fixed.card is not None and "torsdag d. 22. januar" in str(fixed.card)
    await world.run_background(at=local(2026, 1, 13, 9, 0))  # the old reminder's morning
    assert _nudges(world, "anne") == []
    await world.run_background(at=local(2026, 1, 15, 9, 0))  # 7 days before the new 22/1
    [moved] = _nudges(world, "anne")
    assert moved.shows("torsdag d. 22. januar")
    shown = [n for n in _nudges(world, "anne") if n.shows("20. januar")]
    assert shown == []
