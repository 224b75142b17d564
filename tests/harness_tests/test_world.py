"""Several people acting on the real bot over HTTP: saying, clicking, installing, and time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials

from domain.messaging import Content, ToPerson
from storage.outbox import OutgoingMessage
from storage.reach import InstallationSummary, Reach
from tests.conftest import StartInstance, StartProcess
from tests.harness import World

# What an older client sends: the bot's own cards use Action.Execute.
SUBMIT_CARD: dict[str, Any] = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [{"type": "TextBlock", "text": "Gammelt kort"}],
    "actions": [
        {
            "type": "Action.Submit",
            "title": "Tjek en borger",
            "data": {"ki_action": "capability.open", "capability": "screening"},
        }
    ],
}
EXECUTE_CARD: dict[str, Any] = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Frister", "wrap": True},
        {"type": "Input.Text", "id": "note", "label": "Note", "value": "ingen"},
    ],
    "actions": [
        {
            "type": "Action.Execute",
            "title": "Tjek en borger",
            "verb": "capability.open",
            "data": {"capability": "screening"},
        }
    ],
}


async def test_each_user_writes_in_their_own_chat_and_gets_the_answer_there_in_their_language(
    world: World,
):
    anne, dina = world.user("anne"), world.user("dina")

    danish = await world.say(anne, "hjælp")
    english = await world.say(dina, "help")

    assert danish.status == 201 and english.status == 201
    assert world.chat(anne).latest_card().shows("Det kan KI-bot")
    assert world.chat(dina).latest_card().shows("What KI-bot can do")
    assert danish.replies == world.chat(anne).messages
    assert [p.text for p in world.chat(anne).said] == ["hjælp"]
    assert anne.tenant != dina.tenant


async def test_clicking_an_action_submit_sends_its_data_as_that_user_in_that_chat(world: World):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    client = ConnectorClient(MicrosoftAppCredentials("", ""), base_url=world.connector.service_url)
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": SUBMIT_CARD}
    await client.conversations.send_to_conversation(
        anne.personal_chat, Activity(type="message", attachments=[attachment])
    )
    card_message = world.chat(anne).messages[-1]

    turn = await world.click(anne, SUBMIT_CARD, "Tjek en borger")

    [reply] = turn.replies
    assert reply.shows("Kan borgeren få en KI-plan?")
    [click] = world.chat(anne).said[1:]
    assert click.activity["value"]["capability"] == "screening"
    assert click.activity["replyToId"] == card_message.id


async def test_clicking_an_action_execute_sends_an_invoke_and_returns_the_invoke_response(
    world: World,
):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    client = ConnectorClient(MicrosoftAppCredentials("", ""), base_url=world.connector.service_url)
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": EXECUTE_CARD}
    await client.conversations.send_to_conversation(
        anne.personal_chat, Activity(type="message", attachments=[attachment])
    )

    turn = await world.click(anne, EXECUTE_CARD, "capability.open", inputs={"note": "vigtig"})

    assert (turn.status, turn.body["statusCode"], turn.message) == (200, 200, "Modtaget.")
    assert turn.replies[0].shows("Kan borgeren få en KI-plan?")
    with pytest.raises(LookupError):
        await world.click(anne, EXECUTE_CARD, "capability.open", inputs={"nope": "x"})


async def test_a_user_cannot_click_in_someone_elses_personal_chat(world: World):
    anne, bo = world.user("anne"), world.user("bo")
    await world.say(anne, "hjælp")

    with pytest.raises(ValueError, match="personal chat"):
        await world.click(bo, world.chat(anne).latest_card(), "Planlæg et møde")


def _stored_places(world: World) -> list[InstallationSummary]:
    return world.bot.services.database.run_sync(lambda session: Reach(session).summaries())


async def test_installing_in_a_team_stores_the_team_its_channels_and_its_members(world: World):
    team = world.team("PC Amager")

    turns = await world.install_in_team(team)

    assert [t.status for t in turns] == [201, 201]
    assert team.installed
    [place] = _stored_places(world)
    assert (place.kind, place.name, place.conversation_id) == ("team", "PC Amager", team.id)
    assert {c.name for c in place.channels} == set(team.channels)
    assert place.members == place.reachable == len(team.members)
    assert world.channel(team).latest_card().shows("Velkommen til KI-bot")


async def test_roster_and_channel_events_keep_the_stored_team_current(world: World):
    team = world.team("PC Amager")
    carla = world.user("carla")
    await world.install_in_team(team)
    members_before = _stored_places(world)[0].members

    await world.add_member(team, carla)
    assert _stored_places(world)[0].members == members_before + 1
    await world.remove_member(team, carla)
    assert _stored_places(world)[0].members == members_before

    await world.create_channel(team, "Opfølgning")
    assert "Opfølgning" in {c.name for c in _stored_places(world)[0].channels}
    await world.rename_channel(team, "Opfølgning", "Opfølgninger")
    names = {c.name for c in _stored_places(world)[0].channels}
    assert "Opfølgninger" in names and "Opfølgning" not in names
    await world.delete_channel(team, "Opfølgninger")
    assert "Opfølgninger" not in {c.name for c in _stored_places(world)[0].channels}
    assert list(team.channels) == ["General", "KI-koordinering"]


async def test_in_a_channel_the_mention_is_removed_and_the_answer_joins_the_users_thread(
    world: World,
):
    team = world.team("PC Amager")
    bo = world.user("bo")
    await world.install_in_team(team)
    channel = team.channel("KI-koordinering")

    await world.say(bo, "hjælp", in_=channel)

    [thread] = world.channel(team, "KI-koordinering").threads
    assert thread.root.sender is bo and thread.root.text.endswith("hjælp")
    [reply] = thread.replies
    assert reply.shows("Det kan KI-bot")


async def test_a_group_chat_gets_the_answer_in_the_group(world: World):
    group = world.directory.add_group("Sag KI-2026-0001", [world.user("anne"), world.user("bo")])
    await world.install_in_group(group)

    await world.say(world.user("bo"), "hjælp", in_=group)

    assert world.group(group).latest_card().shows("Det kan KI-bot")
    assert world.group(group).said[0].sender is world.user("bo")


async def test_after_the_app_is_removed_from_a_team_its_members_cannot_be_reached(
    world: World,
):
    team = world.team("PC Amager")
    erik = world.user("erik")
    await world.install_in_team(team)
    reachable_before = world.directory.reachable(erik)

    await world.uninstall_from_team(team)

    assert reachable_before and not world.directory.reachable(erik)


async def test_background_work_runs_at_a_chosen_time_without_sleeping(world: World):
    anne = world.user("anne")
    await world.say(anne, "hjælp")
    start = world.bot.clock.now()
    message = OutgoingMessage(
        "test:later",
        ToPerson(anne.person),
        Content(text="Husk opfølgningsmødet"),
        due_at=start + timedelta(days=2),
    )
    await world.bot.services.units.run(lambda unit: unit.send(message))

    next_day = await world.run_background(at=start + timedelta(days=1))
    three_days_later = await world.run_background(at=start + timedelta(days=3))

    assert (next_day.sent, three_days_later.sent) == (0, 1)
    assert world.chat(anne).messages[-1].text == "Husk opfølgningsmødet"
    assert world.bot.clock.now() == start + timedelta(days=3)


async def test_run_background_refuses_a_naive_time(world: World):
    with pytest.raises(ValueError, match="timezone"):
        await world.run_background(at=world.bot.clock.now().replace(tzinfo=None))


async def test_two_instances_on_one_database_share_dialogs_and_drop_each_others_redeliveries(
    world: World, start_instance: StartInstance
):
    second = await start_instance()
    anne = world.user("anne")
    await world.say(anne, "tjek")

    # The questionnaire sent by the first instance is answered through the second.
    card = world.chat(anne).latest_card()
    turn = await world.click(anne, card, "screening.answers", inputs={"age": "200"}, bot=second)
    redelivery = turn_event = world.chat(anne).said[-1].activity
    again = await world.post(redelivery, bot=world.bots[0])

    assert turn.replies and turn_event["from"]["id"] == anne.teams_id
    assert again.status == 201 and again.replies == []
    assert [b.name for b in world.bots] == ["bot", "bot-2"]


async def test_an_instance_in_its_own_process_serves_the_same_world_and_can_be_killed(
    world: World, start_process: StartProcess
):
    anne = world.user("anne")
    process = await start_process()

    served = await world.say(anne, "hjælp", bot=process)
    redelivered = await world.post(world.chat(anne).said[-1].activity)
    process.kill()

    assert served.status == 201 and served.replies[0].shows("Det kan KI-bot")
    assert redelivered.replies == []  # the other instance saw it in the shared database
    assert process.process is not None and process.process.returncode == -9
    after = await world.say(anne, "hjælp")
    assert after.replies[0].shows("Det kan KI-bot")
