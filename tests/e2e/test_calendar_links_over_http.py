"""GET /calendar/{token}.ics refuses without a secret, for an altered token and after expiry."""

from __future__ import annotations

from datetime import timedelta

from domain.meetings import LinkPayload, sign
from tests.conftest import BotUnderTest

SECRET = "k3y-for-calendar-links-0123456789abcdefXYZ"


async def _get(bot: BotUnderTest, path: str) -> tuple[int, str]:
    assert bot.http is not None and bot.server is not None
    async with bot.http.get(bot.server.make_url(path)) as response:
        return response.status, await response.text()


async def test_no_invitation_is_served_while_link_secret_is_unset(bot: BotUnderTest):
    token = sign(LinkPayload("a" * 32, 0, bot.clock.now() + timedelta(days=1)), SECRET.encode())

    status, text = await _get(bot, f"/calendar/{token}.ics")

    assert (status, text) == (404, "calendar links are not configured\n")


async def test_an_altered_expired_or_unknown_link_is_refused(bot: BotUnderTest):
    await bot.restart(link_secret=SECRET, public_url="https://ki-bot.example.dk")
    now = bot.clock.now()
    good = sign(LinkPayload("a" * 32, 0, now + timedelta(days=1)), SECRET.encode())
    expired = sign(LinkPayload("a" * 32, 0, now - timedelta(seconds=1)), SECRET.encode())
    other_key = sign(LinkPayload("a" * 32, 0, now + timedelta(days=1)), b"x" * 32 + b"yz0123")

    assert (await _get(bot, f"/calendar/{good}.ics"))[0] == 404  # genuine, but no such poll
    assert (await _get(bot, f"/calendar/{good[:-2]}AA.ics"))[0] == 404
    assert (await _get(bot, f"/calendar/{other_key}.ics"))[0] == 404
    assert (await _get(bot, f"/calendar/{expired}.ics"))[0] == 410
