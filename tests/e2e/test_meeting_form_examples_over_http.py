"""The meeting form's examples are made from today (issue 18, item 20): the example time is a
coming day the bot reads back as written, and a line it cannot read is answered with that
example, never with "om 2 timer" or a date that has passed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.harness import World

MONDAY_7_DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen


def _slots_input(card: dict[str, Any]) -> dict[str, Any]:
    [slots] = [e for e in card["body"] if e.get("id") == "slots"]
    return slots


async def test_the_forms_example_time_is_a_coming_day_and_a_line_not_understood_quotes_it(
    world: World,
):
    world.bot.clock.current = MONDAY_7_DECEMBER
    anne, bo = world.user("anne"), world.user("bo")
    await world.install_in_team(world.team("PC Amager"))  # bo can be picked
    await world.say(anne, "møde")
    created = world.chat(anne).latest_card("Planlæg et møde")
    example = _slots_input(created.card)["placeholder"]

    people = f"{bo.person.tenant_id}|{bo.person.aad_object_id}"
    inputs = {"title": "Opfølgning", "people": people, "slots": f"{example}\nsnart engang"}
    preview = await world.click(anne, created, "meetings.preview", inputs=inputs)

    assert example == "tirsdag d. 15/12 kl 10-11"
    shown = str(preview.card)
    assert "tirsdag d. 15. december kl. 10.00–11.00" in shown  # the example reads as written
    assert "»snart engang«" in shown and f"**{example}**" in shown
    assert "om 2 timer" not in shown and "3/12" not in shown


async def test_in_english_the_example_is_written_the_english_way(world: World):
    world.bot.clock.current = MONDAY_7_DECEMBER
    dina = world.user("dina")
    await world.say(dina, "language english")
    await world.say(dina, "meeting")

    created = world.chat(dina).latest_card("Plan a meeting")

    assert _slots_input(created.card)["placeholder"] == "Tuesday 15/12 10:00-11:00"
