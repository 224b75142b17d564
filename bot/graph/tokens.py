"""App-only tokens by client credentials, one per tenant, cached until shortly before expiry.

Each tenant that granted admin consent issues its own token at
``{authority}/{tenant}/oauth2/v2.0/token``; a tenant's token is only ever used for that tenant's
mailboxes. A tenant not in GRAPH_TENANTS is never asked. Concurrent callers for one tenant share
one fetch.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from domain.meetings.calendar_port import CalendarFailure

from .http import GraphHttp, Timeout

log = logging.getLogger(__name__)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
MIN_MARGIN_SECONDS = 60.0
MAX_MARGIN_SECONDS = 300.0
_AADSTS = re.compile(r"AADSTS\d+")
# Entra's answers when the app has no service principal (no admin consent) in the tenant, or the
# tenant does not exist: the tenant's calendars are unknown, not an error of the bot.
NO_CONSENT_CODES = frozenset({"AADSTS700016", "AADSTS7000229", "AADSTS90002", "AADSTS500011"})


class NoConsent(CalendarFailure):
    """The tenant is not in GRAPH_TENANTS, or Entra says the app is not consented there."""

    def __init__(self, reason: str) -> None:
        super().__init__("no_consent", reason)


@dataclass(frozen=True)
class _Token:
    value: str
    renew_at: float


class TokenCache:
    def __init__(
        self,
        http: GraphHttp,
        *,
        authority_url: str,
        client_id: str,
        client_secret: str,
        tenants: frozenset[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._authority = authority_url.rstrip("/")
        self._client_id = client_id
        self._secret = client_secret
        self.tenants = frozenset(t.lower() for t in tenants)
        self._clock = clock
        self._tokens: dict[str, _Token] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0  # for tests and figures

    def consented(self, tenant_id: str) -> bool:
        return tenant_id.lower() in self.tenants

    async def token(self, tenant_id: str, *, fresh: bool = False) -> str:
        """A valid token for the tenant; raises NoConsent or CalendarFailure."""
        tenant = tenant_id.lower()
        if tenant not in self.tenants:
            raise NoConsent("tenant_not_listed")
        lock = self._locks.setdefault(tenant, asyncio.Lock())
        async with lock:
            cached = self._tokens.get(tenant)
            if cached is not None and not fresh and self._clock() < cached.renew_at:
                return cached.value
            token = await self._fetch(tenant)
            self._tokens[tenant] = token
            return token.value

    def forget(self, tenant_id: str) -> None:
        self._tokens.pop(tenant_id.lower(), None)

    async def _fetch(self, tenant: str) -> _Token:
        url = f"{self._authority}/{quote(tenant, safe='')}/oauth2/v2.0/token"
        form = {
            "client_id": self._client_id,
            "client_secret": self._secret,
            "scope": GRAPH_SCOPE,
            "grant_type": "client_credentials",
        }
        policy = self._http.policy
        for attempt in range(1, policy.attempts + 1):
            self.fetches += 1
            try:
                response = await self._http.once("POST", url, data=form)
            except Timeout:
                failure = CalendarFailure("transient", "token_timeout")
            except CalendarFailure as error:
                failure = error
            else:
                if response.status == 200:
                    return self._read(response.body)
                if response.status in (400, 401):
                    raise self._refused(tenant, response.body, response.error_code)
                failure = CalendarFailure("transient", f"token_{response.error_code}")
            if attempt < policy.attempts:
                await self._http.sleep(policy.backoff(attempt))
        raise failure

    def _read(self, body: object) -> _Token:
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise CalendarFailure("transient", "token_unreadable")
        try:
            lifetime = float(body.get("expires_in", 0))
        except (TypeError, ValueError):
            lifetime = 0.0
        margin = min(MAX_MARGIN_SECONDS, max(MIN_MARGIN_SECONDS, lifetime / 10))
        return _Token(str(body["access_token"]), self._clock() + max(lifetime - margin, 0.0))

    def _refused(self, tenant: str, body: object, code: str) -> CalendarFailure:
        description = body.get("error_description", "") if isinstance(body, dict) else ""
        found = _AADSTS.search(description if isinstance(description, str) else "")
        aadsts = found.group(0) if found else ""
        log.warning("graph token refused for tenant %s: %s %s", tenant, code, aadsts)
        if aadsts in NO_CONSENT_CODES:
            return NoConsent(aadsts)
        return CalendarFailure("rejected", aadsts or code, status=400)
