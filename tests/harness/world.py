"""The world a multi-person test plays in: people in two tenants, a team with channels, group
chats, the fake connector holding every conversation, and one or more bot instances.

    turn = await world.say(anne, "tjek")
    click = await world.click(anne, world.chat(anne).latest_card(), "screening.answers", inputs={...})
    await world.install_in_team(team)
    await world.run_background(at=datetime(2026, 11, 24, 8, 0, tzinfo=COPENHAGEN))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from .app import BotUnderTest
from .cards import click_payload
from .connector import FakeConnector
from .events import activity, mention_bot, team_event
from .model import BOT_ID, Channel, Directory, GroupChat, Place, Team, User
from .transcript import ADAPTIVE_CARD, Posted, Transcript


class _Clock(Protocol):
    def now(self) -> datetime: ...


class Instance(Protocol):
    """A bot the world can talk to: in this process (BotUnderTest) or its own (BotProcess)."""

    @property
    def clock(self) -> _Clock: ...

    async def send(self, activity: dict[str, Any]) -> tuple[int, Any]: ...


@dataclass
class Turn:
    """What one activity sent to the bot gave: the HTTP answer and what the bot posted meanwhile."""

    status: int
    body: Any
    posted: list[Posted] = field(default_factory=list)

    @property
    def replies(self) -> list[Posted]:
        return [p for p in self.posted if p.type != "typing"]

    @property
    def card(self) -> dict[str, Any] | None:
        """The card an ``adaptiveCard/action`` invoke answered with (shown only to the clicker)."""
        body = self.body if isinstance(self.body, dict) else {}
        if body.get("type") == ADAPTIVE_CARD and isinstance(body.get("value"), dict):
            return dict(body["value"])
        return None

    @property
    def message(self) -> str | None:
        body = self.body if isinstance(self.body, dict) else {}
        if body.get("type") == "application/vnd.microsoft.activity.message":
            return str(body.get("value"))
        return None


class World:
    def __init__(self, connector: FakeConnector, bots: list[BotUnderTest]) -> None:
        self.connector = connector
        self.bots = bots

    @property
    def directory(self) -> Directory:
        return self.connector.directory

    @property
    def bot(self) -> BotUnderTest:
        return self.bots[0]

    def user(self, key: str) -> User:
        return self.directory.users[key]

    def team(self, name: str) -> Team:
        return next(t for t in self.directory.teams.values() if t.name == name)

    # --- reading the conversations -------------------------------------------------------
    def chat(self, user: User) -> Transcript:
        return self.connector.transcript(user.personal_chat, "personal")

    def channel(self, team: Team | str, name: str = "General") -> Transcript:
        team = self.team(team) if isinstance(team, str) else team
        return self.connector.transcript(team.channel(name).id, "channel")

    def group(self, chat: GroupChat) -> Transcript:
        return self.connector.transcript(chat.id, "groupChat")

    def transcript_of(self, place: Place) -> Transcript:
        if isinstance(place, User):
            return self.chat(place)
        if isinstance(place, Channel):
            return self.connector.transcript(place.id, "channel")
        return self.group(place)

    # --- acting as a user ----------------------------------------------------------------
    async def post(self, event: dict[str, Any], bot: Instance | None = None) -> Turn:
        """Send one activity to a bot instance; collect what the bot posted while it ran."""
        before = len(self.connector.sent)
        status, body = await (bot or self.bot).send(event)
        posted = []
        for sent in self.connector.sent[before:]:
            found = self.connector.find(sent.activity_id) if sent.method != "PUT" else None
            if found is not None:
                posted.append(found)
        return Turn(status, body, posted)

    async def say(
        self,
        user: User,
        text: str,
        *,
        in_: Place | None = None,
        thread: Posted | None = None,
        bot: Instance | None = None,
    ) -> Turn:
        """``user`` writes ``text`` in their personal chat with the bot, or in a group chat or
        channel (mentioning the bot, as Teams only delivers those); ``thread`` replies in one."""
        place = in_ or user
        if isinstance(place, User):
            if place is not user:
                raise ValueError("a user can only write in their own personal chat")
            user.app_installed = True  # chatting with the bot means the app is installed for them
        fields = {"text": text} if isinstance(place, User) else mention_bot(text)
        root = thread.thread_id if thread is not None else None
        event = activity(
            "message",
            user=user,
            place=place,
            service_url=self.connector.service_url,
            thread=root,
            now=self._now(bot),
            **fields,
        )
        if isinstance(place, Channel) and root is None:
            event["conversation"]["id"] = f"{place.id};messageid={event['id']}"
        self.connector.record_user_message(user, event["conversation"]["id"], event)
        return await self.post(event, bot)

    async def click(
        self,
        user: User,
        card_or_activity: Posted | dict[str, Any],
        button: str,
        inputs: dict[str, Any] | None = None,
        *,
        bot: Instance | None = None,
    ) -> Turn:
        """``user`` presses the button named by verb, ``ki_action`` or title on a card the bot
        sent; an Action.Execute arrives as an ``adaptiveCard/action`` invoke and the returned
        card replaces the clicked one for that user only; an Action.Submit as a message."""
        posted = self._posted(card_or_activity)
        transcript = self.connector.transcript(posted.conversation_id)
        card = transcript.card_seen_by(user, posted)
        kind, value = click_payload(card, button, inputs or {})
        place = self._place_of(posted, user)
        thread = posted.thread_id if isinstance(place, Channel) else None
        if kind == "invoke":
            event = activity(
                "invoke",
                user=user,
                place=place,
                service_url=self.connector.service_url,
                thread=thread,
                now=self._now(bot),
                name="adaptiveCard/action",
                value=value,
                replyToId=posted.id,
            )
        else:
            event = activity(
                "message",
                user=user,
                place=place,
                service_url=self.connector.service_url,
                thread=thread,
                now=self._now(bot),
                value=value,
                replyToId=posted.id,
            )
            self.connector.record_user_message(user, event["conversation"]["id"], event)
        turn = await self.post(event, bot)
        if turn.card is not None:
            transcript.views[(user.key, posted.id)] = turn.card
            self.connector.returned_cards.append(turn.card)
        return turn

    def _posted(self, card_or_activity: Posted | dict[str, Any]) -> Posted:
        if isinstance(card_or_activity, Posted):
            return card_or_activity
        for transcript in self.connector.transcripts.values():
            for posted in transcript.entries:
                if any(v is card_or_activity for v in posted.cards) or card_or_activity in [
                    *posted.cards,
                    *transcript.views.values(),
                ]:
                    return posted
        raise LookupError("that card was never sent by the bot")

    def _place_of(self, posted: Posted, user: User) -> Place:
        if (owner := self.directory.user_by_chat(posted.conversation_id)) is not None:
            if owner is not user:
                raise ValueError(f"{user!r} cannot click in {owner!r}'s personal chat")
            return owner
        if (channel := self.directory.channel_by_id(posted.conversation_id)) is not None:
            return channel
        if posted.conversation_id in self.directory.groups:
            return self.directory.groups[posted.conversation_id]
        raise LookupError(f"{posted.conversation_id} is not a conversation of the world")

    def _now(self, bot: Instance | None) -> datetime:
        return (bot or self.bot).clock.now()

    # --- Teams' install and roster events -------------------------------------------------
    def _team_event(
        self, event_type: str, team: Team, by: User | None, **fields: Any
    ) -> dict[str, Any]:
        installer = by or team.members[0]
        return team_event(
            event_type,
            team,
            by=installer,
            service_url=self.connector.service_url,
            now=self._now(None),
            **fields,
        )

    async def install_in_team(self, team: Team, *, by: User | None = None) -> list[Turn]:
        """The app is added to a team: an installationUpdate and the bot added as member."""
        team.installed = True
        installation = self._team_event("teamMemberAdded", team, by)
        installation.update(type="installationUpdate", action="add")
        del installation["channelData"]["eventType"]
        added = self._team_event("teamMemberAdded", team, by, membersAdded=[{"id": BOT_ID}])
        added["channelData"]["settings"] = {"selectedChannel": {"id": team.id}}
        return [await self.post(installation), await self.post(added)]

    async def uninstall_from_team(self, team: Team, *, by: User | None = None) -> list[Turn]:
        removal = self._team_event("teamMemberRemoved", team, by)
        removal.update(type="installationUpdate", action="remove")
        del removal["channelData"]["eventType"]
        removed = self._team_event("teamMemberRemoved", team, by, membersRemoved=[{"id": BOT_ID}])
        team.installed = False
        return [await self.post(removed), await self.post(removal)]

    async def add_member(self, team: Team, user: User) -> Turn:
        team.members.append(user)
        return await self.post(
            self._team_event("teamMemberAdded", team, None, membersAdded=[user.account()])
        )

    async def remove_member(self, team: Team, user: User) -> Turn:
        team.members.remove(user)
        return await self.post(
            self._team_event("teamMemberRemoved", team, None, membersRemoved=[user.account()])
        )

    async def create_channel(self, team: Team, name: str) -> Turn:
        channel = team.add_channel(name)
        return await self.post(self._team_event("channelCreated", team, None, channel=channel))

    async def rename_channel(self, team: Team, old: str, new: str) -> Turn:
        channel = team.channels.pop(old)
        channel.name = new
        team.channels[new] = channel
        return await self.post(self._team_event("channelRenamed", team, None, channel=channel))

    async def delete_channel(self, team: Team, name: str) -> Turn:
        channel = team.channels.pop(name)
        return await self.post(self._team_event("channelDeleted", team, None, channel=channel))

    async def install_in_group(self, chat: GroupChat, *, by: User | None = None) -> Turn:
        chat.installed = True
        event = activity(
            "conversationUpdate",
            user=by or chat.members[0],
            place=chat,
            service_url=self.connector.service_url,
            now=self._now(None),
            membersAdded=[{"id": BOT_ID}],
        )
        return await self.post(event)

    async def install_personal(self, user: User) -> Turn:
        """The user adds the app for themselves: Teams opens the personal chat with the bot."""
        user.app_installed = True
        event = activity(
            "conversationUpdate",
            user=user,
            place=user,
            service_url=self.connector.service_url,
            now=self._now(None),
            membersAdded=[{"id": BOT_ID}],
        )
        return await self.post(event)

    async def uninstall_personal(self, user: User) -> Turn:
        user.app_installed = False
        event = activity(
            "installationUpdate",
            user=user,
            place=user,
            service_url=self.connector.service_url,
            now=self._now(None),
            action="remove",
        )
        return await self.post(event)

    # --- time ------------------------------------------------------------------------------
    async def run_background(self, at: datetime, *, bot: BotUnderTest | None = None) -> Any:
        """Run the bot's due background jobs and send every outbox message due as if it were
        ``at``, without sleeping. Returns the outbox's delivery report."""
        if at.tzinfo is None:
            raise ValueError("run_background needs a timezone-aware time")
        instance = bot or self.bot
        instance.clock.current = at
        return await instance.services.run_background()
