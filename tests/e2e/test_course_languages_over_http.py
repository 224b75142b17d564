"""The shared case card in each reader's language, end to end over HTTP (issue 17 item 7): a copy
sent to someone who reads English stays English when a step updates every copy, and a Danish
reader's copy stays Danish."""

from __future__ import annotations

from tests.e2e.course_world import load_directory, local, open_case
from tests.harness import World
from tests.harness.transcript import Posted


def _case_card(world: World, key: str, heading: str) -> Posted:
    for posted in reversed(world.chat(world.user(key)).messages):
        if posted.cards and str(posted.cards[0]["body"][0].get("text", "")).startswith(heading):
            return posted
    raise LookupError(f"no case card headed {heading!r}")


async def test_an_english_readers_copy_of_the_case_card_is_updated_in_english(world: World):
    await load_directory(world)
    anne, bo = world.user("anne"), world.user("bo")
    await world.say(anne, "language english")
    await world.say(bo, "hjælp")
    world.bot.clock.current = local(2026, 1, 5, 10)
    reference = await open_case(world)
    await world.run_background(at=local(2026, 1, 5, 10, 1))
    english = _case_card(world, "anne", f"KI course {reference}")

    await world.click(anne, english, "Consent given")
    await world.click(anne, english, "Own coordinator informed")
    await world.run_background(at=local(2026, 1, 5, 10, 2))

    updated = world.chat(anne).find(english.id)
    assert updated is not None
    assert updated.shows("✔ Consent given") and not updated.shows("Samtykke")
    danish = _case_card(world, "bo", f"KI-forløb {reference}")
    await world.click(bo, danish, "course.view")  # bo's own view, as Teams' refresh fetches it
    await world.click(bo, danish, "Anden organisations koordinator orienteret")
    await world.run_background(at=local(2026, 1, 5, 10, 3))
    assert world.chat(anne).find(english.id).shows("Other organisation's coordinator informed")
    assert world.chat(bo).find(danish.id).shows("✔ Samtykke givet")
