"""Finding a question or a meeting again (issue 18 item 4): each thread in ``mine spørgsmål`` and
``indbakke`` opens the thread, and ``mine møder`` lists the polls one runs or answers, each
opening what that person does with it, end to end over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from storage.audit import AuditLog
from tests.harness import Posted, World
from tests.harness.cards import actions
from tests.harness.model import User

from .sparring_world import ask, set_up

MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen
SLOTS = "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14"


async def test_each_question_in_mine_sporgsmaal_and_indbakke_opens_its_thread(world: World):
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    await ask(world, anne, "Hvem tager den første samtale?")

    [mine] = (await world.say(anne, "mine spørgsmål")).replies
    [inbox] = (await world.say(bo, "indbakke")).replies
    asker = await world.click(anne, mine, "open-thread-1")
    coordinator = await world.click(bo, inbox, "open-thread-1")

    for opened in (asker.card, coordinator.card):
        assert opened is not None and "Sparring #1" in str(opened)
        assert "Hvem tager den første samtale?" in str(opened)
    assert "Tag den" in str(coordinator.card) and "Tag den" not in str(asker.card)
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    assert [e.actor for e in entries if e.action == "sparring.viewed"] == [
        anne.person,
        bo.person,
    ]


def _pick(*users: User) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


async def _poll(world: World) -> tuple[str, Posted]:
    """anne asks bo and erik in her team's channel; returns the poll's id and the shared card."""
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    channel = team.channel("KI-koordinering")
    await world.say(anne, "møde", in_=channel)
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    form = {"title": "Opfølgning", "people": _pick(bo, erik), "slots": SLOTS}
    await world.click(anne, created, "meetings.preview", inputs=form)
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    shared = world.channel(team, "KI-koordinering").latest_card("Mødeafstemning")
    [poll_id] = {str(a["data"]["poll"]) for a in actions(shared.card) if "poll" in a["data"]}
    return poll_id, shared


async def _open(world: World, user: User, poll_id: str) -> dict[str, Any]:
    [listed] = (await world.say(user, "mine møder")).replies
    assert listed.shows("Opfølgning"), listed
    turn = await world.click(user, listed, f"open-poll-{poll_id}")
    assert turn.card is not None, turn.message
    return turn.card


async def test_mine_moeder_lists_the_polls_one_runs_or_answers_and_opens_each(world: World):
    poll_id, shared = await _poll(world)
    anne, bo, erik, finn = (world.user(k) for k in ("anne", "bo", "erik", "finn"))

    [listed] = (await world.say(bo, "mine møder")).replies
    managed = await _open(world, anne, poll_id)
    vote = await _open(world, bo, poll_id)
    [nothing] = (await world.say(finn, "mine møder")).replies

    assert listed.shows("0 af 4 har svaret") and listed.shows("Du mangler at svare")
    assert "Resultat: Opfølgning" in str(managed) and "meetings.finalise" in str(managed)
    assert "Hvornår kan du? Opfølgning" in str(vote) and "meetings.vote" in str(vote)
    assert "ingen møder" in nothing.text

    for user in (anne, bo, erik):
        card = world.chat(user).latest_card("Hvornår kan du?")
        await world.click(user, card, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "no"})
    await world.click(anne, shared, "meetings.results")
    await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s1"})
    await world.click(anne, shared, "Ja, fastlæg")  # the citizen (required) has not answered
    await world.run_background(at=MONDAY_10)

    closed = await _open(world, bo, poll_id)
    [after] = (await world.say(erik, "mine møder")).replies
    assert "fastlagt til tirsdag d. 6. januar kl. 10.00–11.00" in str(closed)
    assert "meetings.vote" not in str(closed)
    assert after.shows("Fastlagt: tirsdag d. 6. januar")


async def test_mine_moeder_is_only_shown_in_a_personal_chat(world: World):
    await _poll(world)
    bo = world.user("bo")
    channel = world.team("PC Amager").channel("KI-koordinering")

    [reply] = (await world.say(bo, "mine møder", in_=channel)).replies

    assert "personlige chat" in reply.text and not reply.cards
