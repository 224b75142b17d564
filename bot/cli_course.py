"""``ki-bot course-deadlines``: a course's deadlines and reminders as JSON, from the same domain
functions the bot plans its nudges with. Bad input exits with status 2 and one line on stderr."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import WorkingCalendar
from domain.course import (
    CourseError,
    DeadlineKind,
    course_at_milestones,
    deadlines,
    plan_reminders,
)

from .config import Settings

COMMAND = "course-deadlines"


class _BadInput(ValueError):
    pass


def _day(raw: str, option: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise _BadInput(f"{option} {raw!r} is not a date (YYYY-MM-DD)") from None


def _now(raw: str) -> datetime:
    if not raw:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _BadInput(f"--now {raw!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise _BadInput(f"--now {raw!r} needs a UTC offset, e.g. 2026-11-23T09:00:00+01:00")
    return moment


def _dates(args: argparse.Namespace) -> tuple[date, date | None, date | None]:
    if not args.meeting:
        raise _BadInput("--meeting DATE is required (the day the meeting was held)")
    meeting = _day(args.meeting, "--meeting")
    written = _day(args.plan_written, "--plan-written") if args.plan_written else None
    held = _day(args.follow_up_held, "--follow-up-held") if args.follow_up_held else None
    if written is not None and written < meeting:
        raise _BadInput(f"--plan-written {written} is before --meeting {meeting}")
    if held is not None and written is None:
        raise _BadInput("--follow-up-held needs --plan-written")
    if held is not None and written is not None and held < written:
        raise _BadInput(f"--follow-up-held {held} is before --plan-written {written}")
    return meeting, written, held


def course_deadlines_report(
    meeting: date,
    plan_written: date | None,
    follow_up_held: date | None,
    now: datetime,
    calendar: WorkingCalendar,
) -> dict[str, Any]:
    course = course_at_milestones(meeting, plan_written, follow_up_held, case_id="cli")
    due = {d.kind: d.due.isoformat() for d in deadlines(course, calendar=calendar)}
    reminders = plan_reminders(course, now, calendar=calendar)
    return {
        "plan_due": due[DeadlineKind.PLAN],
        "follow_up_due": due.get(DeadlineKind.FOLLOW_UP),
        "reminders": [
            {"deadline": r.deadline.value, "due": r.due.isoformat(), "at": r.at.isoformat()}
            for r in reminders
        ],
    }


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        meeting, written, held = _dates(args)
        now = _now(args.now)
        calendar = WorkingCalendar(zone=ZoneInfo(settings.timezone))
        report = course_deadlines_report(meeting, written, held, now, calendar)
    except (_BadInput, CourseError) as error:
        print(f"ki-bot {COMMAND}: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def register(commands: Any) -> None:
    """Add the subcommand to ``ki-bot``'s subparsers."""
    parser = commands.add_parser(
        COMMAND, help="print a KI course's deadlines and reminders as JSON"
    )
    parser.add_argument("--meeting", default="", metavar="DATE", help="day the meeting was held")
    parser.add_argument(
        "--plan-written", default="", metavar="DATE", help="day the plan was written"
    )
    parser.add_argument(
        "--follow-up-held", default="", metavar="DATE", help="day the follow-up meeting was held"
    )
    parser.add_argument(
        "--now",
        default="",
        metavar="TIME",
        help="plan as if it were this ISO 8601 time (default: now)",
    )
    parser.set_defaults(run=run)
