"""Teams around ``ki-bot serve`` on the test clock: the fake Bot Connector (each message stamped
with the test clock's time when it arrived), people typing and pressing buttons found by verb and
data, and the bot process started, restarted and moved in time over HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout

from tests.cli_process import VENV_BIN, ki_bot_env
from tests.harness.cards import actions, input_ids
from tests.harness.connector import FakeConnector
from tests.harness.events import activity, mention_bot
from tests.harness.model import BOT_ID, Directory, Team, User
from tests.harness.process import BotProcess
from tests.harness.transcript import ADAPTIVE_CARD, Posted

from .rules import ZONE


class StampedConnector(FakeConnector):
    """The fake connector, noting for every new message the test clock's time on arrival."""

    def __init__(self, directory: Directory) -> None:
        super().__init__(directory)
        self.clock_url = ""
        self.stamps: dict[str, datetime] = {}
        self._http: ClientSession | None = None

    async def _now(self) -> datetime:
        if self._http is None:
            self._http = ClientSession(timeout=ClientTimeout(total=30))
        async with self._http.get(self.clock_url) as response:
            return datetime.fromisoformat((await response.json())["now"])

    async def _post(
        self, method: str, path: str, conversation_id: str, body: dict[str, Any], auth: str | None
    ) -> Posted:
        moment = await self._now() if self.clock_url else datetime.now(ZONE)
        posted = await super()._post(method, path, conversation_id, body, auth)
        self.stamps[posted.id] = moment
        return posted

    async def close(self) -> None:
        if self._http is not None and self._loop is not None:
            http, self._http = self._http, None
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(http.close(), self._loop))
        await super().close()


@dataclass
class Answer:
    status: int
    body: Any

    @property
    def card(self) -> dict[str, Any] | None:
        body = self.body if isinstance(self.body, dict) else {}
        if body.get("type") == ADAPTIVE_CARD and isinstance(body.get("value"), dict):
            return dict(body["value"])
        return None

    @property
    def message(self) -> str:
        body = self.body if isinstance(self.body, dict) else {}
        return str(body.get("value") or "")


class ButtonMissing(LookupError):
    pass


def find_button(card: dict[str, Any], verb: str, **data: str) -> dict[str, Any] | None:
    for action in actions(card):
        given = action.get("data") or {}
        if action.get("verb") == verb and all(given.get(k) == v for k, v in data.items()):
            return action
    return None


class Teams:
    def __init__(self, connector: StampedConnector, workdir: Path, env: Mapping[str, str]) -> None:
        self.connector = connector
        self.workdir = workdir
        self.env = dict(env)
        self.process: BotProcess | None = None
        self.http: ClientSession | None = None
        self.starts = 0
        self.requests = 0
        self._requests_settled = 0  # requests sent when the clock last moved
        # Clock moments at which a person sent the bot something (what arrives then may be a
        # direct answer; what arrives at any other moment is the bot acting on its own).
        self.acted_at: set[datetime] = set()
        self.now: datetime | None = None
        self.spent: dict[str, float] = {"advance": 0.0, "turns": 0.0, "starts": 0.0}

    # --- the process ---------------------------------------------------------------------
    async def start(self, at: datetime) -> None:
        self.starts += 1
        process = BotProcess(
            self.env["DATABASE_URL"],
            self.workdir,
            name=f"bot-{self.starts:02d}",
            TEST_CLOCK="1",
            TEST_CLOCK_START=at.isoformat(),
            **{k: v for k, v in self.env.items() if k != "DATABASE_URL"},
        )
        began = time.perf_counter()
        await process.start(timeout=120)
        self.spent["starts"] += time.perf_counter() - began
        self.process = process
        self.connector.clock_url = f"http://127.0.0.1:{process.port}/test/clock"
        if self.http is None:
            self.http = ClientSession(timeout=ClientTimeout(total=600))
        self.now = await self.clock()

    async def stop(self) -> None:
        if self.process is not None:
            await asyncio.to_thread(self.process.stop)
            self.process = None

    async def restart(self) -> None:
        """Stop the process and start a new one where the clock stood."""
        at = await self.clock()
        await self.stop()
        await self.start(at)

    async def close(self) -> None:
        await self.stop()
        if self.http is not None:
            await self.http.close()
            self.http = None

    def _url(self, path: str) -> str:
        assert self.process is not None, "the bot is not running"
        return f"http://127.0.0.1:{self.process.port}{path}"

    async def clock(self) -> datetime:
        assert self.http is not None
        async with self.http.get(self._url("/test/clock")) as response:
            return datetime.fromisoformat((await response.json())["now"])

    async def advance_to(self, moment: datetime) -> dict[str, Any]:
        assert self.http is not None
        body = json.dumps({"now": moment.isoformat()})
        headers = {"Content-Type": "application/json"}
        began = time.perf_counter()
        async with self.http.post(self._url("/test/clock"), data=body, headers=headers) as r:
            answer = await r.json()
            self.spent["advance"] += time.perf_counter() - began
            if r.status != 200:
                raise RuntimeError(f"the test clock refused {moment.isoformat()}: {answer}")
        self.now = datetime.fromisoformat(answer["now"])
        self._requests_settled = self.requests
        return dict(answer)

    async def settle(self) -> None:
        """Send now what the last turns queued for this moment (the clock does not move); nothing
        to do when no turn came since the clock last moved."""
        assert self.now is not None
        if self.requests != self._requests_settled:
            await self.advance_to(self.now)

    async def _send(self, event: dict[str, Any]) -> Answer:
        assert self.http is not None and self.now is not None
        self.requests += 1
        self.acted_at.add(self.now)
        headers = {"Content-Type": "application/json"}
        began = time.perf_counter()
        try:
            async with self.http.post(
                self._url("/api/messages"), data=json.dumps(event), headers=headers
            ) as response:
                if response.content_type == "application/json":
                    return Answer(response.status, await response.json())
                return Answer(response.status, await response.text())
        finally:
            self.spent["turns"] += time.perf_counter() - began

    # --- people ----------------------------------------------------------------------------
    async def say(self, user: User, text: str) -> Answer:
        user.app_installed = True
        event = activity(
            "message", user=user, place=user, service_url=self.connector.service_url,
            now=self.now, text=text,
        )  # fmt: skip
        self.connector.record_user_message(user, event["conversation"]["id"], event)
        return await self._send(event)

    def seen_by(self, user: User, posted: Posted) -> dict[str, Any]:
        transcript = self.connector.transcript(posted.conversation_id)
        return transcript.card_seen_by(user, posted)

    async def click(
        self,
        user: User,
        posted: Posted,
        verb: str,
        data: Mapping[str, str] | None = None,
        inputs: Mapping[str, str] | None = None,
    ) -> Answer:
        """``user`` presses the button with this verb (and data) on the card as they see it."""
        card = self.seen_by(user, posted)
        action = find_button(card, verb, **dict(data or {}))
        if action is None:
            raise ButtonMissing(f"no {verb} {dict(data or {})} on the card")
        values: dict[str, Any] = {}
        if action.get("associatedInputs") != "none":
            known = input_ids(card)
            values = {
                k: str(e["value"]) for k, e in known.items() if e.get("value") not in (None, "")
            }
            values.update(inputs or {})
        execute: dict[str, Any] = {
            "type": "Action.Execute",
            "verb": verb,
            "data": {**(action.get("data") or {}), **values},
        }
        event = activity(
            "invoke", user=user, place=user, service_url=self.connector.service_url,
            now=self.now, name="adaptiveCard/action",
            value={"action": execute, "trigger": "manual"}, replyToId=posted.id,
        )  # fmt: skip
        answer = await self._send(event)
        if answer.card is not None:
            self.connector.transcript(posted.conversation_id).views[(user.key, posted.id)] = (
                answer.card
            )
        return answer

    async def install(self, team: Team) -> None:
        """The app added to a team: Teams' installationUpdate and the bot joining."""
        team.installed = True
        by = team.members[0]
        for kind in ("installationUpdate", "conversationUpdate"):
            event = activity(
                "conversationUpdate", user=by, place=team.general,
                service_url=self.connector.service_url, now=self.now,
            )  # fmt: skip
            data = event["channelData"]
            data.pop("channel")
            data.pop("teamsChannelId")
            if kind == "installationUpdate":
                event.update(type="installationUpdate", action="add")
            else:
                data["eventType"] = "teamMemberAdded"
                data["settings"] = {"selectedChannel": {"id": team.id}}
                event["membersAdded"] = [{"id": BOT_ID}]
            answer = await self._send(event)
            if answer.status >= 300:
                raise RuntimeError(f"installing in {team.name}: {answer}")

    def mention(self, text: str) -> dict[str, Any]:
        return mention_bot(text)


async def run_cli(env: Mapping[str, str], *args: str, cwd: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        str(VENV_BIN / "ki-bot"), *args, cwd=cwd, env=ki_bot_env(**env),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"ki-bot {' '.join(args)} failed: {err.decode()}")
    return out.decode()
