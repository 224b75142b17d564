"""The Teams world the fake connector serves: tenants, people, teams with channels, group chats.

Ids look like Teams' own (``29:…`` users, ``a:…`` personal chats, ``19:…@thread.tacv2`` teams and
channels, ``19:…@thread.v2`` group chats) and are derived from names, so a failing test reads well.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from domain.identity import PersonRef

BOT_ID = "28:ki-bot"
BOT_NAME = "KI-bot"
_NAMESPACE = uuid.UUID("0f3d7b52-9a4c-4e0b-8a61-2f4b8c1d9e70")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def stable_hex(*parts: str) -> str:
    return uuid.uuid5(_NAMESPACE, "/".join(parts)).hex


@dataclass(frozen=True)
class Tenant:
    name: str
    id: str
    domain: str = "example.dk"

    @classmethod
    def named(cls, name: str, domain: str | None = None) -> Tenant:
        slug = "".join(c for c in name.lower() if c.isascii() and c.isalnum())
        return cls(name, stable_uuid("tenant", name), domain or f"{slug}.dk")


@dataclass(eq=False)
class User:
    """A person with Teams: ``app_installed`` means the app is installed for them personally."""

    key: str
    name: str
    tenant: Tenant
    locale: str = "da-DK"
    app_installed: bool = False
    blocked_bot: bool = False
    teams_id: str = ""
    aad_object_id: str = ""
    upn: str = ""
    personal_chat: str = ""

    def __post_init__(self) -> None:
        self.teams_id = self.teams_id or f"29:1{stable_hex('user', self.tenant.id, self.key)}"
        self.aad_object_id = self.aad_object_id or stable_uuid("aad", self.tenant.id, self.key)
        self.upn = self.upn or f"{self.key}@{self.tenant.domain}"
        self.personal_chat = self.personal_chat or f"a:1{stable_hex('chat', self.teams_id)}"

    @property
    def person(self) -> PersonRef:
        return PersonRef(self.tenant.id, self.aad_object_id)

    def account(self) -> dict[str, Any]:
        """The user as a ``from`` field of an activity."""
        return {"id": self.teams_id, "name": self.name, "aadObjectId": self.aad_object_id}

    def member(self) -> dict[str, Any]:
        """The user as the connector's member endpoints return them (a TeamsChannelAccount)."""
        given, _, surname = self.name.partition(" ")
        return {
            "id": self.teams_id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "email": self.upn,
            "userPrincipalName": self.upn,
            "givenName": given,
            "surname": surname,
            "tenantId": self.tenant.id,
            "userRole": "user",
        }

    def __repr__(self) -> str:
        return f"User({self.key!r}, {self.tenant.name!r})"


@dataclass(eq=False)
class Channel:
    id: str
    name: str
    team: Team

    @property
    def is_general(self) -> bool:
        return self.id == self.team.id

    def __repr__(self) -> str:
        return f"Channel({self.team.name!r}, {self.name!r})"


@dataclass(eq=False)
class Team:
    """A team; its General channel has the team's own id. ``installed``: the bot is in the team."""

    name: str
    tenant: Tenant
    members: list[User] = field(default_factory=list)
    installed: bool = False
    id: str = ""
    aad_group_id: str = ""
    channels: dict[str, Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = self.id or f"19:{stable_hex('team', self.tenant.id, self.name)}@thread.tacv2"
        self.aad_group_id = self.aad_group_id or stable_uuid("group", self.id)
        if "General" not in self.channels:
            self.channels["General"] = Channel(self.id, "General", self)

    @property
    def general(self) -> Channel:
        return self.channels["General"]

    def add_channel(self, name: str) -> Channel:
        channel = Channel(f"19:{stable_hex('channel', self.id, name)}@thread.tacv2", name, self)
        self.channels[name] = channel
        return channel

    def channel(self, name: str) -> Channel:
        return self.channels[name]

    def info(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aadGroupId": self.aad_group_id}

    def __repr__(self) -> str:
        return f"Team({self.name!r})"


@dataclass(eq=False)
class GroupChat:
    topic: str
    tenant: Tenant
    members: list[User] = field(default_factory=list)
    installed: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or f"19:{stable_hex('group', self.tenant.id, self.topic)}@thread.v2"

    def __repr__(self) -> str:
        return f"GroupChat({self.topic!r})"


Place = User | Channel | GroupChat


@dataclass
class Directory:
    """Everything the connector knows: who exists, where the app is installed, who shares what."""

    tenants: dict[str, Tenant] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    groups: dict[str, GroupChat] = field(default_factory=dict)

    def tenant(self, name: str, domain: str | None = None) -> Tenant:
        if name not in self.tenants:
            self.tenants[name] = Tenant.named(name, domain)
        return self.tenants[name]

    def add_user(self, key: str, name: str, tenant: Tenant | str, **kwargs: Any) -> User:
        if key in self.users:
            raise ValueError(f"user {key!r} exists already")
        tenant = self.tenant(tenant) if isinstance(tenant, str) else tenant
        user = User(key, name, tenant, **kwargs)
        self.users[key] = user
        return user

    def add_team(
        self, name: str, tenant: Tenant | str, members: list[User], channels: tuple[str, ...] = ()
    ) -> Team:
        tenant = self.tenant(tenant) if isinstance(tenant, str) else tenant
        team = Team(name, tenant, list(members))
        for channel in channels:
            team.add_channel(channel)
        self.teams[team.id] = team
        return team

    def add_group(self, topic: str, members: list[User]) -> GroupChat:
        group = GroupChat(topic, members[0].tenant, list(members))
        self.groups[group.id] = group
        return group

    # look-ups the connector needs
    def user_by_id(self, any_id: str) -> User | None:
        """By Teams user id or Entra object id (create-conversation accepts either)."""
        lowered = any_id.lower()
        for user in self.users.values():
            if lowered in (user.teams_id.lower(), user.aad_object_id.lower()):
                return user
        return None

    def user_by_chat(self, conversation_id: str) -> User | None:
        return next((u for u in self.users.values() if u.personal_chat == conversation_id), None)

    def channel_by_id(self, channel_id: str) -> Channel | None:
        for team in self.teams.values():
            for channel in team.channels.values():
                if channel.id == channel_id:
                    return channel
        return None

    def reachable(self, user: User) -> bool:
        """Teams lets a bot open a one-to-one chat only with someone who has the app: installed
        personally, or through a team or group chat where the app is installed."""
        if user.app_installed:
            return True
        shared_team = any(t.installed and user in t.members for t in self.teams.values())
        return shared_team or any(g.installed and user in g.members for g in self.groups.values())

    def members_of(self, conversation_id: str) -> list[User] | None:
        """The roster of a conversation (channel ids with or without a thread suffix)."""
        base = conversation_id.split(";", 1)[0]
        if (user := self.user_by_chat(base)) is not None:
            return [user]
        if (channel := self.channel_by_id(base)) is not None:
            return list(channel.team.members)
        if base in self.groups:
            return list(self.groups[base].members)
        return None

    def tenant_of(self, conversation_id: str) -> str | None:
        base = conversation_id.split(";", 1)[0]
        if (user := self.user_by_chat(base)) is not None:
            return user.tenant.id
        if (channel := self.channel_by_id(base)) is not None:
            return channel.team.tenant.id
        if base in self.groups:
            return self.groups[base].tenant.id
        return None
