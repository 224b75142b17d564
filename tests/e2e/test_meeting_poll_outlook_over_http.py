"""Meeting polls with real calendars over HTTP (issue #22), against the fake Graph on loopback:
a decided meeting becomes an Outlook invitation in the tovholder's mailbox (attendees, Copenhagen
times, a Teams link), moving PATCHes it and cancelling cancels it; a tenant without consent
keeps the .ics link and the tovholder is told; a lost answer does not make the event twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.config import GraphSettings
from tests.e2e.course_world import load_directory
from tests.e2e.test_meeting_poll_endings_over_http import _everyone_answers, _open_poll, _shared
from tests.e2e.test_meeting_poll_over_http import MONDAY_10, SECRET, _url_path, pick
from tests.harness import World
from tests.harness.fake_graph import FakeGraph, StoredEvent, busy

CLIENT_ID = "1c1c1c1c-2222-4333-8444-555555555555"
GRAPH_SECRET = "fake-graph-secret"
ZONE = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
async def graph(world: World) -> AsyncIterator[FakeGraph]:
    fake = FakeGraph(CLIENT_ID, GRAPH_SECRET)
    for key in ("anne", "bo", "erik", "carla", "dina"):
        user = world.user(key)
        fake.add_mailbox(user.tenant.id, user.upn, object_id=user.aad_object_id)
    await fake.start()
    yield fake
    await fake.close()


async def _with_graph(world: World, graph: FakeGraph, *consenting: str) -> None:
    """The bot restarted with GRAPH_* pointing at the fake; ``consenting`` users' tenants gave
    admin consent (both tenants are listed in GRAPH_TENANTS either way)."""
    graph.consent(*{world.user(key).tenant.id for key in consenting})
    tenants = frozenset({world.user("anne").tenant.id, world.user("carla").tenant.id})
    await world.bot.restart(
        link_secret=SECRET,
        public_url="https://ki-bot.example.dk",
        graph=GraphSettings(
            CLIENT_ID,
            GRAPH_SECRET,
            tenants,
            graph.base_url,
            graph.authority_url,
            timeout_seconds=0.3,
        ),
    )


async def _decide(world: World) -> Any:
    created = await _open_poll(world)
    await _everyone_answers(world, created)
    shared = _shared(world)
    await world.click(world.user("anne"), shared, "meetings.results")
    decided = await world.click(
        world.user("anne"), shared, "meetings.finalise", inputs={"slot": "s2"}
    )
    assert "fastlagt til onsdag d. 7. januar" in str(decided.card)
    await world.run_background(at=MONDAY_10)
    return shared


def _told(world: World, text: str) -> list[str]:
    return [m.text for m in world.chat(world.user("anne")).messages if text in m.text]


def _the_event(graph: FakeGraph, world: World) -> StoredEvent:
    """The one event, in anne's mailbox (addressed by her object id: the poll knows no UPN for
    her, and Graph takes either)."""
    [event] = graph.events.values()
    assert event.organizer == world.user("anne").upn.lower()
    return event


async def test_a_decided_meeting_is_an_outlook_invitation_with_a_teams_link_then_moved_and_cancelled(
    world: World, graph: FakeGraph
):
    await _with_graph(world, graph, "anne", "carla")
    shared = await _decide(world)

    event = _the_event(graph, world)
    data = event.data
    assert data["subject"] == "Opfølgning" and "KI-2026-0007" in data["body"]["content"]
    assert "Jens" not in str(data)  # the citizen's name is never in Outlook
    assert data["start"] == {"dateTime": "2026-01-07T13:00:00", "timeZone": "Romance Standard Time"}
    assert data["end"]["dateTime"] == "2026-01-07T14:00:00"
    attendees = {a["emailAddress"]["address"]: a["type"] for a in data["attendees"]}
    assert attendees == {world.user("bo").upn: "required", world.user("erik").upn: "optional"}
    assert data["isOnlineMeeting"] is True and data["onlineMeeting"]["joinUrl"]
    assert len(_told(world, "sendt fra din kalender med et Teams-link")) == 1
    # The .ics link is still in everyone's confirmation.
    assert _url_path(world.chat(world.user("bo")).latest_card("Mødet er fastlagt").card)

    anne = world.user("anne")
    await world.click(anne, shared, "meetings.move", inputs={"new_time": "fredag d. 9/1 kl 12-13"})
    await world.run_background(at=MONDAY_10)
    event = _the_event(graph, world)
    assert event.updates == 1 and event.data["start"]["dateTime"] == "2026-01-09T12:00:00"
    assert len(_told(world, "er flyttet")) == 1

    await world.click(anne, shared, "meetings.cancel")
    await world.run_background(at=MONDAY_10)
    assert _the_event(graph, world).cancelled and graph.live_events() == []
    assert len(_told(world, "er aflyst. Outlook har sendt aflysningen")) == 1
    assert len(graph.calls_to("/events", "POST")) == 2  # one create, one cancel


async def test_a_tovholder_whose_tenant_has_not_consented_keeps_the_ics_link_and_is_told(
    world: World, graph: FakeGraph
):
    await _with_graph(world, graph, "carla")  # the municipality consented, anne's region not
    await _decide(world)

    assert graph.events == {}
    [told] = _told(world, "Der er ikke sendt en Outlook-invitation")
    assert "kalenderlinket (.ics)" in told
    assert _url_path(world.chat(world.user("bo")).latest_card("Mødet er fastlagt").card)
    await world.run_background(at=MONDAY_10)
    assert len(_told(world, "Outlook")) == 1  # told once, not retried


async def test_a_graph_answer_lost_after_creating_the_event_does_not_create_it_twice(
    world: World, graph: FakeGraph
):
    await _with_graph(world, graph, "anne", "carla")
    graph.lose_answer(method="POST", path="/events")
    await _decide(world)

    assert [c.status for c in graph.calls_to("/events", "POST")] == [0]  # created, answer lost
    assert len(graph.events) == 1
    assert len(_told(world, "sendt fra din kalender med et Teams-link")) == 1


async def test_proposals_across_two_tenants_avoid_busy_outlook_times_and_say_whose_were_read(
    world: World, graph: FakeGraph
):
    anne, bo, carla, erik = (world.user(k) for k in ("anne", "bo", "carla", "erik"))
    del graph.mailboxes[erik.upn.lower()]  # erik has no mailbox: unknown, does not block
    tuesday, wednesday = datetime(2026, 1, 6, tzinfo=ZONE), datetime(2026, 1, 7, tzinfo=ZONE)
    graph.mailboxes[bo.upn.lower()].items.append(busy(tuesday, tuesday + timedelta(days=1)))
    graph.mailboxes[carla.upn.lower()].items.append(
        busy(wednesday + timedelta(hours=8), wednesday + timedelta(hours=12), "oof")
    )
    await _with_graph(world, graph, "anne", "carla")
    world.bot.clock.current = MONDAY_10
    await load_directory(world)
    for name in ("PC Amager", "Misbrugscenter Nord"):
        await world.install_in_team(world.team(name))
    await world.say(anne, "møde", in_=world.team("PC Amager").channel("KI-koordinering"))
    created = world.channel(world.team("PC Amager"), "KI-koordinering").latest_card(
        "Planlæg et møde"
    )

    proposed = await world.click(
        anne,
        created,
        "meetings.propose",
        inputs={"title": "Opfølgning", "people": pick(bo, carla, erik), "optional": pick(erik)},
    )

    card = proposed.card
    assert card is not None
    [times] = [e["value"] for e in card["body"] if e.get("id") == "slots"]
    lines = times.splitlines()
    assert lines and not any("d. 6. januar" in line for line in lines)
    wednesday_mornings = [line for line in lines if "7. januar kl. 0" in line]
    assert wednesday_mornings == [] and any("7. januar kl. 1" in line for line in lines)
    shown = str(card)
    assert "Outlook-kalender tjekket for: Anne Andersen, Bo Bertelsen, Carla Christensen" in shown
    assert "Kalender ukendt (blokerer ikke): Erik Eriksen" in shown
    asked = {c.tenant for c in graph.calls_to("getSchedule")}
    assert asked == {anne.tenant.id.lower(), carla.tenant.id.lower()}
