"""Finding a case again (issue 18 item 4): every line of ``mine forløb``, ``frister`` and
``forløb`` opens its case card, and a typed case reference (alone or after a command) opens it
for whoever may see it, end to end over HTTP."""

from __future__ import annotations

from typing import Any

from storage.audit import AuditEntry, AuditLog
from tests.e2e.course_world import load_directory, local, open_case, to_meeting_held
from tests.harness import Posted, World
from tests.harness.model import User


def _heading(card: dict[str, Any] | None) -> str:
    assert card is not None
    return str(card["body"][0].get("text", ""))


async def _audit(world: World) -> list[AuditEntry]:
    return await world.bot.services.database.run(lambda session: AuditLog(session).entries())


async def _open_from(world: World, user: User, listed: Posted, reference: str) -> dict[str, Any]:
    turn = await world.click(user, listed, f"open-{reference}")
    assert turn.card is not None, turn.message
    return turn.card


async def test_every_case_listed_by_mine_forlob_frister_and_forlob_opens_with_its_own_button(
    world: World,
):
    await load_directory(world)
    first = await to_meeting_held(world, local(2026, 1, 7, 12))
    second = await to_meeting_held(world, local(2026, 1, 8, 12))
    anne, bo = world.user("anne"), world.user("bo")

    for user, command in ((anne, "mine forløb"), (anne, "frister"), (bo, "forløb")):
        [listed] = (await world.say(user, command)).replies
        for reference in (first, second):
            card = await _open_from(world, user, listed, reference)
            assert _heading(card).startswith(f"KI-forløb {reference}"), (command, card)
            world.connector.transcript(listed.conversation_id).views.clear()

    steps = await _open_from(world, anne, (await world.say(anne, "mine forløb")).replies[0], first)
    assert "Plan skrevet" in str(steps)  # her own buttons, as on the case card itself


async def test_a_typed_case_reference_opens_its_card_alone_or_after_a_command(world: World):
    await load_directory(world)
    reference = await open_case(world)
    anne = world.user("anne")

    for typed in (reference, f"forløb {reference}", f"mine forløb {reference.lower()}"):
        [reply] = (await world.say(anne, typed)).replies
        assert _heading(reply.card).startswith(f"KI-forløb {reference}"), typed
        assert reply.shows("Samtykke givet"), typed  # the tovholder's own buttons

    viewed = [e for e in await _audit(world) if e.action == "case.viewed"]
    assert [(e.actor, e.case_reference) for e in viewed] == [(anne.person, reference)] * 3


async def test_a_case_reference_is_opened_only_for_whoever_may_see_the_case(world: World):
    await load_directory(world)
    reference = await open_case(world)
    erik, bo = world.user("erik"), world.user("bo")

    [refused] = (await world.say(erik, reference)).replies
    [unknown] = (await world.say(erik, "KI-2026-9999")).replies
    [coordinator] = (await world.say(bo, f"forløb {reference}")).replies

    assert "ikke på forløbet" in refused.text and not refused.cards
    assert "kender jeg ikke" in unknown.text
    assert _heading(coordinator.card).startswith(f"KI-forløb {reference}")
    entries = await _audit(world)
    assert [(e.actor, e.outcome) for e in entries if e.action == "course.view"] == [
        (erik.person, "refused:not_on_case")
    ]
    assert [e.actor for e in entries if e.action == "case.viewed"] == [bo.person]


async def test_a_case_reference_typed_in_a_channel_shows_the_case_only_to_whoever_opens_it(
    world: World,
):
    await load_directory(world)
    reference = await open_case(world)
    team = world.team("PC Amager")
    await world.install_in_team(team)
    bo, erik = world.user("bo"), world.user("erik")
    channel = team.channel("General")

    [offer] = (await world.say(bo, reference, in_=channel)).replies
    own = await world.click(bo, offer, f"open-{reference}")
    other = await world.click(erik, offer, f"open-{reference}")

    assert offer.shows(reference) and not offer.shows("Tovholder")  # nothing of the case shown
    assert _heading(own.card).startswith(f"KI-forløb {reference}")
    assert other.card is None and "ikke på forløbet" in str(other.message)
