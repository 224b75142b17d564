"""The fake Graph holds Graph's own limits, so tests against it catch a client that breaks them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from tests.harness.fake_graph import FakeGraph

CLIENT, SECRET = "app", "secret"
REGION = "aaaaaaaa-1111-4111-8111-111111111111"
START = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    fake = FakeGraph(CLIENT, SECRET)
    fake.consent(REGION)
    fake.add_mailbox(REGION, "anne@region.dk")
    await fake.start()
    yield fake
    await fake.close()


async def _token(
    session: aiohttp.ClientSession, graph: FakeGraph, tenant: str
) -> aiohttp.ClientResponse:
    form = {
        "client_id": CLIENT,
        "client_secret": SECRET,
        "scope": "https://graph.microsoft.com/.default",
        "grant_type": "client_credentials",
    }
    return await session.post(f"{graph.authority_url}/{tenant}/oauth2/v2.0/token", data=form)


def _utc(moment: datetime) -> dict[str, str]:
    return {"dateTime": moment.replace(tzinfo=None).isoformat(), "timeZone": "UTC"}


async def test_a_tenant_without_consent_gets_no_token(graph: FakeGraph):
    async with aiohttp.ClientSession() as session:
        refused = await _token(session, graph, "bbbbbbbb-2222-4222-8222-222222222222")
        body = await refused.json()

    assert refused.status == 400 and "AADSTS700016" in body["error_description"]


async def test_more_than_twenty_schedules_or_a_period_of_62_days_are_refused(graph: FakeGraph):
    async with aiohttp.ClientSession() as session:
        token = (await (await _token(session, graph, REGION)).json())["access_token"]
        url = f"{graph.base_url}/users/anne@region.dk/calendar/getSchedule"
        headers = {"Authorization": f"Bearer {token}"}

        def ask(schedules: int, days: int) -> dict[str, object]:
            return {
                "schedules": [f"p{n}@region.dk" for n in range(schedules)],
                "startTime": _utc(START),
                "endTime": _utc(START + timedelta(days=days)),
            }

        ok = await session.post(url, json=ask(20, 61), headers=headers)
        too_many = await session.post(url, json=ask(21, 1), headers=headers)
        too_long = await session.post(url, json=ask(1, 62), headers=headers)

    assert (ok.status, too_many.status, too_long.status) == (200, 400, 400)


async def test_an_event_in_the_iana_copenhagen_zone_is_refused_as_graph_does_not_list_it(
    graph: FakeGraph,
):
    async with aiohttp.ClientSession() as session:
        token = (await (await _token(session, graph, REGION)).json())["access_token"]
        when = {"dateTime": "2026-12-08T10:00:00", "timeZone": "Europe/Copenhagen"}
        answer = await session.post(
            f"{graph.base_url}/users/anne@region.dk/events",
            json={"subject": "x", "start": when, "end": when},
            headers={"Authorization": f"Bearer {token}"},
        )

    assert answer.status == 400 and graph.events == {}
