"""``TEST_CLOCK=1`` from outside the process: ``ki-bot serve`` in its own process, driven over
HTTP like a tester or an operator would (GET/POST /test/clock), with the fake Bot Connector
receiving what the bot sends. A refused start is one line and exit status 2."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import ClientSession

from tests.cli_process import REPO, VENV_BIN, free_port, ki_bot_env, run_ki_bot
from tests.e2e.course_world import load_directory
from tests.harness import Posted, Transcript, World
from tests.harness.process import BotProcess

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)
FIRED = "⏰"
APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
TENANT = "8b6f4c3e-5d2a-4f1b-9c7e-2a1d3b4c5e6f"

BASH = shutil.which("bash") or "/bin/bash"

StartClock = Callable[[datetime], Awaitable[BotProcess]]


@pytest.fixture
async def start_on_test_clock(world: World, tmp_path: Path) -> AsyncIterator[StartClock]:
    """``ki-bot serve`` with TEST_CLOCK=1 on the world's database, its clock at ``start``."""
    started: list[BotProcess] = []

    async def start(at: datetime) -> BotProcess:
        process = BotProcess(
            world.bot.settings.database_url,
            tmp_path,
            name="test-clock",
            TEST_CLOCK="1",
            TEST_CLOCK_START=at.isoformat(),
        )
        await process.start(timeout=90)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


async def _clock(
    process: BotProcess, body: dict[str, Any] | None = None, **headers: str
) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{process.port}/test/clock"
    async with ClientSession() as http:
        if body is None:
            async with http.get(url) as response:
                return response.status, await response.json()
        headers = {"Content-Type": "application/json", **headers}
        async with http.post(url, data=json.dumps(body), headers=headers) as response:
            return response.status, await response.json()


async def _ask_the_clock_everything(process: BotProcess) -> list[tuple[int, Any]]:
    return [
        await _clock(process),
        await _clock(process, {"now": "2026-03-02T09:59:59+01:00"}),
        await _clock(process, {"advance_seconds": -60}),
        await _clock(process, {"now": "2026-03-03T09:00"}),
        await _clock(process, {"now": "2026-03-03T09:00:00+01:00", "advance_seconds": 1}),
        await _clock(process, {"advance_seconds": "a day"}),
        await _clock(process),
    ]


def _fired(transcript: Transcript) -> list[Posted]:
    return [p for p in transcript.messages if p.cards and p.shows(FIRED)]


async def test_a_reminder_for_tomorrow_at_nine_arrives_exactly_when_the_clock_reaches_nine(
    world: World, start_on_test_clock: StartClock
):
    process = await start_on_test_clock(MONDAY_10)
    anne = world.user("anne")

    answer = await world.say(anne, "påmind mig i morgen kl 9 om at ringe til lægen", bot=process)
    early = await _clock(process, {"now": "2026-03-03T08:59:59+01:00"})
    before = _fired(world.chat(anne))
    on_time = await _clock(process, {"advance_seconds": 1})
    later = await _clock(process, {"advance_seconds": 3 * 86400})

    assert answer.replies[0].shows("tirsdag d. 3. marts kl. 09.00")  # "tomorrow" on the test clock
    # The four daily clean-up jobs ran at midnight UTC (01:00 in Copenhagen); nothing was sent.
    assert early == (200, {"now": "2026-03-03T08:59:59+01:00", "jobs_run": 4, "messages_sent": 0})
    assert before == []
    assert on_time == (200, {"now": "2026-03-03T09:00:00+01:00", "jobs_run": 0, "messages_sent": 1})
    [card] = _fired(world.chat(anne))
    assert card.shows("ringe til lægen")
    assert later[1]["messages_sent"] == 0 and len(_fired(world.chat(anne))) == 1


async def test_one_advance_over_three_mondays_sends_a_weekly_reminder_each_monday_in_order(
    world: World, start_on_test_clock: StartClock
):
    # Saturday before the change to summer time (28 March 2027).
    process = await start_on_test_clock(datetime(2027, 3, 20, 10, 0, tzinfo=COPENHAGEN))
    anne = world.user("anne")
    await world.say(anne, "påmind mig hver mandag kl 9 om ugeplanen", bot=process)

    status, body = await _clock(process, {"now": "2027-04-05T12:00:00+02:00"})

    # Each Monday's roll-forward ran at that Monday 09:00; had the clock jumped straight to
    # 5 April, only the first occurrence would have been sent (a late bot skips missed repeats).
    assert status == 200 and body["now"] == "2027-04-05T12:00:00+02:00"
    assert body["messages_sent"] == 3
    fired = _fired(world.chat(anne))
    days = ["22. marts", "29. marts", "5. april"]
    assert len(fired) == 3
    assert all(
        card.shows(f"mandag d. {day} kl. 09.00") for card, day in zip(fired, days, strict=True)
    )


async def test_each_coordinators_monday_overview_arrives_as_the_clock_passes_monday_morning(
    world: World, start_on_test_clock: StartClock
):
    await load_directory(world)
    saturday = datetime(2026, 3, 7, 10, 0, tzinfo=COPENHAGEN)
    process = await start_on_test_clock(saturday)
    bo, carla = world.user("bo"), world.user("carla")
    for coordinator in (bo, carla):
        await world.say(coordinator, "hjælp", bot=process)  # the bot now knows their chats

    sunday = await _clock(process, {"now": "2026-03-08T23:00:00+01:00"})
    monday = await _clock(process, {"now": "2026-03-09T08:30:00+01:00"})

    assert sunday[1]["messages_sent"] == 0
    # Monday: the clean-up jobs at 01:00 and the overview at 08:00, sent to both coordinators.
    assert monday == (200, {"now": "2026-03-09T08:30:00+01:00", "jobs_run": 5, "messages_sent": 2})
    for coordinator in (bo, carla):
        [_overview] = [
            p for p in world.chat(coordinator).messages if p.shows("Ugens overblik over KI-forløb")
        ]


async def test_the_clock_answers_its_time_refuses_to_go_back_and_explains_a_bad_request(
    tmp_path: Path,
):
    database = f"sqlite:///{tmp_path / 'clock.sqlite3'}"  # the database plays no part here
    process = BotProcess(database, tmp_path, TEST_CLOCK="1", TEST_CLOCK_START=MONDAY_10.isoformat())
    await process.start(timeout=90)
    try:
        answers = await _ask_the_clock_everything(process)
    finally:
        process.stop()
    shown, backwards, negative, no_offset, both, words, after = answers

    assert shown == (200, {"now": "2026-03-02T10:00:00+01:00"})
    assert backwards[0] == negative[0] == 409
    assert backwards[1] == {
        "error": "the test clock only moves forward; it is 2026-03-02T10:00:00+01:00",
        "now": "2026-03-02T10:00:00+01:00",
    }
    assert no_offset[0] == 400 and "offset" in no_offset[1]["error"]
    assert both[0] == 400 and "either" in both[1]["error"]
    assert words[0] == 400 and "advance_seconds" in words[1]["error"]
    assert after == shown


async def test_without_the_test_clock_there_is_no_clock_to_read_or_move(world: World):
    assert world.bot.server is not None
    url = world.bot.server.make_url("/test/clock")
    async with ClientSession() as http:
        async with http.get(url) as read:
            read_status = read.status
        async with http.post(url, json={"advance_seconds": 60}) as move:
            move_status = move.status

    assert (read_status, move_status) == (404, 404)


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        (
            {
                "MicrosoftAppId": APP_ID,
                "MicrosoftAppPassword": "pw",
                "MicrosoftAppTenantId": TENANT,
            },
            "refuses to run with MicrosoftAppId set",
        ),
        ({"HOST": "0.0.0.0"}, "needs HOST to be a loopback address"),  # noqa: S104
    ],
)
def test_a_test_clock_that_teams_or_the_network_could_reach_refuses_to_start_in_one_line(
    tmp_path: Path, env: dict[str, str], reason: str
):
    refused = run_ki_bot(tmp_path, "serve", TEST_CLOCK="1", **env)

    assert refused.returncode == 2
    assert refused.stdout == ""
    [line] = refused.stderr.splitlines()
    assert line.startswith("ki-bot: configuration error: TEST_CLOCK=1") and reason in line
    assert "production" in line
    assert not (tmp_path / "data").exists()  # stopped before touching a database


def _readme_test_clock_blocks() -> list[list[str]]:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("\n## Test clock\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)
    return [[line for line in block.splitlines() if line.strip()] for block in blocks]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's commands use curl")
def test_the_readmes_test_clock_commands_work_when_copied(tmp_path: Path):
    [[serve], commands] = _readme_test_clock_blocks()
    port = str(free_port())

    def as_here(command: str) -> str:  # this checkout's venv; a free port instead of 3978
        return command.replace(".venv/bin/", f"{VENV_BIN}/").replace(":3978/", f":{port}/")

    server = subprocess.Popen(
        [BASH, "-c", as_here(serve)],
        cwd=tmp_path,
        env=ki_bot_env(PORT=port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: bash and the bot stop together
    )
    try:
        assert _ready(f"http://127.0.0.1:{port}/readyz"), "the README's serve line did not start"
        answers = [
            subprocess.run(
                [BASH, "-c", as_here(command)],
                cwd=tmp_path,
                env=ki_bot_env(),
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout
            for command in commands
        ]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, errors = server.communicate(timeout=30)

    assert "Traceback" not in errors, errors

    shown, day, june, outbox = (json.loads(answer) for answer in answers)
    assert shown == {"now": "2026-03-02T08:00:00+01:00"}
    assert day == {"now": "2026-03-03T08:00:00+01:00", "jobs_run": 4, "messages_sent": 0}
    assert june["now"] == "2026-06-01T09:00:00+02:00"
    assert outbox == {"counts": {}, "undelivered": []}  # an empty rehearsal sent nothing


def _ready(url: str, seconds: float = 90.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - our own URL
                return bool(response.status == 200)
        except OSError:
            time.sleep(0.2)
    return False
