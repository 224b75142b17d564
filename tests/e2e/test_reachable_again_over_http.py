"""Unreachable does not stay unreachable, and a sender hears when a message was not delivered.

The natural trigger: the directory is loaded and the bot starts on a Monday during working
hours, so the weekly overview goes out before the bot is installed anywhere. Every coordinator
is then marked unreachable ("no shared team"); installing the bot in their teams, or any
activity of theirs, makes them reachable again and what was dropped for them arrives."""

from __future__ import annotations

from datetime import timedelta

from domain.messaging import Content, TellOnFailure, ToPerson
from storage.outbox import OutgoingMessage
from storage.reach import Reach
from tests.e2e.course_world import load_directory, local
from tests.harness import User, World

MONDAY_MORNING = local(2026, 1, 5, 9)
OVERVIEW = "Ugens overblik over KI-forløb"


async def _mark(world: World, user: User) -> str | None:
    return await world.bot.services.database.run(lambda s: Reach(s).unreachable_reason(user.person))


async def test_coordinators_missed_before_any_install_get_their_messages_once_installed(
    world: World,
):
    bo, carla = world.user("bo"), world.user("carla")
    world.bot.clock.current = MONDAY_MORNING
    await load_directory(world)

    first = await world.run_background(at=MONDAY_MORNING)  # the overview, before any install

    assert first.unreachable == 2 and first.sent == 0
    assert await _mark(world, bo) == await _mark(world, carla) == "no_shared_team"
    assert world.chat(bo).messages == [] and world.chat(carla).messages == []

    await world.install_in_team(world.team("PC Amager"))  # bo is on its roster
    await world.install_in_team(world.team("Misbrugscenter Nord"))  # carla is on this one
    later = await world.run_background(at=MONDAY_MORNING + timedelta(minutes=5))

    assert later.sent == 2 and later.unreachable == 0
    assert await _mark(world, bo) is None and await _mark(world, carla) is None
    assert world.chat(bo).latest_card().shows(OVERVIEW)
    assert world.chat(carla).latest_card().shows(OVERVIEW)
    # Reachable for what comes next, too.
    await world.bot.services.units.run(
        lambda unit: unit.send(
            OutgoingMessage("next", ToPerson(bo.person), Content(text="Ny anmodning"), unit.now)
        )
    )
    await world.run_background(at=MONDAY_MORNING + timedelta(minutes=6))
    assert world.chat(bo).messages[-1].text == "Ny anmodning"


async def test_a_person_missed_earlier_is_reachable_again_after_writing_to_the_bot(world: World):
    dina = world.user("dina")
    world.bot.clock.current = MONDAY_MORNING
    await world.bot.services.units.run(
        lambda unit: unit.send(
            OutgoingMessage(
                "for-dina", ToPerson(dina.person), Content(text="Svar til dig"), unit.now
            )
        )
    )
    await world.run_background(at=MONDAY_MORNING)
    assert await _mark(world, dina) == "no_shared_team"

    await world.say(dina, "hjælp")  # she adds the app and writes: any activity of hers
    await world.run_background(at=MONDAY_MORNING + timedelta(minutes=1))

    assert await _mark(world, dina) is None
    assert world.chat(dina).messages[-1].text == "Svar til dig"


async def test_the_sender_is_told_once_in_their_language_that_a_message_was_not_delivered(
    world: World,
):
    anne, dina, finn = world.user("anne"), world.user("dina"), world.user("finn")
    world.bot.clock.current = MONDAY_MORNING
    await world.say(anne, "sprog engelsk")
    await world.install_in_team(world.team("PC Amager"))  # anne is reachable, finn is not
    tell = TellOnFailure(anne.person, "question")

    await world.bot.services.units.run(
        lambda unit: unit.send(
            OutgoingMessage(
                "question-to-finn",
                ToPerson(finn.person),
                Content(text="Kan du tage borgeren?"),
                unit.now,
                tell_on_failure=tell,
            )
        )
    )
    await world.run_background(at=MONDAY_MORNING)
    await world.run_background(at=MONDAY_MORNING + timedelta(minutes=1))

    notices = [m for m in world.chat(anne).messages if "was not delivered" in m.text]
    assert len(notices) == 1
    assert notices[0].text.startswith(
        "Your question to the recipient was not delivered: the bot cannot reach"
    )
    assert world.chat(finn).messages == [] and world.chat(dina).messages == []
