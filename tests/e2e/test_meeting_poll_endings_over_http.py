"""How a meeting poll ends, over HTTP (issue #18, items 13-16): every vote card closes with the
decided time (and says so when the meeting is moved or cancelled), a time a required participant
has not answered asks first, the invitation's description has headings, and without calendar
links people read a plain sentence while the log gets the configuration hint once."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from tests.e2e.test_meeting_poll_over_http import MONDAY_10, SECRET, _ics, _url_path, form
from tests.harness import World
from tests.harness.model import User
from tests.ics_check import check_ics

WEDNESDAY = "onsdag d. 7. januar kl. 13.00–14.00"
FRIDAY = "fredag d. 9. januar kl. 12.00–13.00"


async def _open_poll(world: World, **changes: str) -> Any:
    """anne sends the poll from her team's channel (to bo, erik and the citizen); returns the
    form card she pressed (her management card)."""
    world.bot.clock.current = MONDAY_10
    team = world.team("PC Amager")
    await world.install_in_team(team)
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await world.say(anne, "møde", in_=team.channel("KI-koordinering"))
    created = world.channel(team, "KI-koordinering").latest_card("Planlæg et møde")
    await world.click(anne, created, "meetings.preview", inputs=form(bo, erik, **changes))
    await world.click(anne, created, "meetings.open")
    await world.run_background(at=MONDAY_10)
    return created


async def _vote(world: World, user: User, s1: str, s2: str, s3: str) -> None:
    card = world.chat(user).latest_card("meetings.vote")  # in the reader's language
    await world.click(user, card, "meetings.vote", inputs={"a_s1": s1, "a_s2": s2, "a_s3": s3})


async def _everyone_answers(world: World, created: Any) -> None:
    """Wednesday (s2) suits every required participant; erik (optional) cannot."""
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await _vote(world, anne, "yes", "yes", "yes")
    await _vote(world, bo, "yes", "yes", "no")
    await _vote(world, erik, "yes", "no", "yes")
    await world.click(anne, created, "Svar for Jens (borger)")
    await world.click(
        anne, created, "meetings.vote", inputs={"a_s1": "if_need_be", "a_s2": "yes", "a_s3": "yes"}
    )


def _shared(world: World) -> Any:
    return world.channel(world.team("PC Amager"), "KI-koordinering").latest_card("Mødeafstemning")


def _verbs(card: dict[str, Any]) -> str:
    return json.dumps(card.get("actions", []), ensure_ascii=False)


async def test_every_vote_card_closes_showing_the_decided_time_and_later_the_cancellation(
    world: World,
):
    await world.bot.restart(link_secret=SECRET, public_url="https://ki-bot.example.dk")
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    await world.say(bo, "language english")  # bo reads his cards in English
    created = await _open_poll(world)
    await _everyone_answers(world, created)
    shared = _shared(world)

    await world.click(anne, shared, "meetings.results")
    await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s2"})
    await world.run_background(at=MONDAY_10)

    for user in (anne, erik):
        closed = world.chat(user).latest_card("Hvornår kan du?")
        assert "meetings.vote" not in _verbs(closed.card), f"{user.key}'s card is still live"
        assert closed.shows("Afstemningen er lukket") and closed.shows(f"fastlagt til {WEDNESDAY}")
    bo_card = world.chat(bo).latest_card("When can you?")
    assert "meetings.vote" not in _verbs(bo_card.card)
    assert bo_card.shows("The poll is closed") and bo_card.shows("Wednesday 7 January")
    results = await world.click(anne, shared, "meetings.results")
    assert f"Mødet er fastlagt til {WEDNESDAY}" in str(results.card)
    assert "Anbefalet" not in str(results.card)

    await world.click(anne, shared, "meetings.move", inputs={"new_time": "fredag d. 9/1 kl 12-13"})
    await world.run_background(at=MONDAY_10)
    assert world.chat(erik).latest_card("Hvornår kan du?").shows(f"flyttet til {FRIDAY}")

    await world.click(anne, shared, "meetings.cancel")
    await world.run_background(at=MONDAY_10)
    for user in (anne, erik):
        closed = world.chat(user).latest_card("Hvornår kan du?")
        assert closed.shows(f"Mødet {FRIDAY} er aflyst") and not closed.shows("fastlagt til")
    assert world.chat(bo).latest_card("When can you?").shows("cancelled")
    cancelled = await world.click(anne, shared, "meetings.results")
    assert f"Mødet {FRIDAY} er aflyst" in str(cancelled.card)


async def test_a_time_a_required_participant_has_not_answered_is_fixed_only_after_asking(
    world: World,
):
    anne = world.user("anne")
    await _open_poll(world)
    await _vote(world, anne, "yes", "yes", "yes")  # bo and the citizen (required) have not
    shared = _shared(world)

    await world.click(anne, shared, "meetings.results")
    asked = await world.click(anne, shared, "meetings.finalise", inputs={"slot": "s2"})

    assert asked.card is not None
    assert f"Bo Bertelsen, Jens (borger) (påkrævet) har ikke svaret på {WEDNESDAY}" in str(
        asked.card
    )
    await world.run_background(at=MONDAY_10)
    assert not _shared(world).shows("Fastlagt")
    decided = await world.click(anne, shared, "Ja, fastlæg")
    assert f"fastlagt til {WEDNESDAY}" in str(decided.card)
    await world.run_background(at=MONDAY_10)
    assert _shared(world).shows(f"Fastlagt: {WEDNESDAY}")


async def test_the_invitation_describes_the_agenda_and_the_citizen_s_points_under_headings(
    world: World,
):
    await world.bot.restart(link_secret=SECRET, public_url="https://ki-bot.example.dk")
    anne, bo = world.user("anne"), world.user("bo")
    created = await _open_poll(world, agenda="Status\nBolig", citizen_points="Min medicin")
    await _everyone_answers(world, created)
    await world.click(anne, _shared(world), "meetings.results")
    await world.click(anne, _shared(world), "meetings.finalise", inputs={"slot": "s2"})
    await world.run_background(at=MONDAY_10)

    confirmation = world.chat(bo).latest_card("Mødet er fastlagt")
    status, ics, _type = await _ics(world, _url_path(confirmation.card))

    assert status == 200
    description = str(check_ics(ics).walk("VEVENT")[0]["DESCRIPTION"])
    assert description == (
        "Forløb: KI-2026-0007\n\nDagsorden\nStatus\nBolig\n\nBorgerens egne punkter\nMin medicin"
    )


async def test_without_calendar_links_people_read_a_plain_sentence_and_the_log_has_the_hint_once(
    world: World, caplog: pytest.LogCaptureFixture
):
    anne, bo, erik = world.user("anne"), world.user("bo"), world.user("erik")
    with caplog.at_level(logging.WARNING):
        await world.bot.restart(link_secret="", public_url="")
        created = await _open_poll(world)
        await _everyone_answers(world, created)
        await world.click(anne, _shared(world), "meetings.results")
        await world.click(anne, _shared(world), "meetings.finalise", inputs={"slot": "s2"})
        await world.run_background(at=MONDAY_10)
        await world.click(
            anne, _shared(world), "meetings.move", inputs={"new_time": "fredag d. 9/1 kl 12-13"}
        )
        await world.run_background(at=MONDAY_10)

    for user in (bo, erik):
        confirmation = world.chat(user).latest_card("Mødet er fastlagt")
        assert confirmation.shows("Der er ikke noget kalenderlink til mødet")
        assert not confirmation.shows("LINK_SECRET") and not confirmation.shows("PUBLIC_URL")
    hints = [r for r in caplog.records if "LINK_SECRET" in r.getMessage()]
    assert len(hints) == 1 and "PUBLIC_URL" in hints[0].getMessage()
