"""The administrators' cards over HTTP (issue #18, items 17-18): an answered confirmation card
shows what was done and a second click on it says so; a care worker is neither offered `puljer`
on the help card nor told about registered attempts when typing it anyway."""

from __future__ import annotations

import json
from typing import Any

from domain.directory import Role, parse_directory_file
from storage.audit import AuditLog
from storage.directory import DirectoryStore
from tests.e2e.course_world import directory_file
from tests.e2e.sparring_world import forged
from tests.harness import Posted, World
from tests.harness.cards import find_action
from tests.harness.model import User
from tests.harness.world import Turn

ERIK = "Erik Eriksen – Psykiatrisk Center Amager"


async def _load_directory_with_finn_as_admin(world: World) -> None:
    finn = world.user("finn")
    admin = f"""
[[people]]
name = "{finn.name}"
aad_object_id = "{finn.aad_object_id}"
tenant = "{finn.tenant.id}"
roles = ["admin"]
"""
    wanted = parse_directory_file(directory_file(world) + admin)

    def load(session: Any) -> None:
        DirectoryStore(session, world.bot.clock.now()).apply_file(wanted)

    await world.bot.services.database.run(load)


def _choice(card: dict[str, Any], input_id: str, title: str) -> str:
    [element] = [e for e in card["body"] if e.get("id") == input_id] or [
        i for e in card["body"] for i in e.get("items", []) if i.get("id") == input_id
    ]
    return str(next(c["value"] for c in element["choices"] if c["title"] == title))


async def _confirmation(world: World, finn: User) -> tuple[Posted, dict[str, Any]]:
    """finn asks to make erik backup coordinator in PC Amager; the posted pools message and the
    confirmation card it now shows him."""
    await world.say(finn, "puljer")
    pools = world.chat(finn).latest_card("Koordinatorpuljer")
    erik = _choice(pools.card, "person", ERIK)
    asked = await world.click(
        finn,
        pools,
        "directory.change.propose",
        inputs={"person": erik, "change": "backup", "organisation": "pc-amager"},
    )
    assert asked.card is not None and "Bekræft" in json.dumps(asked.card, ensure_ascii=False)
    return pools, asked.card


async def _press_again(world: World, user: User, card: dict[str, Any], button: str) -> Turn:
    """A click on a card as it was before it was answered (a double click, a second device)."""
    action = find_action(card, button)
    return await forged(world, user, user, str(action["verb"]), **action["data"])


async def _roles(world: World, user: User) -> frozenset[Role]:
    def read(session: Any) -> frozenset[Role]:
        person = DirectoryStore(session, world.bot.clock.now()).snapshot().person(user.person)
        assert person is not None
        return frozenset(person.roles)

    return await world.bot.services.database.run(read)


def _said(turn: Turn) -> str:
    return json.dumps([turn.card, turn.message], ensure_ascii=False)


async def test_a_confirmed_change_shows_its_answered_card_and_a_later_cancel_says_it_was_done(
    world: World,
):
    await _load_directory_with_finn_as_admin(world)
    finn, erik = world.user("finn"), world.user("erik")
    pools, confirmation = await _confirmation(world, finn)

    confirmed = await world.click(finn, pools, "directory.change.confirm")

    assert confirmed.card is not None, "the confirmation card is replaced by its answered state"
    answered = json.dumps(confirmed.card, ensure_ascii=False)
    assert "**Erik Eriksen** er nu backup-koordinator" in answered
    assert "directory.change." not in answered, "no live button is left"
    again = await _press_again(world, finn, confirmation, "directory.change.cancel")
    assert "Ændringen er allerede bekræftet" in _said(again)
    assert "ikke ændret noget" not in _said(again)
    assert Role.BACKUP in await _roles(world, erik)
    twice = await _press_again(world, finn, confirmation, "directory.change.confirm")
    assert "Ændringen er allerede bekræftet" in _said(twice)


async def test_a_cancelled_change_shows_its_answered_card_and_a_later_confirm_changes_nothing(
    world: World,
):
    await _load_directory_with_finn_as_admin(world)
    finn, erik = world.user("finn"), world.user("erik")
    pools, confirmation = await _confirmation(world, finn)

    cancelled = await world.click(finn, pools, "directory.change.cancel")

    assert cancelled.card is not None
    answered = json.dumps(cancelled.card, ensure_ascii=False)
    assert "ikke ændret noget" in answered and "directory.change." not in answered
    late = await _press_again(world, finn, confirmation, "directory.change.confirm")
    assert "Du har allerede annulleret" in _said(late)
    assert Role.BACKUP not in await _roles(world, erik)


async def test_a_care_worker_is_not_offered_the_pools_and_is_refused_in_plain_words(world: World):
    await _load_directory_with_finn_as_admin(world)
    anne, finn = world.user("anne"), world.user("finn")

    await world.say(anne, "hjælp")
    staff_help = world.chat(anne).latest_card("Det kan KI-bot")
    await world.say(finn, "hjælp")
    admin_help = world.chat(finn).latest_card("Det kan KI-bot")
    refused = await world.say(anne, "puljer")

    assert not staff_help.shows("puljer") and admin_help.shows("puljer")
    [answer] = refused.replies
    assert "administrator" in answer.text and "registreret" not in answer.text

    def outcomes(session: Any) -> list[tuple[Any, str]]:
        return [(e.actor, e.outcome) for e in AuditLog(session).entries()]

    audited = await world.bot.services.database.run(outcomes)
    assert (anne.person, "refused:not_admin") in audited
