"""Each fault the connector can inject, and Teams' rate limits as it enforces them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import ClientSession

from tests.harness import FakeConnector, ManualTime, RateLimiter, User


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@pytest.fixture
def anne(connector: FakeConnector) -> User:
    user = connector.directory.users["anne"]
    user.app_installed = True
    return user


async def _send(
    http: ClientSession, connector: FakeConnector, conversation: str, text: str = "hej"
) -> tuple[int, dict[str, str], dict[str, object]]:
    url = f"{connector.service_url}v3/conversations/{conversation}/activities"
    async with http.post(url, json={"type": "message", "text": text}) as response:
        return response.status, dict(response.headers), await response.json()


async def test_429_answers_the_next_calls_with_retry_after_then_the_connector_recovers(
    connector: FakeConnector, http: ClientSession, anne: User
):
    connector.faults.too_many_requests(times=2, retry_after=3)

    first = await _send(http, connector, anne.personal_chat, "1")
    second = await _send(http, connector, anne.personal_chat, "2")
    third = await _send(http, connector, anne.personal_chat, "3")

    assert [first[0], second[0], third[0]] == [429, 429, 200]
    assert first[1]["Retry-After"] == "3"
    assert [m.text for m in connector.transcript(anne.personal_chat).messages] == ["3"]
    assert [c.status for c in connector.calls] == [429, 429, 200]


@pytest.mark.parametrize(
    ("inject", "status", "code"),
    [
        ("server_error", 500, "ServiceError"),
        ("bad_gateway", 502, "ServiceError"),
        ("not_found", 404, "ConversationNotFound"),
        ("forbidden", 403, "ConversationBlockedByUser"),
    ],
)
async def test_each_error_fault_answers_with_its_status_and_a_teams_error_body(
    connector: FakeConnector, http: ClientSession, anne: User, inject: str, status: int, code: str
):
    getattr(connector.faults, inject)(times=1)

    got, _, body = await _send(http, connector, anne.personal_chat)
    after, _, _ = await _send(http, connector, anne.personal_chat)

    assert (got, after) == (status, 200)
    error = body["error"]
    assert isinstance(error, dict) and error["code"] == code and error["message"]


async def test_the_forbidden_fault_carries_the_message_writes_blocked_sub_code(
    connector: FakeConnector, http: ClientSession, anne: User
):
    connector.faults.forbidden()

    _, _, body = await _send(http, connector, anne.personal_chat)

    assert body["error"] == {
        "code": "ConversationBlockedByUser",
        "message": "User blocked the conversation with the bot.",
        "subCode": "MessageWritesBlocked",
    }


async def test_a_fault_can_be_limited_to_one_conversation_or_path(
    connector: FakeConnector, http: ClientSession, anne: User
):
    bo = connector.directory.users["bo"]
    bo.app_installed = True
    connector.faults.server_error(times=5, conversation=anne.personal_chat)
    connector.faults.not_found(times=1, path="/members")

    to_anne, _, _ = await _send(http, connector, anne.personal_chat)
    to_bo, _, _ = await _send(http, connector, bo.personal_chat)
    async with http.get(
        f"{connector.service_url}v3/conversations/{bo.personal_chat}/members"
    ) as members:
        pass

    assert (to_anne, to_bo, members.status) == (500, 200, 404)


async def test_a_hung_call_never_answers_so_the_callers_timeout_fires(
    connector: FakeConnector, anne: User
):
    connector.faults.hang_up(times=1)
    timeout = aiohttp.ClientTimeout(total=0.3)

    async with ClientSession(timeout=timeout) as http:
        with pytest.raises(asyncio.TimeoutError):
            await _send(http, connector, anne.personal_chat)
        status, _, _ = await _send(http, connector, anne.personal_chat)

    assert status == 200
    assert [c.status for c in connector.calls] == [0, 200]  # 0: hung up


def test_a_conversation_gets_7_sends_a_second_then_429_with_the_wait_until_a_slot_frees():
    time = ManualTime()
    limiter = RateLimiter(time)

    admitted = [limiter.admit("a:chat", "tenant") for _ in range(7)]
    eighth = limiter.admit("a:chat", "tenant")
    time.advance(1.0)
    after_a_second = limiter.admit("a:chat", "tenant")
    ninth = limiter.admit("a:chat", "tenant")

    assert admitted == [None] * 7 and eighth == pytest.approx(1.0)
    assert after_a_second is None  # 8 in 2 s is still allowed
    assert ninth == pytest.approx(1.0)  # the 8-per-2-s window is full until the first send ages
    assert limiter.violations == {"conversation": 2}


def test_60_per_30_seconds_and_1800_an_hour_hold_for_a_steady_sender():
    time = ManualTime()
    limiter = RateLimiter(time, per_tenant=())
    answers = []
    for _ in range(61):
        answers.append(limiter.admit("a:chat", None))
        time.advance(0.26)  # under 4 a second: only the 30 s window can bite

    assert answers[:60] == [None] * 60 and answers[60] is not None
    hourly = RateLimiter(ManualTime(), per_conversation=((3600.0, 1800),))
    in_an_hour = [hourly.admit("c", None) for _ in range(1801)]
    assert in_an_hour[1799] is None and in_an_hour[1800] == pytest.approx(3600.0)


def test_a_tenant_gets_50_requests_a_second_across_its_conversations():
    limiter = RateLimiter(ManualTime())

    answers = [limiter.admit(f"a:chat-{n}", "tenant-1") for n in range(51)]
    other_tenant = limiter.admit("a:chat-x", "tenant-2")

    assert answers[:50] == [None] * 50 and answers[50] is not None
    assert other_tenant is None and limiter.violations == {"tenant": 1}


def test_without_enforcing_violations_are_counted_and_let_through():
    limiter = RateLimiter(ManualTime(), enforce=False)

    answers = [limiter.admit("a:chat", None) for _ in range(10)]

    assert answers == [None] * 10 and limiter.violations == {"conversation": 3}


async def test_the_connector_enforces_the_limits_with_429_and_retry_after(
    connector: FakeConnector, http: ClientSession, anne: User
):
    time = ManualTime()
    connector.rate_limiter = RateLimiter(time)

    statuses = [(await _send(http, connector, anne.personal_chat))[0] for _ in range(8)]
    status, headers, _ = await _send(http, connector, anne.personal_chat)
    time.advance(1.0)
    later, _, _ = await _send(http, connector, anne.personal_chat)

    assert statuses == [200] * 7 + [429] and status == 429 and headers["Retry-After"] == "1"
    assert later == 200
    assert len(connector.transcript(anne.personal_chat).messages) == 8
    assert connector.rate_limiter.violation_count == 2
