"""``ki-bot parse-time TEXT [--now ISO] [--language da|en]``: what the bot understands a time as.

Prints ``{"start": ISO-8601 with offset, "end": ISO or null}``; exits with status 2 and one line
in the chosen language when the text is not a usable time.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.clock import SystemClock

from .config import Settings


def _now(value: str | None) -> datetime:
    if not value:
        return SystemClock().now()
    moment = datetime.fromisoformat(value)
    return (
        moment
        if moment.tzinfo is not None
        else moment.replace(tzinfo=ZoneInfo("Europe/Copenhagen"))
    )


def run_parse_time(_settings: Settings, args: argparse.Namespace) -> int:
    from cards.texts import Texts
    from domain.timeparse import TimeNotUnderstood, parse_time

    try:
        now = _now(args.now)
    except ValueError:
        print(
            f"ki-bot parse-time: --now must be an ISO-8601 time, not {args.now!r}", file=sys.stderr
        )
        return 2
    try:
        parsed = parse_time(args.text, now, args.language)
    except TimeNotUnderstood as error:
        message = Texts(args.language)(f"time.error.{error.code}", **error.params)
        print(f"ki-bot parse-time: {message.replace('**', '')}", file=sys.stderr)
        return 2
    result = {
        "start": parsed.start.isoformat(),
        "end": parsed.end.isoformat() if parsed.end else None,
    }
    print(json.dumps(result))
    return 0


def add_parse_time_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "parse-time", help="show the Copenhagen time a text means, as JSON"
    )
    command.add_argument("text", help='e.g. "tirsdag kl 10" or "om 2 timer"')
    command.add_argument(
        "--now", default="", help="ISO-8601 'now' (default: the clock; no offset = Copenhagen)"
    )
    command.add_argument("--language", choices=("da", "en"), default="da")
    command.set_defaults(run=run_parse_time)
