"""The Bot Framework's token signing keys, fetched without blocking anyone.

The SDK fetches the OpenID metadata with a blocking ``requests.get`` (no timeout) on the event
loop whenever its cache is empty, and does not remember a failed fetch: one forged token during a
network hang froze every request. Here each metadata URL has a cache that fetches with aiohttp
and a timeout in a task of its own, refreshes in the background before the keys grow old, and
remembers a failure for a while. A request waits at most ``wait_seconds`` for keys; without them
its token is refused (the endpoint answers 401).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from botframework.connector.auth import (
    AuthenticationConstants,
    ChannelValidation,
    JwtTokenExtractor,
)
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

REFRESH_AFTER = 12 * 3600.0
USABLE_FOR = 5 * 24 * 3600.0
RETRY_FAILED_AFTER = 30.0
UNKNOWN_KEY_REFRESH_AFTER = 300.0


class SigningKeyUnavailable(LookupError):
    """No signing key for the token's key id could be had in time."""


@dataclass(frozen=True)
class SigningKey:
    """What the SDK's token extractor reads from its metadata cache."""

    public_key: Any
    endorsements: list[str]


class SigningKeys:
    """The keys published behind one OpenID metadata URL."""

    def __init__(
        self,
        url: str,
        *,
        fetch_timeout: float = 10.0,
        wait_seconds: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.fetch_timeout = fetch_timeout
        self.wait_seconds = wait_seconds
        self._monotonic = monotonic
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._failed_at: float | None = None
        self._refresh: asyncio.Task[None] | None = None

    async def get(self, key_id: str | None) -> SigningKey:
        """The key for ``key_id``; raises SigningKeyUnavailable if it is not known in time."""
        age = None if self._fetched_at is None else self._monotonic() - self._fetched_at
        if age is None or age > REFRESH_AFTER:
            self.refresh_in_background()
        unknown_key = key_id not in self._keys and (age is None or age > UNKNOWN_KEY_REFRESH_AFTER)
        if not self._usable() or unknown_key:
            self.refresh_in_background()
            await self._wait_for_refresh()
        key = self._keys.get(key_id or "") if self._usable() else None
        if key is None:
            raise SigningKeyUnavailable(f"no signing key {str(key_id)[:40]!r} from {self.url}")
        return key

    def refresh_in_background(self) -> None:
        loop = asyncio.get_running_loop()
        running = self._refresh
        if running is not None and not running.done() and running.get_loop() is loop:
            return
        if self._failed_at is not None and self._monotonic() - self._failed_at < RETRY_FAILED_AFTER:
            return
        self._refresh = loop.create_task(self._fetch(), name="ki-bot-signing-keys")

    def stop(self) -> None:
        if self._refresh is not None and not self._refresh.done():
            self._refresh.cancel()

    async def _wait_for_refresh(self) -> None:
        running = self._refresh
        if (
            running is None
            or running.done()
            or running.get_loop() is not asyncio.get_running_loop()
        ):
            return
        await asyncio.wait({running}, timeout=self.wait_seconds)

    def _usable(self) -> bool:
        return self._fetched_at is not None and self._monotonic() - self._fetched_at <= USABLE_FOR

    async def _fetch(self) -> None:
        try:
            timeout = aiohttp.ClientTimeout(total=self.fetch_timeout)
            async with aiohttp.ClientSession(timeout=timeout) as http:
                async with http.get(self.url) as response:
                    response.raise_for_status()
                    metadata = await response.json(content_type=None)
                async with http.get(metadata["jwks_uri"]) as response:
                    response.raise_for_status()
                    published = (await response.json(content_type=None))["keys"]
            self._keys = {
                str(key["kid"]): SigningKey(
                    RSAAlgorithm.from_jwk(json.dumps(key)), list(key.get("endorsements", []))
                )
                for key in published
                if isinstance(key, dict) and key.get("kid")
            }
            self._fetched_at, self._failed_at = self._monotonic(), None
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure: keep the old keys, retry later
            self._failed_at = self._monotonic()
            log.warning("could not fetch signing keys from %s: %s", self.url, type(error).__name__)


class SigningKeyRegistry:
    """One cache per metadata URL, installed in place of the SDK's own cache."""

    def __init__(self) -> None:
        self._by_url: dict[str, SigningKeys] = {}
        self.fetch_timeout = 10.0
        self.wait_seconds = 0.5

    def for_url(self, url: str) -> SigningKeys:
        keys = self._by_url.get(url) or self._by_url.setdefault(url, SigningKeys(url))
        keys.fetch_timeout, keys.wait_seconds = self.fetch_timeout, self.wait_seconds
        return keys

    def stop(self) -> None:
        for keys in self._by_url.values():
            keys.stop()


REGISTRY = SigningKeyRegistry()


def channel_metadata_url() -> str:
    """Where Bot Framework channel tokens' keys are published (what the SDK reads)."""
    return str(
        ChannelValidation.open_id_metadata_endpoint
        or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    )


def install_signing_keys(*, fetch_timeout: float, wait_seconds: float) -> SigningKeyRegistry:
    """Make the SDK's token validation use REGISTRY (idempotent; the SDK's cache is global too)."""
    REGISTRY.fetch_timeout, REGISTRY.wait_seconds = fetch_timeout, wait_seconds
    JwtTokenExtractor.get_open_id_metadata = staticmethod(REGISTRY.for_url)
    return REGISTRY
