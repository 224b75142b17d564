"""GET and POST /test/clock: read and move the test clock (served only with ``TEST_CLOCK=1``).

GET answers ``{"now": "2026-03-02T10:00:00+01:00"}``. POST ``{"now": "<ISO 8601>"}`` or
``{"advance_seconds": 86400}`` moves it forward and answers ``{"now", "jobs_run",
"messages_sent"}`` once nothing more is due; backwards is 409, a malformed body 400."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from domain.clock import ClockWentBackwards

from .clock_driver import ClockDriver

PATH = "/test/clock"
# One request moves at most this far: a mistyped year must not keep the process busy for hours.
MAX_ADVANCE = timedelta(days=3660)
EXAMPLE = "2026-03-02T09:00:00+01:00"


class _BadRequest(ValueError):
    pass


def _problem(status: int, message: str, **extra: str) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


def _iso(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat()


def _moment(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise _BadRequest(f'"now" must be an ISO 8601 time with an offset, e.g. "{EXAMPLE}"')
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _BadRequest(
            f'"now" must be an ISO 8601 time with an offset, e.g. "{EXAMPLE}", got {raw[:40]!r}'
        ) from None
    if moment.tzinfo is None:
        raise _BadRequest(
            f'"now" needs an offset (+01:00, +02:00 or Z), e.g. "{EXAMPLE}", got {raw[:40]!r}'
        )
    return moment


def _seconds(raw: Any) -> timedelta:
    if (
        isinstance(raw, bool)
        or not isinstance(raw, int | float)
        or (isinstance(raw, float) and not math.isfinite(raw))
    ):
        raise _BadRequest('"advance_seconds" must be a number of seconds, e.g. 86400 for a day')
    if raw < 0:
        raise ClockWentBackwards("advance_seconds is negative")
    if raw > MAX_ADVANCE.total_seconds():
        raise _BadRequest(f"one request moves the clock at most {MAX_ADVANCE.days} days")
    return timedelta(seconds=raw)


def _target(body: Any, now: datetime) -> datetime:
    """The moment a POST body asks for; raises _BadRequest or ClockWentBackwards."""
    if (
        not isinstance(body, dict)
        or len(body) != 1
        or not body.keys() <= {"now", "advance_seconds"}
    ):
        raise _BadRequest(
            f'send one JSON object with either "now" (e.g. "{EXAMPLE}") or "advance_seconds"'
        )
    if "advance_seconds" in body:
        return now + _seconds(body["advance_seconds"])
    target = _moment(body["now"])
    if target < now:
        raise ClockWentBackwards(f"{target.isoformat()} is before {now.isoformat()}")
    if target - now > MAX_ADVANCE:
        raise _BadRequest(f"one request moves the clock at most {MAX_ADVANCE.days} days")
    return target


def clock_routes(driver: ClockDriver, zone: ZoneInfo) -> list[web.RouteDef]:
    async def show(_request: web.Request) -> web.Response:
        return web.json_response({"now": _iso(driver.now(), zone)})

    async def move(request: web.Request) -> web.Response:
        if request.content_type != "application/json":
            return _problem(415, "send JSON with Content-Type: application/json")
        try:
            body = json.loads(await request.read())
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _problem(400, "the body is not valid JSON")
        try:
            advanced = await driver.advance_to(_target(body, driver.now()))
        except _BadRequest as error:
            return _problem(400, str(error))
        except ClockWentBackwards:
            now = _iso(driver.now(), zone)
            return _problem(409, f"the test clock only moves forward; it is {now}", now=now)
        return web.json_response(
            {
                "now": _iso(advanced.now, zone),
                "jobs_run": advanced.jobs_run,
                "messages_sent": advanced.messages_sent,
            }
        )

    return [web.get(PATH, show), web.post(PATH, move)]
