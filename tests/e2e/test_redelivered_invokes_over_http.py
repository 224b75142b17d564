"""Teams re-sends an ``adaptiveCard/action`` invoke it got no answer to. The re-delivery gets the
answer the first delivery got, and the action is done once: on one instance, on two instances at
once, and after the instance that answered was killed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from storage.audit import AuditLog
from storage.screenings import Screenings
from tests.conftest import StartInstance
from tests.e2e.test_meeting_poll_over_http import _start_poll
from tests.harness import World
from tests.harness.process import BotProcess
from tests.harness.world import Turn

ALL_YES = {"a_s1": "yes", "a_s2": "yes", "a_s3": "yes"}
NOT_ELIGIBLE = {
    "age": "44",
    "psychiatric_disorder": "none",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": "true",
    "municipal_treatment_contact": "true",
    "benefits_from_both": "yes",
    "obstacle_indicators": "readmissions",
    "consent": "given",
}


def _recording(world: World, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The activities the world posts from now on, to post one again as Teams re-sends it."""
    events: list[dict[str, Any]] = []
    post = world.post

    async def recording(event: dict[str, Any], bot: Any = None) -> Turn:
        events.append(event)
        return await post(event, bot)

    monkeypatch.setattr(world, "post", recording)
    return events


async def _votes_cast(world: World) -> int:
    def count(session: Any) -> int:
        return sum(e.action == "meetings.vote_cast" for e in AuditLog(session).entries())

    return await world.bot.services.database.run(count)


async def test_a_vote_sent_twice_is_answered_alike_twice_and_counted_once(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    await _start_poll(world)
    bo = world.user("bo")
    events = _recording(world, monkeypatch)

    first = await world.click(
        bo, world.chat(bo).latest_card("Hvornår kan du?"), "meetings.vote", inputs=ALL_YES
    )
    again = await world.post(events[-1])

    assert (first.status, again.status) == (200, 200)
    assert first.card is not None and again.body == first.body
    assert await _votes_cast(world) == 1


async def test_an_answer_reaching_two_instances_at_once_is_done_once_and_answered_alike(
    world: World, start_instance: StartInstance, monkeypatch: pytest.MonkeyPatch
):
    second = await start_instance()
    anne = world.user("anne")
    await world.say(anne, "tjek")
    post = world.post
    both: list[Turn] = []

    async def to_both(event: dict[str, Any], bot: Any = None) -> Turn:
        both.extend(await asyncio.gather(post(event, world.bot), post(dict(event), second)))
        return both[0]

    monkeypatch.setattr(world, "post", to_both)
    await world.click(anne, world.chat(anne).latest_card(), "screening.answers", NOT_ELIGIBLE)

    assert [turn.status for turn in both] == [200, 200]
    assert both[0].body == both[1].body and both[0].card is not None
    assert "allerede modtaget" not in str(both[0].body)
    assert await Screenings(world.bot.services.database).count_by_verdict() == {"not_eligible": 1}


async def test_an_answer_resent_after_the_instance_that_answered_was_killed_gets_the_same_answer(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The process runs on the world's time: on its own clock the day-old screening card would be
    # an old one its retention job removes at start-up.
    start = world.bot.clock.now().isoformat()
    process = BotProcess(
        world.bot.settings.database_url, tmp_path, TEST_CLOCK="1", TEST_CLOCK_START=start
    )
    await process.start()
    try:
        anne = world.user("anne")
        await world.say(anne, "tjek")
        events = _recording(world, monkeypatch)
        first = await world.click(
            anne, world.chat(anne).latest_card(), "screening.answers", NOT_ELIGIBLE, bot=process
        )
    finally:
        process.kill()  # it committed and answered; Teams did not get the answer and re-sends

    again = await world.post(events[-1])

    assert (first.status, again.status) == (200, 200)
    assert first.card is not None and again.body == first.body
    assert await Screenings(world.bot.services.database).count_by_verdict() == {"not_eligible": 1}


async def test_a_click_whose_handler_fails_is_answered_with_a_short_apology_and_runs_again_when_resent(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    anne = world.user("anne")
    await world.say(anne, "tjek")
    card = world.chat(anne).latest_card()
    router = world.bot.services.bot._router
    click = router.click

    async def broken(*_args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(router, "click", broken)
    events = _recording(world, monkeypatch)
    failed = await world.click(anne, card, "screening.answers", NOT_ELIGIBLE)
    monkeypatch.setattr(router, "click", click)

    again = await world.post(events[-1])  # Teams re-sends it: it runs now

    assert failed.status == 200 and failed.message is not None
    assert "noget gik galt" in failed.message and "Fejlkode" in failed.message
    assert failed.replies == []  # the card stays as it was, for another try; no apology posted
    assert again.status == 200 and again.card is not None
    assert await Screenings(world.bot.services.database).count_by_verdict() == {"not_eligible": 1}
