"""A small async client for the Bot Connector REST calls the messenger makes.

The SDK's connector client retries on its own and hides the status, the ``Retry-After`` header
and the error ``subCode``; the outbox needs all three to decide between "wait", "retry later" and
"this person cannot be reached". Every call has a short timeout and runs on the event loop.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, Protocol
from urllib.parse import quote

import aiohttp

from domain.call_failure import CallFailure

log = logging.getLogger(__name__)

FailureKind = Literal["rate_limited", "transient", "unreachable", "gone", "rejected"]
TRANSIENT_STATUSES: Final = frozenset({408, 412, 500, 502, 503, 504})
TokenProvider = Callable[[], Awaitable[str | None]]


class DeliveryFailure(CallFailure[FailureKind]):
    """A call to the connector failed; ``kind`` says what the caller should do about it."""


@dataclass(frozen=True)
class CreatedConversation:
    conversation_id: str
    activity_id: str | None


class Connector(Protocol):
    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        """Post ``activity`` to the conversation; returns the new activity id."""
        ...

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None: ...

    async def create_conversation(
        self, service_url: str, parameters: dict[str, Any]
    ) -> CreatedConversation: ...

    async def members(self, service_url: str, conversation_id: str) -> list[dict[str, Any]]: ...

    async def channels(self, service_url: str, team_id: str) -> list[dict[str, Any]]: ...


def retry_after_seconds(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (a number or an HTTP date); None if absent."""
    if not header:
        return None
    try:
        return max(float(header), 0.0)
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _error_code(body: Any) -> str:
    """The most specific code in a connector error body (``subCode`` first), for the record."""
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            for key in ("subCode", "innerHttpError", "code"):
                value = error.get(key)
                if isinstance(value, str) and value:
                    return value[:60]
                if isinstance(value, dict) and isinstance(value.get("subCode"), str):
                    return str(value["subCode"])[:60]
    return ""


def failure_for(status: int, body: Any, retry_after: str | None) -> DeliveryFailure:
    code = _error_code(body) or f"http_{status}"
    if status == 429:
        return DeliveryFailure(
            "rate_limited", code, status=status, retry_after=retry_after_seconds(retry_after)
        )
    if status in TRANSIENT_STATUSES:
        return DeliveryFailure("transient", code, status=status)
    if status in (403, 404):
        return DeliveryFailure("unreachable", code, status=status)
    return DeliveryFailure("rejected", code, status=status)


class HttpConnector:
    """Bot Connector v3 over aiohttp, with one session, short timeouts and a bearer token."""

    def __init__(
        self,
        token: TokenProvider,
        *,
        timeout_seconds: float = 10.0,
        connect_timeout_seconds: float = 5.0,
        max_connections: int = 50,
    ) -> None:
        self._token = token
        self._timeout = aiohttp.ClientTimeout(
            total=timeout_seconds, sock_connect=connect_timeout_seconds
        )
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        body = await self._call(
            "POST",
            service_url,
            f"v3/conversations/{quote(conversation_id, safe='')}/activities",
            activity,
        )
        return str((body or {}).get("id") or "")

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None:
        path = (
            f"v3/conversations/{quote(conversation_id, safe='')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        await self._call("PUT", service_url, path, {**activity, "id": activity_id})

    async def create_conversation(
        self, service_url: str, parameters: dict[str, Any]
    ) -> CreatedConversation:
        body = await self._call("POST", service_url, "v3/conversations", parameters) or {}
        conversation_id = body.get("id")
        if not isinstance(conversation_id, str) or not conversation_id:
            raise DeliveryFailure("transient", "no_conversation_id")
        activity_id = body.get("activityId")
        return CreatedConversation(
            conversation_id, activity_id if isinstance(activity_id, str) else None
        )

    async def members(self, service_url: str, conversation_id: str) -> list[dict[str, Any]]:
        members: list[dict[str, Any]] = []
        token: str | None = None
        base = f"v3/conversations/{quote(conversation_id, safe='')}/pagedmembers?pageSize=500"
        for _ in range(100):  # at most 50,000 members
            path = base + (f"&continuationToken={quote(token, safe='')}" if token else "")
            body = await self._call("GET", service_url, path, None) or {}
            members += [m for m in body.get("members") or [] if isinstance(m, dict)]
            token = body.get("continuationToken")
            if not token:
                break
        return members

    async def channels(self, service_url: str, team_id: str) -> list[dict[str, Any]]:
        body = await self._call(
            "GET", service_url, f"v3/teams/{quote(team_id, safe='')}/conversations", None
        )
        conversations = (body or {}).get("conversations") or []
        return [c for c in conversations if isinstance(c, dict)]

    async def _call(
        self, method: str, service_url: str, path: str, payload: dict[str, Any] | None
    ) -> Any:
        url = service_url.rstrip("/") + "/" + path
        headers = {"Accept": "application/json"}
        token = await self._token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            async with self._http().request(method, url, json=payload, headers=headers) as response:
                body = await _json_or_none(response)
                if response.status >= 400:
                    raise failure_for(response.status, body, response.headers.get("Retry-After"))
                return body
        except (TimeoutError, aiohttp.ClientError) as error:
            raise DeliveryFailure("transient", type(error).__name__) from error

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(limit=self._max_connections),
            )
        return self._session


async def _json_or_none(response: aiohttp.ClientResponse) -> Any:
    try:
        return await response.json(content_type=None)
    except (ValueError, aiohttp.ContentTypeError):
        return None


def no_token() -> TokenProvider:
    """Local mode (no app id): the emulator and test connectors take no token."""

    async def provide() -> str | None:
        return None

    return provide


def bot_framework_token(
    app_id: str, password: str, tenant_id: str | None, *, timeout_seconds: float = 10.0
) -> TokenProvider:
    """A token for the Bot Connector from the bot's own (home) tenant, via the SDK's MSAL
    credentials, which cache it; the blocking fetch runs off the event loop with a timeout."""
    from botframework.connector.auth import MicrosoftAppCredentials

    credentials = MicrosoftAppCredentials(app_id, password, channel_auth_tenant=tenant_id or None)

    async def provide() -> str | None:
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(credentials.get_access_token), timeout_seconds
            )
        except TimeoutError as error:
            raise DeliveryFailure("transient", "token_timeout") from error

    return provide
