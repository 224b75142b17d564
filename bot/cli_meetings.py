"""``ki-bot propose-slots`` and ``ki-bot rank-slots``: the meeting-poll rules on the command line.

Both print JSON from the same functions the poll capability uses. Bad input exits with status 2
and one line on stderr. A time without a UTC offset is local time (``TIMEZONE``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from domain.meetings import (
    Answer,
    InvalidPoll,
    Participant,
    PollSlot,
    propose_slots,
    rank_slots,
)

from .config import Settings


class BadInput(ValueError):
    pass


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the two subcommands to ``ki-bot``'s parser."""
    propose = commands.add_parser(
        "propose-slots", help="print candidate meeting times over the next 15 working days"
    )
    propose.add_argument("--now", required=True, help="ISO time, e.g. 2026-12-15T10:00")
    propose.add_argument("--count", default="6", help="number of slots (default 6)")
    propose.add_argument("--minutes", default="60", help="meeting length (default 60)")
    propose.add_argument(
        "--busy",
        action="append",
        default=[],
        metavar="START/END",
        help="an absence, e.g. 2026-12-16/2026-12-18 (whole days) or "
        "2026-12-16T09:00/2026-12-16T12:00; repeatable",
    )
    propose.set_defaults(run=propose_slots_command)
    rank = commands.add_parser("rank-slots", help="rank a poll's slots from a JSON file of votes")
    rank.add_argument("poll", help='JSON: {"slots": [...], "participants": [...], "votes": {...}}')
    rank.set_defaults(run=rank_slots_command)


def propose_slots_command(settings: Settings, args: argparse.Namespace) -> int:
    zone = ZoneInfo(settings.timezone)
    try:
        now = _time(args.now, zone, "--now")
        busy = [_interval(text, zone) for text in args.busy]
        slots = propose_slots(
            now,
            calendar=settings.calendar(),
            count=_number(args.count, "--count"),
            minutes=_number(args.minutes, "--minutes"),
            busy={"--busy": busy},
            tz=zone,
        )
    except ValueError as error:
        return _fail("propose-slots", error)
    print(json.dumps([slot.to_mapping() for slot in slots], indent=2))
    return 0


def rank_slots_command(settings: Settings, args: argparse.Namespace) -> int:
    zone = ZoneInfo(settings.timezone)
    try:
        data = json.loads(Path(args.poll).read_text("utf-8"))
        slots, participants, votes = _poll(data, zone)
        ranking = rank_slots(slots, participants, votes)
    except (OSError, UnicodeDecodeError, ValueError) as error:  # InvalidPoll is a ValueError
        return _fail("rank-slots", error)
    print(json.dumps(ranking.to_mapping(), ensure_ascii=False, indent=2))
    return 0


def _fail(command: str, error: Exception) -> int:
    message = " ".join(str(error).split())
    print(f"ki-bot {command}: {message}", file=sys.stderr)
    return 2


def _number(text: str, option: str) -> int:
    if not text.isdigit():
        raise BadInput(f"{option} must be a whole number, got {text!r}")
    return int(text)


def _time(text: Any, zone: ZoneInfo, what: str) -> datetime:
    if not isinstance(text, str):
        raise BadInput(f"{what} must be an ISO time string")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{what} is not an ISO time: {text!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _interval(text: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start, slash, end = text.partition("/")
    if not slash:
        raise BadInput(f"--busy must be START/END, got {text!r}")
    begins, ends = _time(start, zone, "--busy start"), _time(end, zone, "--busy end")
    if _is_date(
        end
    ):  # a date alone as the end means the whole of that day, as in "fravær 1/12–5/12"
        ends += timedelta(days=1)
    return begins, ends


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _poll(
    data: Any, zone: ZoneInfo
) -> tuple[list[PollSlot], list[Participant], dict[str, dict[str, Answer]]]:
    if not isinstance(data, dict):
        raise InvalidPoll("the poll file must hold one JSON object")
    raw_slots, raw_people, raw_votes = (
        data.get("slots"),
        data.get("participants"),
        data.get("votes", {}),
    )
    if not isinstance(raw_slots, list) or not isinstance(raw_people, list):
        raise InvalidPoll('"slots" and "participants" must be lists')
    slots = [_slot(item, zone) for item in raw_slots]
    participants = [_participant(item) for item in raw_people]
    if not isinstance(raw_votes, dict) or not all(isinstance(v, dict) for v in raw_votes.values()):
        raise InvalidPoll('"votes" must map each participant to {slot: answer}')
    votes = {
        person: {slot: _answer(a) for slot, a in row.items()} for person, row in raw_votes.items()
    }
    return slots, participants, votes


def _slot(item: Any, zone: ZoneInfo) -> PollSlot:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise InvalidPoll('each slot needs a string "id" and a "start" time')
    return PollSlot(item["id"], _time(item.get("start"), zone, f"slot {item['id']!r} start"))


def _participant(item: Any) -> Participant:
    if (
        not isinstance(item, dict)
        or not isinstance(item.get("id"), str)
        or not isinstance(item.get("required"), bool)
    ):
        raise InvalidPoll('each participant needs a string "id" and "required": true or false')
    return Participant(item["id"], item["required"])


def _answer(value: Any) -> Answer:
    try:
        return Answer(value)
    except ValueError:
        raise InvalidPoll(f'an answer must be "yes", "if_need_be" or "no", got {value!r}') from None
