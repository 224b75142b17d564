"""One Graph request with a timeout, and the retry loop around it: 429 waits for Retry-After,
5xx and timeouts back off, a bounded number of attempts in all. Waiting goes through an injected
``sleep`` so tests run without real pauses."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import aiohttp

from bot.connector import retry_after_seconds
from domain.meetings.calendar_port import CalendarFailure

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
TokenSource = Callable[[bool], Awaitable[str]]  # fresh=True: do not use a cached token
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` calls at most; between them ``Retry-After`` (429) or exponential backoff.
    A Retry-After longer than ``max_wait`` is not waited for here: the failure carries it, so the
    outbox can try again later."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_wait: float = 30.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class GraphResponse:
    status: int
    body: Any
    headers: Mapping[str, str]

    @property
    def error_code(self) -> str:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        if isinstance(error, dict) and isinstance(error.get("code"), str):
            return str(error["code"])[:80]
        if isinstance(error, str):  # the token endpoint: {"error": "invalid_client", ...}
            return error[:80]
        return f"http_{self.status}"


class Timeout(Exception):
    """No answer in time: the request may or may not have been carried out."""


class GraphHttp:
    """Requests to Graph and to the token endpoint over one aiohttp session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        timeout_seconds: float = 10.0,
        policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self.policy = policy or RetryPolicy()
        self.sleep = sleep

    async def once(
        self,
        method: str,
        url: str,
        *,
        token: str | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> GraphResponse:
        """One request; a timeout raises ``Timeout``, a broken connection CalendarFailure."""
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        try:
            async with self._session.request(
                method,
                url,
                json=json,
                data=data,
                params=params,
                headers=sent,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                body: Any = None
                if response.content_type == "application/json":
                    try:
                        body = await response.json()
                    except (ValueError, aiohttp.ContentTypeError):
                        body = None
                else:
                    await response.read()
                return GraphResponse(response.status, body, dict(response.headers))
        except TimeoutError:
            raise Timeout(f"{method} timed out") from None
        except aiohttp.ClientError as error:
            raise CalendarFailure("transient", type(error).__name__) from None

    async def call(
        self,
        method: str,
        url: str,
        *,
        token: TokenSource,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        before_retry: Callable[[], Awaitable[GraphResponse | None]] | None = None,
    ) -> GraphResponse:
        """Call with retries; returns the first answer that is not 429, 5xx or a timeout (the
        caller judges 2xx/4xx). ``before_retry`` runs before each new attempt and may answer
        instead (e.g. finding the event a lost answer had created). Raises CalendarFailure
        when the attempts run out."""
        fresh_token = refreshed = False
        failure = CalendarFailure("transient", "no_attempt")
        for attempt in range(1, self.policy.attempts + 1):
            if attempt > 1 and before_retry is not None:
                found = await before_retry()
                if found is not None:
                    return found
            bearer = await token(fresh_token)  # NoConsent and token failures end the call
            fresh_token = False
            try:
                response = await self.once(
                    method, url, token=bearer, json=json, params=params, headers=headers
                )
            except Timeout:
                failure = CalendarFailure("transient", "timeout")
                wait = self.policy.backoff(attempt)
            except CalendarFailure as error:
                failure = error
                wait = self.policy.backoff(attempt)
            else:
                if response.status == 401 and not refreshed:
                    fresh_token = refreshed = True  # revoked or expired: fetch one, try again
                    failure = CalendarFailure("transient", response.error_code, status=401)
                    wait = 0.0
                elif response.status not in RETRY_STATUSES:
                    return response
                else:
                    failure, wait = self._judge(response, attempt)
                    if wait > self.policy.max_wait:
                        raise failure
            log.info(
                "graph %s attempt %d failed (%s); %s",
                method,
                attempt,
                failure.reason,
                "giving up" if attempt == self.policy.attempts else f"retrying in {wait:.1f}s",
            )
            if attempt < self.policy.attempts and wait > 0:
                await self.sleep(wait)
        raise failure

    def _judge(self, response: GraphResponse, attempt: int) -> tuple[CalendarFailure, float]:
        after = retry_after_seconds(response.headers.get("Retry-After"))
        if after is not None and not math.isfinite(after):
            after = None
        if response.status == 429:
            failure = CalendarFailure(
                "rate_limited", response.error_code, status=429, retry_after=after
            )
            return failure, after if after is not None else self.policy.backoff(attempt)
        failure = CalendarFailure(  # a 503 may carry Retry-After too
            "transient", response.error_code, status=response.status, retry_after=after
        )
        return failure, after if after is not None else self.policy.backoff(attempt)
