"""A reply says "sent" only for people the bot can reach (issue 18, item 2): a poll's tovholder
reads who cannot be reached yet and what would change it, when the poll opens, is decided and is
cancelled. erik is on the team's roster but has blocked the bot: the bot learns it from the
first message that Teams refuses."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.directory import parse_directory_file
from storage.directory import DirectoryStore
from tests.e2e.sparring_world import ask, directory_file
from tests.harness import World
from tests.harness.model import User

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen
NOT_REACHABLE = "Erik Eriksen kan ikke nås af botten lige nu"


def _pick(*users: User) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


async def _open_poll(world: World, title: str = "Opfølgning") -> str:
    """anne opens a poll with bo and erik in the region pool's channel; her card as text."""
    team = world.team("PC Amager")
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    form = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    inputs = {
        "title": title,
        "people": _pick(bo, erik),
        "slots": "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14",
        "answer_by": "2026-01-06",
    }
    await world.click(anne, form, "meetings.preview", inputs=inputs)
    opened = await world.click(anne, form, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return str(opened.card)


async def _erik_has_blocked_the_bot(world: World) -> None:
    world.bot.clock.current = MONDAY_10
    await world.install_in_team(world.team("PC Amager"))  # anne, bo and erik are on its roster
    world.user("erik").blocked_bot = True
    first = await _open_poll(world, "Første møde")  # his vote card is refused: now it knows
    assert "er sendt til 3 deltagere" in first and NOT_REACHABLE not in first


async def test_opening_a_poll_counts_only_whom_the_bot_can_reach_and_names_the_others(
    world: World,
):
    await _erik_has_blocked_the_bot(world)

    opened = await _open_poll(world)

    assert "er sendt til 2 deltagere" in opened  # anne and bo; erik cannot be reached
    assert NOT_REACHABLE in opened and "have appen KI-bot i Teams" in opened


async def test_deciding_and_cancelling_never_say_everyone_was_told_when_someone_cannot_be(
    world: World,
):
    await _erik_has_blocked_the_bot(world)
    await _open_poll(world)
    anne = world.user("anne")
    shared = world.channel(world.team("PC Amager"), "KI-koordinering").latest_card("Mødeafstemning")

    await world.click(anne, shared, "meetings.results")
    await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s1"})
    decided = await world.click(anne, shared, "Ja, fastlæg")  # nobody has answered yet
    cancelled = await world.click(anne, shared, "meetings.cancel")

    assert "fastlagt til" in str(decided.card) and NOT_REACHABLE in str(decided.card)
    assert "Alle deltagere har fået besked" not in str(decided.card)
    assert cancelled.message is not None and NOT_REACHABLE in cancelled.message
    assert "Alle har fået besked" not in cancelled.message


async def test_a_question_asked_before_the_bot_reaches_any_coordinator_says_it_waits_for_them(
    world: World,
):
    world.bot.clock.current = MONDAY_10
    wanted = parse_directory_file(directory_file(world))
    await world.bot.services.database.run(
        lambda session: DirectoryStore(session, MONDAY_10).apply_file(wanted)
    )  # the directory is loaded; the bot is in no team yet
    anne = world.user("anne")

    asked = await ask(world, anne, "Skal vi lave en plan?")

    said = str(asked.card)
    assert "er sendt til koordinatorerne" not in said
    assert "ingen koordinator har fået det endnu" in said
    assert "Bo Bertelsen kan ikke nås af botten lige nu" in said
