"""The fake connector answers each endpoint the SDK and a proactive messenger call as Teams does.
These tests talk to it with the SDK's own connector client, so the answers are proven parseable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationParameters,
    ErrorResponseException,
)
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from botframework.connector.teams import TeamsConnectorClient
from msrest.exceptions import HttpOperationError

from tests.harness import BOT_ID, FakeConnector, Team, User

CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [{"type": "TextBlock", "text": "Møde om KI-plan", "wrap": True}],
}


def _message(text: str = "", card: dict[str, Any] | None = None) -> Activity:
    attachments = [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]
    return Activity(type="message", text=text or None, attachments=attachments if card else None)


@pytest.fixture
def client(connector: FakeConnector) -> ConnectorClient:
    return ConnectorClient(MicrosoftAppCredentials("", ""), base_url=connector.service_url)


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


def _user(connector: FakeConnector, key: str) -> User:
    return connector.directory.users[key]


def _team(connector: FakeConnector, name: str = "PC Amager") -> Team:
    return next(t for t in connector.directory.teams.values() if t.name == name)


def _one_to_one(user: User, tenant_id: str | None = None) -> ConversationParameters:
    return ConversationParameters(
        is_group=False,
        bot=ChannelAccount(id=BOT_ID),
        members=[ChannelAccount(id=user.teams_id)],
        tenant_id=tenant_id or user.tenant.id,
    )


async def test_create_conversation_returns_the_personal_chat_of_someone_in_a_team_with_the_app(
    connector: FakeConnector, client: ConnectorClient
):
    erik = _user(connector, "erik")
    _team(connector).installed = True

    created = await client.conversations.create_conversation(_one_to_one(erik))

    assert created.id == erik.personal_chat
    [body] = connector.created
    assert body["tenantID"] == erik.tenant.id and body["isGroup"] is False  # the SDK's spelling
    assert body["members"] == [{"id": erik.teams_id}]


async def test_create_conversation_is_refused_with_403_for_someone_the_app_is_not_installed_for(
    connector: FakeConnector, client: ConnectorClient
):
    with pytest.raises(ErrorResponseException) as refused:
        await client.conversations.create_conversation(_one_to_one(_user(connector, "finn")))

    assert refused.value.response.status_code == 403
    assert refused.value.error.error.code == "BotNotInConversationRoster"


async def test_create_conversation_needs_the_users_own_tenant_and_cannot_make_group_chats(
    connector: FakeConnector, client: ConnectorClient
):
    carla = _user(connector, "carla")
    carla.app_installed = True
    region = _user(connector, "anne").tenant.id
    group = _one_to_one(carla)
    group.is_group = True

    with pytest.raises(ErrorResponseException) as wrong_tenant:
        await client.conversations.create_conversation(_one_to_one(carla, tenant_id=region))
    with pytest.raises(ErrorResponseException) as no_group:
        await client.conversations.create_conversation(group)

    assert wrong_tenant.value.response.status_code == 403
    assert no_group.value.response.status_code == 400


async def test_create_conversation_in_a_channel_starts_a_thread_and_returns_its_activity_id(
    connector: FakeConnector, client: ConnectorClient
):
    team = _team(connector)
    team.installed = True
    channel = team.channel("KI-koordinering")
    parameters = ConversationParameters(
        is_group=True,
        channel_data={"channel": {"id": channel.id}, "tenant": {"id": team.tenant.id}},
        activity=_message("Ny sag til koordinering"),
    )

    created = await client.conversations.create_conversation(parameters)
    await client.conversations.send_to_conversation(created.id, _message("Første svar"))

    assert created.id == f"{channel.id};messageid={created.activity_id}"
    [thread] = connector.transcript(channel.id).threads
    assert thread.root.id == created.activity_id and thread.root.text == "Ny sag til koordinering"
    assert [reply.text for reply in thread.replies] == ["Første svar"]


async def test_a_post_to_the_channel_itself_is_a_new_thread_and_a_reply_joins_its_thread(
    connector: FakeConnector, client: ConnectorClient
):
    team = _team(connector)
    team.installed = True

    first = await client.conversations.send_to_conversation(team.id, _message("Tråd 1"))
    second = await client.conversations.send_to_conversation(team.id, _message("Tråd 2"))
    reply = _message("Svar")
    reply.reply_to_id = first.id
    await client.conversations.reply_to_activity(team.id, first.id, reply)

    threads = connector.transcript(team.id).threads
    assert [t.root.id for t in threads] == [first.id, second.id]
    assert [r.text for r in threads[0].replies] == ["Svar"] and threads[1].replies == []


async def test_an_update_keeps_every_version_and_the_transcript_shows_the_latest_card(
    connector: FakeConnector, client: ConnectorClient
):
    anne = _user(connector, "anne")
    anne.app_installed = True
    sent = await client.conversations.send_to_conversation(anne.personal_chat, _message(card=CARD))
    answered = {**CARD, "body": [{"type": "TextBlock", "text": "Besvaret", "wrap": True}]}

    await client.conversations.update_activity(anne.personal_chat, sent.id, _message(card=answered))

    chat = connector.transcript(anne.personal_chat)
    [message] = chat.messages
    assert len(message.versions) == 2
    assert message.card == answered and chat.latest_card().id == sent.id
    assert chat.latest_card("Besvaret") is message
    with pytest.raises(LookupError):
        chat.latest_card("Møde om KI-plan")


async def test_updating_an_unknown_activity_gets_404_and_a_deleted_one_leaves_the_transcript(
    connector: FakeConnector, client: ConnectorClient
):
    anne = _user(connector, "anne")
    anne.app_installed = True
    sent = await client.conversations.send_to_conversation(anne.personal_chat, _message("hej"))

    with pytest.raises(ErrorResponseException) as unknown:
        await client.conversations.update_activity(anne.personal_chat, "999", _message("x"))
    await client.conversations.delete_activity(anne.personal_chat, sent.id)

    assert unknown.value.response.status_code == 404
    assert connector.transcript(anne.personal_chat).messages == []


async def test_members_paged_members_and_one_member_come_from_the_team_roster(
    connector: FakeConnector, client: ConnectorClient
):
    team = _team(connector)
    anne = _user(connector, "anne")

    members = await client.conversations.get_conversation_members(team.id)
    first_page = await client.conversations.get_conversation_paged_members(team.id, page_size=2)
    last_page = await client.conversations.get_conversation_paged_members(
        team.id, page_size=2, continuation_token=first_page.continuation_token
    )
    by_aad = await client.conversations.get_conversation_member(team.id, anne.aad_object_id)

    assert [m.name for m in members] == ["Anne Andersen", "Bo Bertelsen", "Erik Eriksen"]
    assert len(first_page.members) == 2 and last_page.continuation_token is None
    assert [m.name for m in last_page.members] == ["Erik Eriksen"]
    assert (by_aad.id, by_aad.aad_object_id) == (anne.teams_id, anne.aad_object_id)
    assert by_aad.additional_properties["userPrincipalName"] == "anne@regionh.dk"
    assert by_aad.additional_properties["tenantId"] == anne.tenant.id


async def test_someone_outside_the_conversation_is_not_a_member(
    connector: FakeConnector, client: ConnectorClient
):
    with pytest.raises(ErrorResponseException) as outsider:
        await client.conversations.get_conversation_member(
            _team(connector).id, _user(connector, "carla").teams_id
        )

    assert outsider.value.response.status_code == 404


async def test_team_details_and_channels_as_teams_gives_them_once_the_app_is_in_the_team(
    connector: FakeConnector,
):
    team = _team(connector)
    teams = TeamsConnectorClient(MicrosoftAppCredentials("", ""), base_url=connector.service_url)

    with pytest.raises(HttpOperationError) as not_installed:
        teams.teams.get_team_details(team.id)  # the SDK's Teams client blocks: as TeamsInfo does
    team.installed = True
    details = teams.teams.get_team_details(team.id)
    channels = teams.teams.get_teams_channels(team.id).conversations

    assert not_installed.value.response.status_code == 403
    assert (details.name, details.aad_group_id, details.member_count) == (
        "PC Amager",
        team.aad_group_id,
        3,
    )
    assert [(c.id, c.name) for c in channels] == [
        (team.id, None),  # General comes without a name
        (team.channel("KI-koordinering").id, "KI-koordinering"),
    ]


async def test_a_user_who_blocked_the_bot_answers_403_message_writes_blocked(
    connector: FakeConnector, http: ClientSession
):
    anne = _user(connector, "anne")
    anne.app_installed = anne.blocked_bot = True

    url = f"{connector.service_url}v3/conversations/{anne.personal_chat}/activities"
    async with http.post(url, json={"type": "message", "text": "hej"}) as response:
        body = await response.json()

    assert response.status == 403
    assert body["error"]["code"] == "ConversationBlockedByUser"
    assert body["error"]["subCode"] == "MessageWritesBlocked"
    assert connector.transcript(anne.personal_chat).messages == []


async def test_a_team_the_bot_was_removed_from_refuses_posts(
    connector: FakeConnector, http: ClientSession
):
    team = _team(connector)

    url = f"{connector.service_url}v3/conversations/{team.id}/activities"
    async with http.post(url, json={"type": "message", "text": "hej"}) as response:
        body = await response.json()

    assert (response.status, body["error"]["code"]) == (403, "BotNotInConversationRoster")
