"""``ki-bot where`` (where the bot is installed and whom it can reach) and ``ki-bot outbox``
(what is waiting, and what could not be delivered)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import Any

from .config import Settings


def _where(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.db import Database
    from storage.reach import Reach

    database = Database(settings.database_url)
    try:
        summaries = database.run_sync(lambda session: Reach(session).summaries())
    finally:
        database.dispose()
    if not summaries:
        print("KI-bot is not installed in any team or group chat yet.")
        return 0
    for place in summaries:
        kind = "team" if place.kind == "team" else "group chat"
        print(
            f"{kind} {place.name or place.conversation_id!r} (tenant {place.tenant_id}): "
            f"{place.reachable} of {place.members} members reachable"
        )
        for channel in place.channels:
            print(f"  channel {channel.name or channel.channel_id!r}")
    return 0


def _outbox(settings: Settings, args: argparse.Namespace) -> int:
    from storage.db import Database
    from storage.outbox import Outbox
    from storage.outlook_events import OutlookEvents

    database = Database(settings.database_url)

    def read(session: Any) -> dict[str, Any]:
        outbox = Outbox(session)
        problems = [
            {
                "id": row.id,
                "key": row.dedupe_key,
                "status": row.status,
                "attempts": row.attempts,
                "error": row.last_error,
                "due_at": row.due_at.isoformat(),
            }
            for row in outbox.failed(args.limit)
        ]
        report: dict[str, Any] = {"counts": outbox.counts(), "undelivered": problems}
        invitations = OutlookEvents(session, datetime.now(UTC))
        if counts := invitations.counts():  # only where real calendars were ever used
            report["outlook_invitations"] = {
                "counts": counts,
                "not_made": [
                    {
                        "poll": row.poll_id,
                        "state": row.state,
                        "attempts": row.attempts,
                        "error": row.last_error,
                        "due_at": row.due_at.isoformat(),
                    }
                    for row in invitations.troubles(args.limit)
                ],
            }
        return report

    try:
        report = database.run_sync(read)
    finally:
        database.dispose()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def register(commands: Any) -> None:
    commands.add_parser(
        "where", help="list the teams, channels and group chats the bot is installed in"
    ).set_defaults(run=_where)
    outbox = commands.add_parser("outbox", help="show queued and undelivered messages")
    outbox.add_argument("--limit", type=int, default=50, help="undelivered messages to list")
    outbox.set_defaults(run=_outbox)
