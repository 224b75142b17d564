"""The end-to-end harness: a fake Teams (people in two tenants, teams, channels, group chats and
a fake Bot Connector with faults and rate limits) around one or more real bot instances."""

from .app import BotUnderTest
from .connector import Call, FakeConnector, Sent
from .faults import Fault, Faults
from .model import BOT_ID, Channel, Directory, GroupChat, Team, Tenant, User
from .ratelimit import ManualTime, RateLimiter
from .transcript import Posted, Thread, Transcript
from .world import Turn, World

__all__ = [
    "BOT_ID",
    "BotUnderTest",
    "Call",
    "Channel",
    "Directory",
    "FakeConnector",
    "Fault",
    "Faults",
    "GroupChat",
    "ManualTime",
    "Posted",
    "RateLimiter",
    "Sent",
    "Team",
    "Tenant",
    "Thread",
    "Transcript",
    "Turn",
    "User",
    "World",
]
