"""A KI course end to end over HTTP: from the screening's "start a KI course" to the first
follow-up, with the case card updated for everyone and refusals answered."""

from __future__ import annotations

from domain.course import Stage, Step
from storage.audit import AuditLog
from tests.e2e.course_world import (
    case_card,
    course,
    load_directory,
    local,
    my_view,
    open_case,
)
from tests.e2e.sparring_world import forged
from tests.harness import Turn, World
from tests.harness.cards import actions


async def _step(world: World, key: str, title: str, inputs: dict[str, str] | None = None) -> Turn:
    return await world.click(world.user(key), case_card(world, key), title, inputs=inputs or {})


async def _now(world: World, *parts: int) -> None:
    await world.run_background(at=local(*parts))


async def test_starting_a_course_sends_the_case_card_to_the_tovholder_with_her_buttons(
    world: World,
):
    await load_directory(world)
    reference = await open_case(world)
    await world.run_background(at=world.bot.clock.now())

    stored = await course(world, reference)
    assert stored.course.stage is Stage.IDEA
    assert stored.tovholder == world.user("anne").person
    assert (stored.organisation_id, stored.other_organisation_id) == ("pc-amager", "crb-kbh")
    card = case_card(world, "anne").card
    assert f"KI-forløb {reference} (AB)" in str(card)
    titles = [a["title"] for a in actions(card)]
    assert titles == [
        "Samtykke spurgt",
        "Samtykke givet",
        "Samtykke afvist",
        "Forløbet lukket",
        "Opdater",
    ]


async def test_a_course_runs_from_screening_to_the_first_follow_up(world: World):
    await load_directory(world)
    for key in ("bo", "carla"):
        await world.say(world.user(key), "hjælp")  # the coordinators have a chat with the bot
    reference = await open_case(world)
    await _now(world, 2026, 1, 5, 10, 1)

    await _step(world, "anne", "Samtykke givet")
    await _step(world, "anne", "Egen koordinator orienteret")
    await _now(world, 2026, 1, 5, 10, 2)
    assert case_card(world, "bo").shows(reference)
    await my_view(world, "bo")
    await _step(world, "bo", "Anden organisations koordinator orienteret")
    await _now(world, 2026, 1, 5, 10, 3)
    assert case_card(world, "carla").shows(reference)
    await _now(world, 2026, 1, 5, 10, 4)
    await my_view(world, "anne")
    scheduled = await _step(world, "anne", "Møde planlagt", {"when": "torsdag d. 8/1 kl 10"})
    assert scheduled.card is not None

    await _now(world, 2026, 1, 8, 12)
    await my_view(world, "anne")
    held = await _step(world, "anne", "Møde holdt")
    assert held.card is not None and "Planen skrives: senest torsdag d. 22. januar" in str(
        held.card
    )
    await _now(world, 2026, 1, 12, 11)
    await my_view(world, "anne")
    await _step(world, "anne", "Plan skrevet")
    await _step(world, "anne", "Plan sendt")
    await _now(world, 2026, 1, 12, 12)
    await my_view(world, "bo")
    await _step(world, "bo", "Plan videresendt")
    await _now(world, 2026, 6, 1, 12)
    await my_view(world, "anne")
    done = await _step(world, "anne", "Opfølgningsmøde holdt")

    stored = await course(world, reference)
    assert stored.course.stage is Stage.FOLLOW_UP_HELD
    assert done.card is not None and "Opfølgningsmøde holdt – Anne Andersen" in str(done.card)
    assert [e.step.value for e in stored.course.history] == [
        "give_consent",
        "inform_own_coordinator",
        "inform_other_coordinator",
        "schedule_meeting",
        "hold_meeting",
        "write_plan",
        "send_plan",
        "forward_plan",
        "hold_follow_up",
    ]
    assert stored.course.dates.meeting_on == local(2026, 1, 8).date()
    assert stored.meeting_at == local(2026, 1, 8, 10)


async def test_a_step_out_of_order_or_by_someone_not_on_the_case_is_refused_and_audited(
    world: World,
):
    await load_directory(world)
    reference = await open_case(world)
    await world.run_background(at=world.bot.clock.now())
    anne, posted = world.user("anne"), case_card(world, "anne")
    await world.click(anne, posted, "Samtykke givet")

    # The card as first sent (a stale copy) still offers "consent refused".
    world.connector.transcript(posted.conversation_id).views.clear()
    again = await world.click(anne, posted, "Samtykke afvist")
    services = world.bot.services
    erik = world.user("erik")
    await world.say(erik, "hjælp")
    step = Step.INFORM_OWN_COORDINATOR.value
    stranger = await forged(world, erik, erik, "course.step", reference=reference, step=step)

    assert again.message is not None and "kan ikke tages nu" in again.message
    assert "Samtykke givet" in again.message
    assert (
        stranger.message
        == f"Du er ikke på forløbet {reference} og kan ikke se eller ændre det. Forsøget er registreret."
    )
    audit = await services.database.run(lambda s: AuditLog(s).entries())
    outcomes = [(e.outcome, e.case_reference) for e in audit if e.action == "course.step"]
    assert outcomes == [
        ("done", reference),
        ("refused:step_out_of_order", reference),
        ("refused:not_on_case", reference),
    ]
