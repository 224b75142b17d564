"""HTTP endpoints: /api/messages as Teams calls it, and health checks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from aiohttp import web
from botbuilder.core import Bot, InvokeResponse
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes
from botframework.connector.auth import AuthenticateRequestResult

from domain.loggable import loggable
from storage.db import Database
from storage.turns import Replay, running

from .activity_checks import Refused, check_activity, has_lone_surrogate
from .config import Settings
from .json_depth import nests_deeper_than
from .middleware import seen_turn, tenant_of
from .search_invoke import is_search
from .serial import ConversationBusy, TurnSerializer, conversation_key_of
from .service_urls import ServiceUrlPolicy

log = logging.getLogger(__name__)

_KNOWN_TYPES = {value.value for value in ActivityTypes}


def _problem(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json"


def _parse_json(raw: bytes) -> Any:
    """The parsed body, or None for one that is not a JSON object nested at most MAX_JSON_DEPTH."""
    if nests_deeper_than(raw):
        return None
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also a 5,000-digit int
        return None
    if not isinstance(body, dict) or has_lone_surrogate(raw, body):
        return None
    return body


async def _read_activity(
    request: web.Request, settings: Settings, service_urls: ServiceUrlPolicy
) -> Activity | web.Response:
    max_bytes = settings.max_body_bytes
    if request.content_length is not None and request.content_length > max_bytes:
        return _problem(413, "request body too large")
    if not _is_json(request.headers.get("Content-Type", "")):
        return _problem(415, "expected application/json")
    try:
        raw = await request.read()  # bounded by the app's client_max_size
    except web.HTTPRequestEntityTooLarge:
        return _problem(413, "request body too large")
    if len(raw) > max_bytes:
        return _problem(413, "request body too large")
    body = _parse_json(raw)
    if body is None:
        return _problem(400, "body is not valid JSON")
    if body.get("type") not in _KNOWN_TYPES:
        return _problem(400, "body is not a Bot Framework activity")
    try:
        activity = Activity().deserialize(body)
    except Exception:  # noqa: BLE001 - msrest raises various errors on wrongly typed fields
        return _problem(400, "body is not a Bot Framework activity")
    try:
        check_activity(activity, service_urls)
    except Refused as refused:
        return _problem(refused.status, refused.message)
    return activity


def _replayed(activity: Activity, replay: Replay) -> InvokeResponse | None:
    """The answer a re-delivered activity gets: what its first delivery got."""
    if activity.type != ActivityTypes.invoke:
        return None
    if replay.answer is None:
        return InvokeResponse(status=501)  # the SDK's answer to an invoke nobody answered
    return InvokeResponse(status=replay.answer.status, body=replay.answer.body)


class MessagesEndpoint:
    """POST /api/messages: authenticate, check the tenant, then claim the turn (its conversation
    is held, so turns of one conversation run one after another, across instances too) and run
    it; a re-delivered activity is answered as it was the first time.

    Message turns slower than ``ack_after_seconds`` are acknowledged with 202 and finish in the
    background (replies go to the connector anyway), so Teams does not re-send."""

    def __init__(
        self,
        settings: Settings,
        adapter: CloudAdapter,
        bot: Bot,
        serializer: TurnSerializer,
        *,
        hold_clock: Callable[[], AbstractAsyncContextManager[None]] | None = None,
    ) -> None:
        self._settings = settings
        self._adapter = adapter
        self._bot = bot
        self._serializer = serializer
        # A test clock does not move while a turn runs (bot/clock_gate.py).
        self._hold_clock = hold_clock or contextlib.nullcontext
        self._unfinished: set[asyncio.Task[Any]] = set()
        self._service_urls = ServiceUrlPolicy(
            authenticated=settings.auth_enabled, allowed=settings.allowed_service_urls
        )

    async def handle(self, request: web.Request) -> web.StreamResponse:
        activity = await _read_activity(request, self._settings, self._service_urls)
        if isinstance(activity, web.Response):
            return activity
        auth_header = request.headers.get("Authorization", "")
        if self._settings.auth_enabled and not auth_header:
            return _problem(401, "missing Bot Framework token")
        identity = await self._authenticate(activity, auth_header)
        if identity is None:
            return _problem(401, "invalid Bot Framework token")
        tenants = self._settings.allowed_tenants
        if tenants and (tenant_of(activity) or "").lower() not in tenants:
            log.warning("refused activity from tenant %s", loggable(tenant_of(activity)))
            return _problem(403, "tenant not allowed")
        turn = asyncio.ensure_future(self._run_turn(identity, activity))
        if activity.type != ActivityTypes.invoke:
            done, _ = await asyncio.wait({turn}, timeout=self._settings.ack_after_seconds)
            if not done:
                self._unfinished.add(turn)
                turn.add_done_callback(_log_late_failure)
                turn.add_done_callback(self._unfinished.discard)
                return web.Response(status=202)
        try:
            invoke_response = await turn
        except ConversationBusy:
            return _problem(503, "conversation busy, try again")
        if invoke_response is not None:
            body = invoke_response.body
            body = body.serialize() if hasattr(body, "serialize") else body
            return web.json_response(body, status=invoke_response.status)
        return web.Response(status=201)

    async def _authenticate(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult | None:
        """The caller's identity, or None when the token cannot be validated (quickly)."""
        authentication = self._adapter.bot_framework_authentication
        try:
            async with asyncio.timeout(self._settings.auth_timeout_seconds):
                result: AuthenticateRequestResult = await authentication.authenticate_request(
                    activity, auth_header
                )
        except TimeoutError:
            log.warning("refused a token that could not be validated in time")
            return None
        except Exception as error:  # noqa: BLE001 - the SDK and PyJWT raise many types, even bare Exception
            log.info("refused a token: %s", type(error).__name__)
            return None
        return result

    async def _run_turn(
        self, identity: AuthenticateRequestResult, activity: Activity
    ) -> InvokeResponse | None:
        if is_search(activity):  # changes nothing: no lease, not recorded (bot/search_invoke.py)
            async with self._hold_clock():
                searched: InvokeResponse | None = await self._adapter.process_activity(
                    identity, activity, self._bot.on_turn
                )
            return searched
        key = conversation_key_of(activity)
        async with (
            self._hold_clock(),
            self._serializer.claim(key, seen_turn(activity)) as claimed,
        ):
            if isinstance(claimed, Replay):
                log.info("answered re-delivered activity %s as before", loggable(activity.id))
                return _replayed(activity, claimed)
            with running(claimed):
                response: InvokeResponse | None = await self._adapter.process_activity(
                    identity, activity, self._bot.on_turn
                )
            return response

    async def drain(self) -> None:
        """Let turns that were acknowledged early finish before shutdown."""
        if self._unfinished:
            await asyncio.wait(set(self._unfinished), timeout=30)


def _log_late_failure(turn: asyncio.Task[Any]) -> None:
    error = None if turn.cancelled() else turn.exception()
    if isinstance(error, ConversationBusy):
        log.warning("dropped a turn: its conversation stayed busy")
    elif error is not None:
        log.error("a turn acknowledged early failed outside the bot", exc_info=error)


def health_routes(database: Database) -> list[web.RouteDef]:
    async def alive(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def ready(_request: web.Request) -> web.Response:
        if await database.is_reachable():
            return web.json_response({"status": "ready"})
        return web.json_response({"status": "database unreachable"}, status=503)

    return [web.get("/healthz", alive), web.get("/readyz", ready)]
