"""Removing an absence (issue 18 item 5): ``fravær`` lists one's own absences with a *Slet* button
each; ``slet fravær`` and ``annuller fravær`` show that list; a removal is one's own only,
audited, and the card shows what is left, end to end over HTTP."""

from __future__ import annotations

from typing import Any

from storage.audit import AuditLog
from storage.directory import DirectoryStore
from tests.harness import Posted, World
from tests.harness.cards import find_action

from .sparring_world import forged, set_up

FIRST = "remove-absence-2026-12-01-2026-12-05"
SECOND = "remove-absence-2026-12-08-2026-12-08"


async def _absences(world: World, key: str) -> list[tuple[str, str]]:
    user = world.user(key)

    def read(session: Any) -> list[tuple[str, str]]:
        store = DirectoryStore(session, world.bot.clock.now())
        me = store.find(user.person)
        assert me is not None
        found = store.absences_of(me.id, ending_from=world.bot.clock.now().date())
        return [(a.starts_on.isoformat(), a.ends_on.isoformat()) for _, a in found]

    return await world.bot.services.database.run(read)


async def _listed(world: World, key: str, command: str = "fravær") -> Posted:
    [reply] = (await world.say(world.user(key), command)).replies
    return reply


async def test_each_absence_in_fravaer_has_a_button_that_removes_it_and_the_card_updates(
    world: World,
):
    await set_up(world)
    anne = world.user("anne")
    await world.say(anne, "fravær 1/12–5/12")
    await world.say(anne, "fravær 8/12")
    listed = await _listed(world, "anne")

    removed = await world.click(anne, listed, FIRST)
    again = await world.click(anne, listed, SECOND)

    assert removed.card is not None and "Slettet: fravær 1/12 – 5/12" in str(removed.card)
    assert "8/12" in str(removed.card) and FIRST not in str(removed.card)
    assert again.card is not None and "Du har intet fravær registreret." in str(again.card)
    assert await _absences(world, "anne") == []
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    assert [
        (e.actor, e.detail.get("first")) for e in entries if e.action == "directory.absence_removed"
    ] == [
        (anne.person, "2026-12-01"),
        (anne.person, "2026-12-08"),
    ]


async def test_slet_fravaer_and_annuller_fravaer_show_ones_absences_with_their_buttons(
    world: World,
):
    await set_up(world)
    anne, dina = world.user("anne"), world.user("dina")
    await world.say(anne, "fravær 1/12–5/12")
    await world.say(dina, "absence 1/12–5/12")

    for key, command in (
        ("anne", "slet fravær"),
        ("anne", "annuller fravær"),
        ("dina", "cancel absence"),
    ):
        listed = await _listed(world, key, command)
        assert find_action(listed.card, FIRST)["title"] in ("Slet", "Delete"), command


async def test_an_absence_is_removed_only_by_the_person_it_belongs_to(world: World):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    await world.say(anne, "fravær 1/12–5/12")
    data = find_action((await _listed(world, "anne")).card, FIRST)["data"]

    not_his_card = await forged(world, bo, bo, "directory.absence.remove", **data)
    not_his = await forged(
        world, bo, bo, "directory.absence.remove", **{**data, "owner": bo.teams_id}
    )

    assert not_his_card.card is None and not_his.card is not None
    assert "Slettet" not in str(not_his.card)
    assert await _absences(world, "anne") == [("2026-12-01", "2026-12-05")]
