"""A client's malformed HTTP (a request line too long, a control character in a header, a huge
calendar token) is answered 4xx with one log line and no traceback: a traceback in the log is for
the bot's own mistakes."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp.http_exceptions import LineTooLong

from bot.access_log import SERVER_OPTIONS
from tests.conftest import BotUnderTest

REQUESTS = {
    "request line over 8,190 bytes": b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "escape character in a header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Note: a\x1bb\r\n\r\n",
    "20 KB calendar token": b"GET /calendar/" + b"t" * 20_000 + b".ics HTTP/1.1\r\nHost: x\r\n\r\n",
    "header line over 8,190 bytes": b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: "
    + b"a" * 9000
    + b"\r\n\r\n",
    "not HTTP at all": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
    "invalid method": b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad content length": b"POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
}


async def _send_raw(bot: BotUnderTest, request: bytes) -> bytes:
    assert bot.server is not None
    reader, writer = await asyncio.open_connection(bot.server.host, bot.server.port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.read(65536), timeout=10)
    finally:
        writer.close()


@pytest.mark.parametrize("request_bytes", REQUESTS.values(), ids=REQUESTS.keys())
async def test_a_malformed_request_gets_4xx_and_one_log_line_without_a_traceback(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture, request_bytes: bytes
):
    with caplog.at_level(logging.DEBUG):
        answer = await _send_raw(bot, request_bytes)
        await asyncio.sleep(0)

    status = int(answer.split(b" ", 2)[1])
    assert 400 <= status < 500, answer[:200]
    records = [r for r in caplog.records if "/v3/" not in r.getMessage()]  # not the connector's
    assert [r for r in records if r.exc_info or r.exc_text] == []
    assert "Traceback" not in caplog.text
    lines = [r.getMessage() for r in records if r.levelno >= logging.INFO]
    assert len(lines) == 1 and f" {status} " in lines[0], lines


def test_the_bots_own_error_keeps_its_traceback(caplog: pytest.LogCaptureFixture):
    logger = SERVER_OPTIONS["logger"]
    with caplog.at_level(logging.DEBUG, logger="aiohttp.server"):
        try:
            raise RuntimeError("a bug")
        except RuntimeError as error:
            logger.exception("Error handling request from %s", "127.0.0.1", exc_info=error)
        logger.exception("Error handling request from %s", "127.0.0.1", exc_info=LineTooLong("x"))

    bug, client = caplog.records
    assert bug.levelno == logging.ERROR and bug.exc_info is not None
    assert client.levelno == logging.DEBUG and client.exc_info is None
    assert "LineTooLong" in client.getMessage()
