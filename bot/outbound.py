"""Calls from the bot to a Bot Connector: one aiohttp session, short timeouts, few retries.

The SDK's connector clients send with ``requests`` in the default thread pool (100 s timeout,
3 retries), the pool the database work used too: one ``serviceUrl`` that accepted connections
and never answered stalled every other user and /readyz. ``OutboundAuthentication`` gives every
ConnectorClient the adapter creates (replies, typing, proactive messages, anything sent through
the adapter later) this pipeline instead, so each send inherits the same limits:

- no thread per request: aiohttp on the event loop, a bounded connection pool per host;
- a whole-request timeout (``connector_timeout_seconds``) and a shorter connect timeout;
- retries only where Microsoft asks for them (429, 412, 502, 503, 504, refused connections),
  with exponential backoff and jitter; never after a timeout, which would only multiply a hang;
- the bot's own access token is fetched (blocking MSAL) in a small executor of its own;
- clients are kept per (app, serviceUrl, audience): the SDK built a new one for every turn, which
  cost ~14 ms of event-loop CPU (msrest's retry table) and a fresh MSAL token cache, so a new
  access token had to be fetched from Entra on every turn.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import aiohttp
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.exceptions import ClientRequestError
from msrest.pipeline import Request, Response
from msrest.pipeline.async_abc import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http.aiohttp import AioHttpClientResponse

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
KEEP_CLIENTS = 512

_Client = TypeVar("_Client")
MAX_RETRY_AFTER_SECONDS = 5.0


@dataclass(frozen=True)
class OutboundLimits:
    timeout_seconds: float = 10.0
    connect_timeout_seconds: float = 3.0
    retries: int = 2
    connections_per_host: int = 20
    token_threads: int = 2


class OutboundHttp:
    """The one HTTP session (and token executor) all connector clients of one app share."""

    def __init__(self, limits: OutboundLimits) -> None:
        self.limits = limits
        self._session: aiohttp.ClientSession | None = None
        self._tokens = ThreadPoolExecutor(limits.token_threads, thread_name_prefix="ki-token")
        self._clients: OrderedDict[tuple[str, ...], Any] = OrderedDict()

    async def kept(self, key: tuple[str, ...], create: Callable[[], Awaitable[_Client]]) -> _Client:
        """The client made for ``key`` before, or a new one (least recently used ones go)."""
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = await create()
            while len(self._clients) > KEEP_CLIENTS:
                self._clients.popitem(last=False)
        self._clients.move_to_end(key)
        return cast(_Client, client)

    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(
                    total=self.limits.timeout_seconds,
                    sock_connect=self.limits.connect_timeout_seconds,
                ),
                connector=aiohttp.TCPConnector(limit_per_host=self.limits.connections_per_host),
            )
        return self._session

    def pipeline(self, client: ConnectorClient) -> AsyncPipeline[Any, Any]:
        config = client.config
        policies: list[Any] = [
            config.user_agent_policy,
            _BotToken(config.credentials, self),
            RawDeserializer(),
            config.http_logger_policy,
        ]
        return AsyncPipeline(policies, _Sender(self))

    async def access_token(self, credentials: Any) -> str:
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(self.limits.timeout_seconds):
            token: str = await loop.run_in_executor(self._tokens, credentials.get_access_token)
        return token

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._tokens.shutdown(wait=False, cancel_futures=True)


class _BotToken(AsyncHTTPPolicy[Any, Any]):
    """Adds the bot's access token (none in local mode, as the SDK does)."""

    def __init__(self, credentials: Any, http: OutboundHttp) -> None:
        super().__init__()
        self._credentials = credentials
        self._http = http

    async def send(self, request: Request[Any], **kwargs: Any) -> Response[Any, Any]:
        app_id = getattr(self._credentials, "microsoft_app_id", None)
        headers = request.http_request.headers
        if app_id and app_id != AuthenticationConstants.ANONYMOUS_SKILL_APP_ID:
            headers["Authorization"] = f"Bearer {await self._http.access_token(self._credentials)}"
        else:
            headers.pop("Authorization", None)
        if self.next is None:
            raise RuntimeError("the token policy is not part of a pipeline")
        response: Response[Any, Any] = await self.next.send(request, **kwargs)
        return response


class _Sender(AsyncHTTPSender[Any, Any]):
    def __init__(self, http: OutboundHttp) -> None:
        self._http = http

    async def __aenter__(self) -> _Sender:
        return self

    async def __aexit__(self, *_exc_details: object) -> None:
        return None  # the session is shared by every client and closed with the app

    async def send(self, request: Request[Any], **_config: Any) -> Response[Any, Any]:
        http_request = request.http_request
        if http_request.files:
            raise ClientRequestError("file uploads are not sent to the Bot Connector")
        headers = {k: v for k, v in http_request.headers.items() if k.lower() != "content-length"}
        data = http_request.data
        body = data.encode("utf-8") if isinstance(data, str) else data
        retries = self._http.limits.retries
        for attempt in range(retries + 1):
            try:
                async with self._http.session().request(
                    http_request.method, http_request.url, headers=headers, data=body
                ) as raw:
                    response = AioHttpClientResponse(http_request, raw)
                    await response.load_body()
            except TimeoutError as error:
                raise ClientRequestError(f"no answer from the Bot Connector: {error!r}") from error
            except aiohttp.ClientError as error:
                if attempt == retries or not isinstance(error, aiohttp.ClientConnectionError):
                    raise ClientRequestError(f"Bot Connector request failed: {error!r}") from error
                await asyncio.sleep(_backoff(attempt, None))
                continue
            if response.status_code in RETRY_STATUSES and attempt < retries:
                await asyncio.sleep(_backoff(attempt, raw.headers.get("Retry-After")))
                continue
            return Response(request, response)
        raise RuntimeError("unreachable")  # pragma: no cover - the loop always returns or raises


def _backoff(attempt: int, retry_after: str | None) -> float:
    if retry_after is not None and retry_after.strip().isdigit():
        return min(float(retry_after), MAX_RETRY_AFTER_SECONDS)
    return float(0.25 * 2**attempt * random.uniform(0.5, 1.5))  # noqa: S311 - jitter only


class _Factory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, http: OutboundHttp) -> None:
        self._inner = inner
        self._http = http

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        app_id = str(getattr(self._inner, "_app_id", "") or "")
        key = ("connector", app_id, service_url, str(audience or ""))
        return await self._http.kept(key, lambda: self._new(service_url, audience))

    async def _new(self, service_url: str, audience: str | None) -> ConnectorClient:
        client: ConnectorClient = await self._inner.create(service_url, audience)
        client.config.pipeline = self._http.pipeline(client)
        return client


class OutboundAuthentication(BotFrameworkAuthentication):
    """The SDK's authentication, with every connector client it makes sending through ``http``."""

    def __init__(self, inner: BotFrameworkAuthentication, http: OutboundHttp) -> None:
        self._inner = inner
        self.http = http

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result: AuthenticateRequestResult = await self._inner.authenticate_request(
            activity, auth_header
        )
        if result.connector_factory is not None:
            result.connector_factory = _Factory(result.connector_factory, self.http)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _Factory(self._inner.create_connector_factory(claims_identity), self.http)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        claims = claims_identity.claims or {}
        key = ("user-token", str(claims.get("aud", "")), str(claims.get("appid", "")))
        return await self.http.kept(
            key, lambda: self._inner.create_user_token_client(claims_identity)
        )

    def create_bot_framework_client(self) -> Any:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return str(self._inner.get_originating_audience())

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)
