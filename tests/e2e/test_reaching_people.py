"""Reaching people outside their own turn, over HTTP against the fake Teams: personal chats
created from a team roster, channel threads, a card updated in both tenants, and each way a send
can fail. Messages go through the outbox; background work runs at a chosen time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.messaging import Content, ToChannel, ToPerson, UpdateCopies
from storage.outbox import Outbox, OutgoingMessage
from tests.harness import User, World


def _card(words: str) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": words, "wrap": True}],
    }


async def _queue(world: World, *messages: OutgoingMessage) -> None:
    await world.bot.services.units.run(lambda unit: [unit.send(m) for m in messages])


def _to(user: User, key: str, text: str = "Husk mødet", **changes: Any) -> OutgoingMessage:
    values: dict[str, Any] = {
        "dedupe_key": key,
        "address": ToPerson(user.person),
        "content": Content(text=text),
        "due_at": changes.pop("due_at", None),
    }
    values.update(changes)
    return OutgoingMessage(**values)


async def test_a_team_member_who_never_wrote_to_the_bot_gets_a_personal_message(world: World):
    erik = world.user("erik")
    await world.install_in_team(world.team("PC Amager"))
    now = world.bot.clock.now()
    await _queue(world, _to(erik, "hello-erik", due_at=now))

    report = await world.run_background(at=now)

    assert report.sent == 1
    [message] = world.chat(erik).messages
    assert message.text == "Husk mødet"
    created = [c for c in world.connector.calls if c.path == "/v3/conversations"]
    assert [c.status for c in created] == [200] or [c.status for c in created] == [201]


async def test_someone_who_shares_nothing_with_the_bot_is_unreachable_and_recorded(world: World):
    finn = world.user("finn")
    await world.install_in_team(world.team("PC Amager"))
    now = world.bot.clock.now()
    await _queue(world, _to(finn, "hello-finn", due_at=now))

    report = await world.run_background(at=now)

    assert (report.sent, report.unreachable) == (0, 1)
    counts = await world.bot.services.database.run(lambda s: Outbox(s).counts())
    assert counts == {"unreachable": 1}


async def test_a_card_seen_in_both_tenants_is_updated_for_everyone_who_sees_it(world: World):
    anne, carla = world.user("anne"), world.user("carla")
    await world.install_in_team(world.team("PC Amager"))
    await world.install_in_team(world.team("Misbrugscenter Nord"))
    now = world.bot.clock.now()
    card_key = "request:1"
    await _queue(
        world,
        _to(anne, "r1:anne", due_at=now, content=Content(card=_card("Ny")), card_key=card_key),
        _to(carla, "r1:carla", due_at=now, content=Content(card=_card("Ny")), card_key=card_key),
    )
    await world.run_background(at=now)
    first_anne = world.chat(anne).latest_card()
    first_carla = world.chat(carla).latest_card()

    await _queue(
        world,
        OutgoingMessage(
            "r1:v2", UpdateCopies(card_key), Content(card=_card("Besvaret af Bo")), due_at=now
        ),
    )
    await world.run_background(at=now)

    assert anne.tenant != carla.tenant
    for user, first in ((anne, first_anne), (carla, first_carla)):
        latest = world.chat(user).latest_card()
        assert latest.id == first.id  # the same message, updated in place
        assert latest.shows("Besvaret af Bo") and len(latest.versions) == 2


async def test_a_message_to_a_channel_starts_a_new_thread_there(world: World):
    team = world.team("PC Amager")
    await world.install_in_team(team)
    channel = team.channel("KI-koordinering")
    now = world.bot.clock.now()
    await _queue(
        world,
        OutgoingMessage(
            "pool:1",
            ToChannel(team.tenant.id, team.id, channel.id),
            Content(card=_card("Ny anmodning om sparring")),
            due_at=now,
        ),
    )

    await world.run_background(at=now)

    [thread] = world.channel(team, "KI-koordinering").threads
    assert thread.root.shows("Ny anmodning om sparring")


async def test_a_user_who_blocked_the_bot_is_marked_unreachable_and_not_tried_again(
    world: World,
):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    world.connector.faults.forbidden(times=1, conversation=anne.personal_chat)
    now = world.bot.clock.now()
    await _queue(world, _to(anne, "first", due_at=now))
    first = await world.run_background(at=now)
    calls_before = len(world.connector.calls)

    await _queue(world, _to(anne, "second", due_at=now))
    second = await world.run_background(at=now + timedelta(hours=1))

    assert first.unreachable == 1 and second.unreachable == 1
    assert len(world.connector.calls) == calls_before  # nothing more was sent to Teams


async def test_too_many_requests_waits_for_retry_after_then_delivers(world: World):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    world.connector.faults.too_many_requests(
        times=1, retry_after=30, conversation=anne.personal_chat
    )
    now = world.bot.clock.now()
    await _queue(world, _to(anne, "busy", due_at=now))

    first = await world.run_background(at=now)
    early = await world.run_background(at=now + timedelta(seconds=29))
    on_time = await world.run_background(at=now + timedelta(seconds=30))

    assert (first.retried, early.sent, on_time.sent) == (1, 0, 1)
    assert world.chat(anne).messages[-1].text == "Husk mødet"


async def test_server_errors_are_retried_with_backoff_until_delivered(world: World):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    world.connector.faults.server_error(times=2, conversation=anne.personal_chat)
    now = world.bot.clock.now()
    await _queue(world, _to(anne, "flaky", due_at=now))

    reports = [await world.run_background(at=now + timedelta(minutes=m)) for m in (0, 1, 5)]

    assert [r.retried for r in reports] == [1, 1, 0] and reports[-1].sent == 1
