"""A fake Bot Connector on loopback that answers the v3 endpoints the SDK and a proactive
messenger call, as Teams would for the people, teams and chats in its ``Directory``.

Every call is logged (``calls``); every activity the bot sent is kept (``sent``) and placed in its
conversation's transcript (``transcripts``), updates as new versions of the same message.
Conversations the directory does not know are accepted as ad hoc ones, so single-request tests
can name any conversation id.

It runs on its own thread and event loop, as the real service is outside the bot's process: the
SDK's Teams look-ups (``TeamsInfo.get_team_details``/``get_team_channels``) use a blocking HTTP
client, which would deadlock against a server on the bot's own loop.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from .faults import HANG, Faults, error_body
from .model import Directory, User
from .ratelimit import RateLimiter
from .transcript import Posted, Transcript, cards_of

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Sent:
    """One activity the bot sent (POST, reply or PUT), as the connector received it."""

    method: str
    path: str
    conversation_id: str
    activity: dict[str, Any]
    authorization: str | None
    activity_id: str = ""

    @property
    def type(self) -> str:
        return str(self.activity.get("type"))

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return cards_of(self.activity)


@dataclass
class Call:
    method: str
    path: str
    status: int  # 0: hung up


def _problem(status: int, code: str, message: str) -> web.Response:
    return web.json_response(error_body(code, message), status=status)


def _split(conversation_id: str) -> tuple[str, str | None]:
    """A channel thread id is ``<channel>;messageid=<root>``."""
    base, _, rest = conversation_id.partition(";messageid=")
    return base, rest or None


class FakeConnector:
    def __init__(
        self, directory: Directory | None = None, rate_limiter: RateLimiter | None = None
    ) -> None:
        self.directory = directory or Directory()
        self.rate_limiter = rate_limiter
        self.faults = Faults()
        self.sent: list[Sent] = []
        self.calls: list[Call] = []
        self.created: list[dict[str, Any]] = []  # bodies of create-conversation calls
        self.returned_cards: list[dict[str, Any]] = []  # cards answered to invokes
        self.transcripts: dict[str, Transcript] = {}
        self.port = 0
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._tests_loop: asyncio.AbstractEventLoop | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def service_url(self) -> str:
        assert self.port, "the connector is not running"
        return f"http://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        self._tests_loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._serve, name="fake-connector", daemon=True)
        self._thread.start()
        if not await asyncio.to_thread(self._ready.wait, 10):
            raise RuntimeError("the fake connector did not start")

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._runner = web.AppRunner(self._app())
        loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self.port = int(self._runner.addresses[0][1])
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def close(self) -> None:
        if self._loop is None or self._runner is None or self._thread is None:
            return
        self._loop.call_soon_threadsafe(self.faults.release)
        cleanup = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
        await asyncio.wrap_future(cleanup)
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join, 10)
        self._loop = None

    def _notify(self) -> None:
        """Wake ``wait_for`` on the tests' loop (the handlers run on the connector's)."""
        if self._tests_loop is not None and not self._tests_loop.is_closed():
            self._tests_loop.call_soon_threadsafe(self._changed.set)

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._faults_and_limits])
        conversation = "/v3/conversations/{conversation}"
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post(f"{conversation}/activities", self._send)
        app.router.add_post(f"{conversation}/activities/{{activity}}", self._send)
        app.router.add_put(f"{conversation}/activities/{{activity}}", self._update)
        app.router.add_delete(f"{conversation}/activities/{{activity}}", self._delete)
        app.router.add_get(f"{conversation}/members", self._members)
        app.router.add_get(f"{conversation}/pagedmembers", self._paged_members)
        app.router.add_get(f"{conversation}/members/{{member}}", self._member)
        app.router.add_get("/v3/teams/{team}/conversations", self._channels)
        app.router.add_get("/v3/teams/{team}", self._team)
        return app

    # --- what the tests read -------------------------------------------------------------
    def transcript(self, conversation_id: str, kind: str = "personal") -> Transcript:
        base, _ = _split(conversation_id)
        if base not in self.transcripts:
            self.transcripts[base] = Transcript(base, kind)
        return self.transcripts[base]

    def messages(self) -> list[Sent]:
        """What the bot sent, typing indicators left out (updates included, in order)."""
        return [s for s in self.sent if s.type != "typing"]

    def find(self, activity_id: str) -> Posted | None:
        for transcript in self.transcripts.values():
            if (posted := transcript.find(activity_id)) is not None:
                return posted
        return None

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Sent]:
        """Wait until the bot has sent at least ``count`` messages (not typing); for replies that
        arrive after the HTTP answer (a turn acknowledged early with 202)."""

        async def enough() -> None:
            while len(self.messages()) < count:
                self._changed.clear()
                if len(self.messages()) >= count:
                    break
                await self._changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return self.messages()

    async def wait_until(
        self, done: Callable[[list[Sent]], bool], timeout: float = 5.0
    ) -> list[Sent]:
        """Wait until ``done(everything sent so far)`` holds (typing indicators included)."""

        async def satisfied() -> None:
            while not done(list(self.sent)):
                self._changed.clear()
                if done(list(self.sent)):
                    break
                await self._changed.wait()

        await asyncio.wait_for(satisfied(), timeout)
        return list(self.sent)

    def record_user_message(self, user: User, conversation_id: str, activity: dict[str, Any]):
        base, thread = _split(conversation_id)
        transcript = self.transcript(base, str(activity["conversation"].get("conversationType")))
        posted = Posted(activity["id"], base, [activity], False, user, thread or None)
        if transcript.kind == "channel" and thread is None:
            posted.thread_id = posted.id
        return transcript.add(posted)

    # --- the request pipeline ------------------------------------------------------------
    @web.middleware
    async def _faults_and_limits(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        conversation = request.match_info.get("conversation")
        conversation = unquote(conversation) if conversation else None
        fault = self.faults.take(request.method, request.path, conversation)
        if fault is not None and fault.status == HANG:
            self.calls.append(Call(request.method, request.path, 0))
            await self.faults.hang()
            raise web.HTTPServiceUnavailable()
        if fault is not None:
            response: web.StreamResponse = web.json_response(
                fault.body, status=fault.status, headers=fault.headers
            )
        else:
            response = self._limited(request, conversation) or await handler(request)
        self.calls.append(Call(request.method, request.path, response.status))
        return response

    def _limited(self, request: web.Request, conversation: str | None) -> web.Response | None:
        if self.rate_limiter is None or not request.path.startswith("/v3/"):
            return None
        sends = request.method in ("POST", "PUT") and "/activities" in request.path
        tenant = self.directory.tenant_of(conversation) if conversation else None
        wait = self.rate_limiter.admit(conversation if sends else None, tenant)
        if wait is None:
            return None
        return web.json_response(
            error_body("TooManyRequests", "Rate limit exceeded."),
            status=429,
            headers={"Retry-After": self.rate_limiter.retry_after_header(wait)},
        )

    # --- sending -------------------------------------------------------------------------
    def _refusal(self, conversation_id: str) -> web.Response | None:
        """403 where Teams refuses the bot: a blocked or uninstalled personal app, a team or
        group chat the bot is no longer in."""
        base, _ = _split(conversation_id)
        if (user := self.directory.user_by_chat(base)) is not None:
            if user.blocked_bot:
                return web.json_response(
                    error_body(
                        "ConversationBlockedByUser",
                        "User blocked the conversation with the bot.",
                        "MessageWritesBlocked",
                    ),
                    status=403,
                )
            if not self.directory.reachable(user):
                return _problem(403, "BotNotInConversationRoster", "The bot is not in the roster.")
        channel = self.directory.channel_by_id(base)
        group = self.directory.groups.get(base)
        if (channel and not channel.team.installed) or (group and not group.installed):
            return _problem(403, "BotNotInConversationRoster", "The bot is not in the roster.")
        return None

    async def _post(
        self, method: str, path: str, conversation_id: str, body: dict[str, Any], auth: str | None
    ) -> Posted:
        base, thread = _split(conversation_id)
        transcript = self.transcript(base, self._kind_of(base, body))
        activity_id = f"{next(self._ids)}"
        reply_to = body.get("replyToId")
        if transcript.kind == "channel":
            root = transcript.find(thread or "") or (
                transcript.find(reply_to) if reply_to else None
            )
            thread = root.thread_id if root is not None else activity_id
        posted = transcript.add(Posted(activity_id, base, [body], True, None, thread))
        self.sent.append(Sent(method, path, conversation_id, body, auth, activity_id))
        self._notify()
        return posted

    def _kind_of(self, base: str, body: dict[str, Any]) -> str:
        if self.directory.channel_by_id(base) is not None:
            return "channel"
        if base in self.directory.groups:
            return "groupChat"
        conversation = body.get("conversation") or {}
        return str(conversation.get("conversationType") or "personal")

    async def _send(self, request: web.Request) -> web.Response:
        conversation_id = unquote(request.match_info["conversation"])
        if (refusal := self._refusal(conversation_id)) is not None:
            return refusal
        body = await request.json()
        if "activity" in request.match_info:
            body.setdefault("replyToId", request.match_info["activity"])
        posted = await self._post(
            request.method,
            request.path,
            conversation_id,
            body,
            request.headers.get("Authorization"),
        )
        return web.json_response({"id": posted.id})

    async def _update(self, request: web.Request) -> web.Response:
        conversation_id = unquote(request.match_info["conversation"])
        activity_id = request.match_info["activity"]
        if (refusal := self._refusal(conversation_id)) is not None:
            return refusal
        posted = self.transcript(conversation_id).find(activity_id)
        if posted is None or posted.deleted:
            return _problem(404, "ActivityNotFound", "Unknown activity.")
        body = await request.json()
        posted.versions.append(body)
        auth = request.headers.get("Authorization")
        self.sent.append(Sent("PUT", request.path, conversation_id, body, auth, activity_id))
        self._notify()
        return web.json_response({"id": activity_id})

    async def _delete(self, request: web.Request) -> web.Response:
        conversation_id = unquote(request.match_info["conversation"])
        posted = self.transcript(conversation_id).find(request.match_info["activity"])
        if posted is None:
            return _problem(404, "ActivityNotFound", "Unknown activity.")
        posted.deleted = True
        return web.Response(status=200)

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.created.append(body)
        channel_data = body.get("channelData") or {}
        channel_id = (channel_data.get("channel") or {}).get("id")
        if channel_id:
            return await self._new_thread(request, channel_id, body)
        if body.get("isGroup"):
            return _problem(400, "BadArgument", "Bots cannot create group chats.")
        members = body.get("members") or []
        if len(members) != 1:
            return _problem(400, "BadArgument", "A one-to-one chat needs exactly one member.")
        user = self.directory.user_by_id(str(members[0].get("id", "")))
        # The Python SDK serialises ConversationParameters.tenant_id as "tenantID".
        tenant = (
            body.get("tenantId")
            or body.get("tenantID")
            or (channel_data.get("tenant") or {}).get("id")
        )
        if user is None:
            return _problem(404, "MemberNotFound", "No such user.")
        if tenant is not None and tenant.lower() != user.tenant.id:
            return _problem(403, "Forbidden", "The user is in another tenant.")
        if not self.directory.reachable(user):
            return _problem(403, "BotNotInConversationRoster", "The app is not installed for them.")
        self.transcript(user.personal_chat, "personal")
        answer: dict[str, Any] = {"id": user.personal_chat, "serviceUrl": self.service_url}
        if body.get("activity"):
            posted = await self._post(
                "POST", request.path, user.personal_chat, body["activity"], None
            )
            answer["activityId"] = posted.id
        return web.json_response(answer)

    async def _new_thread(
        self, request: web.Request, channel_id: str, body: dict[str, Any]
    ) -> web.Response:
        channel = self.directory.channel_by_id(channel_id)
        if channel is None and self.directory.teams:
            return _problem(404, "ConversationNotFound", "No such channel.")
        if (refusal := self._refusal(channel_id)) is not None:
            return refusal
        self.transcript(channel_id, "channel")
        posted = await self._post(
            "POST",
            request.path,
            channel_id,
            body.get("activity") or {"type": "message"},
            request.headers.get("Authorization"),
        )
        return web.json_response(
            {
                "id": f"{channel_id};messageid={posted.id}",
                "activityId": posted.id,
                "serviceUrl": self.service_url,
            }
        )

    # --- rosters and teams ---------------------------------------------------------------
    def _roster(self, request: web.Request) -> list[User] | web.Response:
        conversation_id = unquote(request.match_info["conversation"])
        members = self.directory.members_of(conversation_id)
        if members is None:
            return _problem(404, "ConversationNotFound", "Unknown conversation.")
        return members

    async def _members(self, request: web.Request) -> web.Response:
        roster = self._roster(request)
        if isinstance(roster, web.Response):
            return roster
        return web.json_response([user.member() for user in roster])

    async def _paged_members(self, request: web.Request) -> web.Response:
        roster = self._roster(request)
        if isinstance(roster, web.Response):
            return roster
        size = max(1, min(int(request.query.get("pageSize") or 500), 500))
        start = int(request.query.get("continuationToken") or 0)
        page = roster[start : start + size]
        answer: dict[str, Any] = {"members": [user.member() for user in page]}
        if start + size < len(roster):
            answer["continuationToken"] = str(start + size)
        return web.json_response(answer)

    async def _member(self, request: web.Request) -> web.Response:
        member_id = unquote(request.match_info["member"])
        roster = self._roster(request)
        if isinstance(roster, web.Response):  # an ad hoc conversation: everyone is someone
            return web.json_response(
                {"id": member_id, "name": member_id, "aadObjectId": f"aad-{member_id}"}
            )
        lowered = member_id.lower()
        for user in roster:
            if lowered in (user.teams_id.lower(), user.aad_object_id.lower()):
                return web.json_response(user.member())
        return _problem(404, "MemberNotFoundInConversation", "The user is not a member.")

    async def _channels(self, request: web.Request) -> web.Response:
        team = self.directory.teams.get(unquote(request.match_info["team"]))
        if team is None:
            return _problem(404, "TeamNotFound", "Unknown team.")
        if not team.installed:
            return _problem(403, "BotNotInConversationRoster", "The bot is not in the team.")
        # Teams names every channel but General, which comes without a name.
        channels = [
            {"id": c.id} if c.is_general else {"id": c.id, "name": c.name}
            for c in team.channels.values()
        ]
        return web.json_response({"conversations": channels})

    async def _team(self, request: web.Request) -> web.Response:
        team = self.directory.teams.get(unquote(request.match_info["team"]))
        if team is None:
            return _problem(404, "TeamNotFound", "Unknown team.")
        if not team.installed:
            return _problem(403, "BotNotInConversationRoster", "The bot is not in the team.")
        return web.json_response(
            {
                **team.info(),
                "type": "standard",
                "tenantId": team.tenant.id,
                "channelCount": len(team.channels),
                "memberCount": len(team.members),
            }
        )
