"""A meeting poll end to end over HTTP: anne (tovholder) plans a meeting in her team's channel
with bo, erik (optional) and the citizen (answered by anne by proxy); answers change and arrive
at the same moment, nudges follow a controllable clock, anne decides, and the invitation is
fetched from the bot's calendar link, moved and cancelled."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from sqlmodel import select

from storage.audit import AuditLog
from storage.meeting_tables import CaseMeetingRecord
from tests.harness import World
from tests.harness.events import BOT_ID, BOT_NAME, activity
from tests.harness.model import User
from tests.ics_check import check_ics

SECRET = "k3y-for-calendar-links-0123456789abcdefXYZ"
MONDAY_10 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen
SLOTS = "tirsdag d. 6/1 kl 10-11\nonsdag d. 7/1 kl 13-14\ntorsdag d. 8/1 kl 9-10\nfoo bar"


def pick(*users: User) -> str:
    return ",".join(f"{u.person.tenant_id}|{u.person.aad_object_id}" for u in users)


def form(bo: User, erik: User, **changes: str) -> dict[str, str]:
    return {
        "title": "Opfølgning",
        "case": "KI-2026-0007",
        "people": pick(bo, erik),
        "optional": pick(erik),
        "citizen": "Jens (borger)",
        "slots": SLOTS.replace("\nfoo bar", ""),
        "answer_by": "2026-01-09",
        **changes,
    }


async def _start_poll(world: World, **changes: str) -> tuple[Any, Any]:
    """anne creates the poll in the channel; returns the team and her management card."""
    await world.bot.restart(link_secret=SECRET, public_url="https://ki-bot.example.dk")
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    channel = team.channel("KI-koordinering")
    await world.say(anne, "møde", in_=channel)
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    await world.click(anne, created, "meetings.preview", inputs=form(bo, erik, **changes))
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return team, created


def _url_path(card: dict[str, Any]) -> str:
    [link] = [a["url"] for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    assert link.startswith("https://ki-bot.example.dk/calendar/")
    return urlsplit(link).path


async def _ics(world: World, path: str) -> tuple[int, bytes, str]:
    bot = world.bot
    assert bot.http is not None and bot.server is not None
    async with bot.http.get(bot.server.make_url(path)) as response:
        return response.status, await response.read(), response.headers.get("Content-Type", "")


async def test_a_poll_goes_from_typed_times_to_a_fetched_moved_and_cancelled_invitation(
    world: World,
):
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await world.bot.restart(link_secret=SECRET, public_url="https://ki-bot.example.dk")
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    channel = team.channel("KI-koordinering")

    # Creating: every understood time is shown back in Danish; a line it cannot read stops it.
    await world.say(anne, "møde", in_=channel)
    thread = world.channel(team, "KI-koordinering")
    created = thread.latest_card("Planlæg et møde")
    bad = await world.click(anne, created, "meetings.preview", inputs=form(bo, erik, slots=SLOTS))
    assert "»foo bar«" in str(bad.card) and "meetings.open" not in str(bad.card)
    edited = await world.click(anne, created, "meetings.edit")
    assert "foo bar" in str(edited.card)
    preview = await world.click(anne, created, "meetings.preview", inputs=form(bo, erik))
    shown = str(preview.card)
    for time in (
        "tirsdag d. 6. januar kl. 10.00–11.00",
        "onsdag d. 7. januar kl. 13.00–14.00",
        "torsdag d. 8. januar kl. 09.00–10.00",
    ):
        assert time in shown
    assert "Jens (borger) (påkrævet; svarer gennem Anne Andersen)" in shown
    assert "Erik Eriksen (valgfri)" in shown
    opened = await world.click(anne, created, "meetings.open")
    assert "sendt til 3 deltagere" in str(opened.card)
    await world.run_background(at=MONDAY_10)

    # Each Teams participant has a vote card in their own chat; the thread has the shared card.
    for user in (anne, bo, erik):
        assert world.chat(user).latest_card().shows("Hvornår kan du? Opfølgning")
    assert thread.latest_card("Mødeafstemning").shows("0 af 4 har svaret")

    # Nudges: one working day later bo and erik (not the tovholder) are reminded.
    tuesday = MONDAY_10 + timedelta(days=1)
    await world.run_background(at=tuesday)
    assert "Påmindelse" in world.chat(bo).messages[-1].text
    assert "Påmindelse" in world.chat(erik).messages[-1].text
    assert not any("Påmindelse" in m.text for m in world.chat(anne).messages)

    # bo answers, then changes his mind; erik and anne answer at the same moment.
    bo_card = world.chat(bo).latest_card("Hvornår kan du?")
    await world.click(
        bo, bo_card, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "no", "a_s3": "no"}
    )
    changed = await world.click(
        bo, bo_card, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "no"}
    )
    assert "dine svar er gemt" in str(changed.card)
    anne_vote, erik_vote = await asyncio.gather(
        world.click(
            anne,
            world.chat(anne).latest_card("Hvornår kan du?"),
            "meetings.vote",
            inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"},
        ),
        world.click(
            erik,
            world.chat(erik).latest_card("Hvornår kan du?"),
            "meetings.vote",
            inputs={"a_s1": "yes", "a_s2": "no", "a_s3": "yes", "note": "Kan kun kort"},
        ),
    )
    assert "gemt" in str(anne_vote.card) and "gemt" in str(erik_vote.card)
    # anne answers for the citizen, who has no Teams.
    proxy = await world.click(anne, created, "Svar for Jens (borger)")
    assert "Svar for Jens (borger)" in str(proxy.card)
    await world.click(
        anne,
        created,
        "meetings.vote",
        inputs={"a_s1": "if_need_be", "a_s2": "yes", "a_s3": "yes"},
    )
    await world.run_background(at=tuesday)

    # Nothing was lost, the shared card was updated in place, anne was told.
    assert thread.latest_card("Mødeafstemning").shows("4 af 4 har svaret")
    assert len([m for m in thread.messages if m.shows("Mødeafstemning")]) == 1
    assert any(m.shows("Alle påkrævede har svaret") for m in world.chat(anne).messages)
    await world.run_background(at=tuesday + timedelta(days=1))
    assert sum("Påmindelse" in m.text for m in world.chat(bo).messages) == 1

    # Results: the pick is explained; bo is required and said no to Thursday, so that asks first.
    shared = thread.latest_card("Mødeafstemning")
    results = await world.click(anne, shared, "meetings.results")
    assert (
        "Anbefalet: onsdag d. 7. januar kl. 13.00–14.00 (alle påkrævede kan; 3 af 4 i alt)"
        in str(results.card)
    )
    hidden = await world.click(bo, shared, "meetings.results")
    assert hidden.message is not None or "Kun tovholderen" in str(hidden.replies)
    ask = await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s3"})
    assert "Bo Bertelsen (påkrævet) har svaret nej" in str(ask.card)
    await world.click(anne, shared, "meetings.results")
    decided = await world.click(anne, shared, "meetings.finalise")  # the recommendation
    assert "fastlagt til onsdag d. 7. januar" in str(decided.card)
    await world.run_background(at=tuesday + timedelta(days=1))

    # Everyone has the confirmation; erik, who said no, is asked for input for anne.
    confirmation = world.chat(bo).latest_card("Mødet er fastlagt")
    status, ics, content_type = await _ics(world, _url_path(confirmation.card))
    assert (
        status == 200
        and content_type.startswith("text/calendar")
        and "method=REQUEST" in content_type
    )
    event = check_ics(ics).walk("VEVENT")[0]
    uid = str(event["UID"])
    assert int(event["SEQUENCE"]) == 0 and "T1300" in event["DTSTART"].to_ical().decode()
    erik_card = world.chat(erik).latest_card("Mødet er fastlagt")
    await world.click(erik, erik_card, "meetings.input", inputs={"input": "Mine noter om boligen"})
    closed = await world.click(
        bo, bo_card, "meetings.vote", inputs={"a_s1": "no", "a_s2": "no", "a_s3": "no"}
    )
    assert "lukket" in str(closed.replies) or "lukket" in str(closed.message)
    await world.run_background(at=tuesday + timedelta(days=1))
    assert any(m.shows("Mine noter om boligen") for m in world.chat(anne).messages)

    # Moving sends an updated invitation (same UID, next SEQUENCE); cancelling, a CANCEL.
    moved = await world.click(
        anne, shared, "meetings.move", inputs={"new_time": "fredag d. 9/1 kl 12-13"}
    )
    assert "flyttet til fredag d. 9. januar" in str(moved.card)
    await world.run_background(at=tuesday + timedelta(days=1))
    moved_card = world.chat(bo).latest_card("Mødet er flyttet")
    _status, moved_ics, _type = await _ics(world, _url_path(moved_card.card))
    moved_event = check_ics(moved_ics).walk("VEVENT")[0]
    assert (str(moved_event["UID"]), int(moved_event["SEQUENCE"])) == (uid, 1)
    await world.click(anne, shared, "meetings.cancel")
    await world.run_background(at=tuesday + timedelta(days=1))
    cancelled_card = world.chat(erik).latest_card("Mødet er aflyst")
    _status, cancel_ics, cancel_type = await _ics(world, _url_path(cancelled_card.card))
    calendar = check_ics(cancel_ics)
    assert str(calendar["METHOD"]) == "CANCEL" and "method=CANCEL" in cancel_type
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert thread.latest_card("Mødeafstemning").shows("Mødet er aflyst")

    # The case recorded the meeting time; every change is in the audit log.
    def read(session: Any) -> tuple[Any, list[str]]:
        case = session.exec(select(CaseMeetingRecord)).one()
        return case, [e.action for e in AuditLog(session).entries()]

    case, actions = await world.bot.services.database.run(read)
    assert (case.case_reference, case.status) == ("KI-2026-0007", "cancelled")
    for action in (
        "meetings.opened",
        "meetings.vote_cast",
        "meetings.finalised",
        "meetings.moved",
        "meetings.cancelled",
        "meetings.input_given",
    ):
        assert action in actions


async def test_votes_from_outsiders_on_stale_cards_and_on_closed_polls_get_a_clear_answer(
    world: World,
):
    team, opened = await _start_poll(world)
    anne, bo, finn = world.user("anne"), world.user("bo"), world.user("finn")
    old_card = world.chat(bo).latest_card("Hvornår kan du?")

    # finn is not a participant: a copy of bo's card in his chat does not let him vote.
    await world.say(finn, "hjælp")
    client = ConnectorClient(MicrosoftAppCredentials("", ""), base_url=world.connector.service_url)
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "content": old_card.card,
    }
    await client.conversations.send_to_conversation(
        finn.personal_chat, Activity(type="message", attachments=[attachment])
    )
    copy = world.chat(finn).messages[-1]
    outsider = await world.click(
        finn, copy, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"}
    )
    assert "ikke deltager" in str(outsider.replies) + str(outsider.message)

    # bo (required) can do none of the times: anne is offered, and sends, new proposals.
    await world.click(
        bo, old_card, "meetings.vote", inputs={"a_s1": "no", "a_s2": "no", "a_s3": "no"}
    )
    shared = world.channel(team, "KI-koordinering").latest_card("Mødeafstemning")
    waiting = await world.click(anne, shared, "meetings.results")
    assert "Venter stadig på svar fra Anne Andersen, Jens (borger)" in str(waiting.card)
    await world.click(
        anne,
        world.chat(anne).latest_card("Hvornår kan du?"),
        "meetings.vote",
        inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"},
    )
    await world.click(anne, opened, "Svar for Jens (borger)")
    await world.click(
        anne, opened, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"}
    )
    results = await world.click(anne, shared, "meetings.results")
    assert "Ingen tid passer alle påkrævede" in str(results.card)
    renewed = await world.click(anne, shared, "meetings.repropose")
    assert "nye tider" in str(renewed.card)
    await world.run_background(at=MONDAY_10)

    stale = await world.click(
        bo, old_card, "meetings.vote", inputs={"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"}
    )
    assert "Tiderne er ændret" in str(stale.replies) + str(stale.message)
    # Only the tovholder decides.
    refused = await world.click(
        bo, world.channel(team, "KI-koordinering").latest_card("Mødeafstemning"), "meetings.results"
    )
    assert "Kun tovholderen" in str(refused.replies) + str(refused.message)

    def refusals(session: Any) -> list[str]:
        return [e.outcome for e in AuditLog(session).entries() if e.outcome.startswith("refused")]

    # The answer-by date (Friday 9 January) has passed: anne hears on the next working morning.
    await world.run_background(at=datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    assert not any(m.shows("Svarfristen") for m in world.chat(anne).messages)
    await world.run_background(at=datetime(2026, 1, 12, 8, 0, tzinfo=UTC))
    assert any(
        m.shows("Svarfristen for »Opfølgning« er overskredet") for m in world.chat(anne).messages
    )

    outcomes = await world.bot.services.database.run(refusals)
    assert {"refused:not_participant", "refused:stale_card"} <= set(outcomes)


async def test_people_mentioned_with_the_command_are_picked_and_the_rest_is_the_title(
    world: World,
):
    anne, bo = world.user("anne"), world.user("bo")
    team = world.team("PC Amager")
    await world.install_in_team(team)
    channel = team.channel("KI-koordinering")
    event = activity(
        "message",
        user=anne,
        place=channel,
        service_url=world.connector.service_url,
        now=world.bot.clock.now(),
        text=f"<at>{BOT_NAME}</at> møde Opfølgning <at>Bo Bertelsen</at>",
        entities=[
            {
                "type": "mention",
                "text": f"<at>{BOT_NAME}</at>",
                "mentioned": {"id": BOT_ID, "name": BOT_NAME},
            },
            {
                "type": "mention",
                "text": "<at>Bo Bertelsen</at>",
                "mentioned": {"id": bo.teams_id, "name": "Bo Bertelsen"},
            },
        ],
    )
    event["conversation"]["id"] = f"{channel.id};messageid={event['id']}"
    world.connector.record_user_message(anne, event["conversation"]["id"], event)

    await world.post(event)

    form_card = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde").card
    inputs = {i["id"]: i for i in _inputs(form_card)}
    assert inputs["title"]["value"] == "Opfølgning"
    assert inputs["people"]["value"] == pick(bo)


def _inputs(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if str(e.get("type", "")).startswith("Input.")]


async def test_propose_times_fills_the_form_with_free_times_the_parser_reads_back(world: World):
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")

    proposed = await world.click(
        anne, created, "meetings.propose", inputs={"people": pick(bo, erik), "title": "Status"}
    )
    slots = {i["id"]: i for i in _inputs(proposed.card)}["slots"]["value"].splitlines()
    preview = await world.click(
        anne, created, "meetings.preview", inputs={"people": pick(bo), "citizen": ""}
    )

    assert len(slots) == 6 and all(" kl. " in line for line in slots)
    assert len({line.split(" kl. ")[0] for line in slots}) >= 3  # at least three days
    assert all(line in str(preview.card) for line in slots)
    assert "meetings.open" in str(preview.card)
