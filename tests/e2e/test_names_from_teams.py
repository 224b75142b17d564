"""Names Teams sends (members' display names, team, channel and group chat names) never bring a
CPR number into the database or onto a card, whichever way they arrive: with an event, or read
from the roster when the bot is installed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from domain.privacy import CPR_MARKER, cpr_like_numbers
from tests.cpr_forms import cpr_forms, synthetic_cpr
from tests.harness import World
from tests.harness.events import BOT_ID, activity

NUMBER = synthetic_cpr(16)
FORMS = cpr_forms(NUMBER)
SOME_FORMS = ["hyphen-minus", "digits separated by spaces", "keycap digits", "double hyphen"]


def _database(world: World) -> str:
    def read(session: Any) -> list[str]:
        return [
            str(value)
            for table in SQLModel.metadata.sorted_tables
            for row in session.execute(select(table))
            for value in row
        ]

    return " | ".join(world.bot.services.database.run_sync(read))


def _leaks(text: str) -> bool:
    return NUMBER in cpr_like_numbers(text) or NUMBER[:6] in text


@pytest.mark.parametrize("form", SOME_FORMS)
async def test_a_member_added_with_a_cpr_number_in_the_name_is_stored_redacted_and_never_shown(
    world: World, form: str
):
    team = world.team("PC Amager")
    await world.install_in_team(team)
    newcomer = world.directory.add_user("ny", f"Ny {FORMS[form]}", team.tenant)
    await world.add_member(team, newcomer)

    await world.say(world.user("anne"), "møde", in_=team.channel("KI-koordinering"))

    card = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    shown = json.dumps(card.card, ensure_ascii=False)
    assert f"Ny {CPR_MARKER}" in shown
    assert not _leaks(shown)
    assert not _leaks(_database(world))


async def test_a_roster_read_at_installation_is_stored_redacted(world: World):
    team = world.team("PC Amager")
    team.members.append(world.directory.add_user("ny", f"Ny {NUMBER}", team.tenant))

    await world.install_in_team(team)

    assert f"Ny {CPR_MARKER}" in _database(world)
    assert not _leaks(_database(world))


async def test_team_channel_and_group_chat_names_are_stored_redacted(world: World):
    team = world.team("PC Amager")
    team.name = f"Team {FORMS['spaced dash']}"
    team.add_channel(f"Kanal {FORMS['middle dot']}")
    await world.install_in_team(team)
    await world.create_channel(team, f"Ny kanal {FORMS['comma']}")
    await world.rename_channel(team, "KI-koordinering", f"Omdøbt {FORMS['four spaces']}")
    group = world.directory.add_group("Gruppe", [world.user("anne")])
    installed = activity(
        "conversationUpdate",
        user=world.user("anne"),
        place=group,
        service_url=world.connector.service_url,
        now=world.bot.clock.now(),
        membersAdded=[{"id": BOT_ID}],
    )
    installed["conversation"]["name"] = f"Gruppe {FORMS['superscript digits']}"
    await world.post(installed)

    stored = _database(world)
    assert stored.count(CPR_MARKER) >= 5  # team, two channels, the renamed one, the group chat
    assert not _leaks(stored)
