"""Every written form of a CPR number, sent in every field that is stored or logged, is found in
neither the database nor the log afterwards."""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from cards.common import ACTION_KEY
from domain.privacy import cpr_like_numbers
from tests import activities
from tests.conftest import BotUnderTest
from tests.cpr_forms import cpr_forms, synthetic_cpr

NUMBER = synthetic_cpr(11)
FORMS = cpr_forms(NUMBER)


def _strings(value: Any) -> list[str]:
    """Every string in a cell, looking inside JSON text (which escapes non-ASCII characters)."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return [value, *_strings(parsed)] if not isinstance(parsed, str) else [value, parsed]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(key) + _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [str(value)] if value is not None else []


def _dump(bot: BotUnderTest) -> str:
    def read(session: Any) -> list[str]:
        cells = []
        for table in SQLModel.metadata.sorted_tables:
            for row in session.execute(select(table)):
                cells += [s for value in row for s in _strings(value)]
        return cells

    return " | ".join(bot.services.database.run_sync(read))


async def _post(bot: BotUnderTest, activity: dict[str, Any], query: str = "") -> int:
    assert bot.server is not None and bot.http is not None
    url = bot.server.make_url("/api/messages").with_query({"q": query} if query else {})
    async with bot.http.post(
        url, data=json.dumps(activity), headers={"Content-Type": "application/json"}
    ) as response:
        return response.status


async def test_no_form_of_a_cpr_number_in_any_field_reaches_the_database_or_the_log(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    statuses = []
    with caplog.at_level(logging.DEBUG):
        for name, form in FORMS.items():
            where = {"service_url": bot.service_url, "user_name": f"Alice {form}"}
            typed = activities.message(f"borger {form}", conversation_type="groupChat", **where)
            typed["conversation"]["name"] = f"Team om {form}"
            typed["channelData"]["team"] = {"id": "19:team@thread.skype", "name": f"T {form}"}
            statuses.append(await _post(bot, typed, query=form))
            submit = activities.card_submit({ACTION_KEY: form, form: form, "x": [form]}, **where)
            statuses.append(await _post(bot, submit))
            invoke = activities.card_invoke(form, {form: form, "note": form}, **where)
            statuses.append(await _post(bot, invoke))
            assert all(status in (200, 201) for status in statuses), name
        await bot.connector.wait_for(3 * len(FORMS))

    assert NUMBER not in cpr_like_numbers(_dump(bot))
    assert NUMBER not in cpr_like_numbers(caplog.text)
    assert NUMBER[:6] not in caplog.text and NUMBER[:6] not in _dump(bot)


async def test_the_access_log_has_no_query_string_and_escapes_the_path(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.INFO, logger="aiohttp.access"):
        await _post(bot, activities.bot_installed(service_url=bot.service_url), query="secret")
        assert bot.http is not None and bot.server is not None
        async with bot.http.get(bot.server.make_url("/x%0aFORGED%20" + quote(NUMBER))):
            pass

    logged = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    lines = [line for line in logged if "/v3/" not in line]  # the fake connector's own log
    assert len(lines) == 2
    assert not any("secret" in line or "\n" in line or NUMBER in line for line in lines)
