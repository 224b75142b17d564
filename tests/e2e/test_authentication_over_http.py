"""Tokens: anything that cannot be validated quickly gets 401, never a hang or a 500, and the
tenant allow-list is applied only to callers who authenticated."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth import ChannelValidation, MicrosoftAppCredentials
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests import activities
from tests.conftest import BotUnderTest
from tests.hanging_server import HangingServer

APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
OTHER_TENANT = "11111111-2222-4333-8444-555555555555"


def _forged_token() -> str:
    """Looks like a Bot Framework channel token; signed with a key nobody published."""
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": "x"}
    return jwt.encode(
        claims,
        "not-the-key-of-anyone-who-signs-bot-tokens",
        algorithm="HS256",
        headers={"kid": "forged"},
    )


@pytest.fixture
async def hanging_key_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[HangingServer]:
    with HangingServer(hold_seconds=3) as server:
        monkeypatch.setattr(
            ChannelValidation, "open_id_metadata_endpoint", f"{server.url}openid", raising=False
        )
        yield server


@pytest.fixture
async def secured(bot: BotUnderTest) -> BotUnderTest:
    await bot.restart(app_id=APP_ID, app_password="secret", app_tenant_id=activities.TENANT_ID)
    return bot


@pytest.mark.parametrize("header", ["Bearer garbage", "Bearer a.b.c", "Bearer ", "Bearer x y"])
async def test_a_malformed_token_gets_401_not_500(secured: BotUnderTest, header: str):
    status, _ = await secured.send(
        activities.message("hjælp", service_url=secured.service_url),
        headers={"Authorization": header},
    )

    assert status == 401


async def test_a_forged_token_gets_401_within_a_second_while_the_key_fetch_hangs(
    hanging_key_server: HangingServer, secured: BotUnderTest
):
    headers = {"Authorization": f"Bearer {_forged_token()}"}
    started = time.perf_counter()
    forged = asyncio.ensure_future(
        secured.send(activities.message("hjælp", service_url=secured.service_url), headers=headers)
    )
    await asyncio.sleep(0.05)  # let the forged request start its key fetch first

    health = await asyncio.wait_for(secured.get("/healthz"), timeout=0.5)
    status, _ = await asyncio.wait_for(forged, timeout=5)
    elapsed = time.perf_counter() - started
    again, _ = await secured.send(  # the failed fetch is remembered: no second long wait
        activities.message("hjælp", service_url=secured.service_url), headers=headers
    )

    assert health == (200, {"status": "ok"})
    assert (status, again) == (401, 401)
    assert elapsed < 1.0
    assert secured.connector.messages() == []


async def test_the_tenant_filter_does_not_tell_an_unauthenticated_caller_anything(
    bot: BotUnderTest,
):
    await bot.restart(
        app_id=APP_ID,
        app_password="secret",
        app_tenant_id=activities.TENANT_ID,
        allowed_tenants=frozenset({OTHER_TENANT}),
    )
    message = activities.message("hjælp", service_url=bot.service_url)

    refused_tenant, _ = await bot.send(message, headers={"Authorization": "Bearer garbage"})
    allowed_tenant, _ = await bot.send(
        activities.message("hjælp", service_url=bot.service_url, tenant=OTHER_TENANT),
        headers={"Authorization": "Bearer garbage"},
    )

    assert refused_tenant == allowed_tenant == 401


class KeyServer:
    """Publishes OpenID metadata and one signing key on loopback, and counts the fetches."""

    def __init__(self) -> None:
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.fetches = 0
        self.server: TestServer | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/openid", self._metadata)
        app.router.add_get("/keys", self._keys)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        return str(self.server.make_url("/openid"))

    async def _metadata(self, _request: web.Request) -> web.Response:
        self.fetches += 1
        assert self.server is not None
        return web.json_response({"jwks_uri": str(self.server.make_url("/keys"))})

    async def _keys(self, _request: web.Request) -> web.Response:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return web.json_response({"keys": [{**jwk, "kid": "published", "use": "sig"}]})

    def token(self, service_url: str) -> str:
        claims = {
            "iss": "https://api.botframework.com",
            "aud": APP_ID,
            "serviceurl": service_url,
            "exp": int(time.time()) + 600,
            "nbf": int(time.time()) - 60,
        }
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": "published"})


@pytest.fixture
async def key_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[KeyServer]:
    keys = KeyServer()
    url = await keys.start()
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", url, raising=False)
    yield keys
    assert keys.server is not None
    await keys.server.close()


async def test_a_genuine_channel_token_is_accepted_and_the_keys_are_fetched_once(
    key_server: KeyServer, secured: BotUnderTest, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(  # no Entra here: the bot's own token for its replies is a given
        MicrosoftAppCredentials, "get_access_token", lambda _self, **_: "bot-token"
    )
    headers = {"Authorization": f"Bearer {key_server.token(secured.service_url)}"}

    statuses = [
        (
            await secured.send(
                activities.message("hjælp", service_url=secured.service_url), headers=headers
            )
        )[0]
        for _ in range(3)
    ]

    assert statuses == [201, 201, 201]
    replies = await secured.connector.wait_for(3)
    assert key_server.fetches == 1
    assert {reply.authorization for reply in replies} == {"Bearer bot-token"}
