"""``ki-bot directory load FILE [--dry-run]``, ``ki-bot directory show`` and ``ki-bot audit``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .config import Settings

SHOW_HEADER = (
    "KI-bot directory, printed by `ki-bot directory show`.\n"
    "Edit and load it again with `ki-bot directory load FILE`; the format is described in "
    "directory.example.toml."
)


def _database(settings: Settings) -> Any:
    from storage.db import Database
    from storage.migrate import upgrade

    database = Database(settings.database_url)
    upgrade(database.engine)
    return database


def _load(settings: Settings, args: argparse.Namespace) -> int:
    from domain.clock import SystemClock
    from domain.directory import InvalidDirectoryFile, parse_directory_file, plan_changes
    from storage.audit import AuditEntry, AuditLog
    from storage.directory import DirectoryStore

    try:
        wanted = parse_directory_file(Path(args.file).read_text("utf-8"))
    except InvalidDirectoryFile as error:
        for problem in error.problems:
            where = f"{args.file}:{problem.line}" if problem.line else args.file
            print(f"{where}: {problem.message}", file=sys.stderr)
        print("ki-bot directory: nothing was changed", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as error:
        print(f"ki-bot directory: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    for organisation in wanted.organisations:
        if settings.allowed_tenants and organisation.tenant_id not in settings.allowed_tenants:
            print(
                f"warning: organisation {organisation.id}: its tenant is not in ALLOWED_TENANTS, "
                "so its people cannot reach the bot",
                file=sys.stderr,
            )
    now = SystemClock().now()

    def load(session: Any) -> list[str]:
        store = DirectoryStore(session, now)
        changes = plan_changes(store.export(), wanted)
        if changes and not args.dry_run:
            store.apply_file(wanted)
            AuditLog(session).record(
                AuditEntry(
                    now,
                    None,
                    "directory.loaded",
                    "directory",
                    "file",
                    detail={"changes": len(changes)},
                )
            )
        return [str(change) for change in changes]

    database = _database(settings)
    try:
        changes = database.run_sync(load)
    finally:
        database.dispose()
    for change in changes:
        print(change)
    if not changes:
        print("no changes: the directory already matches the file")
    elif args.dry_run:
        print(f"{len(changes)} change(s) would be made (dry run: nothing was changed)")
    else:
        print(f"{len(changes)} change(s) made")
    return 0


def _show(settings: Settings, _args: argparse.Namespace) -> int:
    from domain.clock import SystemClock
    from domain.directory import render_directory_file
    from storage.directory import DirectoryStore

    database = _database(settings)
    try:
        exported = database.run_sync(
            lambda session: DirectoryStore(session, SystemClock().now()).export()
        )
    finally:
        database.dispose()
    sys.stdout.write(render_directory_file(exported, header=SHOW_HEADER))
    return 0


def _audit(settings: Settings, args: argparse.Namespace) -> int:
    from storage.audit import AuditEntry, AuditLog

    zone = ZoneInfo(settings.timezone)
    since = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), datetime.min.time(), zone)
        except ValueError:
            print("ki-bot audit: --since must be a date like 2026-12-01", file=sys.stderr)
            return 2
    database = _database(settings)
    reference = args.case.strip().upper() if args.case else None

    def read(session: Any) -> tuple[bool, list[AuditEntry]]:
        log = AuditLog(session)
        known = reference is None or log.case_id_of(reference) is not None
        return known, log.entries(case_reference=reference, since=since)

    try:
        known, entries = database.run_sync(read)
    finally:
        database.dispose()
    if not known:
        print(
            f"ki-bot audit: nothing about {reference}: no such case (never made, or deleted "
            "after the retention period; its entries remain, named by its audit id only)",
            file=sys.stderr,
        )
        return 1
    for entry in entries:
        actor = f"{entry.actor.tenant_id}/{entry.actor.aad_object_id}" if entry.actor else "cli"
        case = entry.case_reference or (f"#{entry.case_id}" if entry.case_id else "")
        where = " ".join(
            part
            for part in (
                f"case={case}" if case else "",
                f"thread={entry.thread_id}" if entry.thread_id else "",
            )
            if part
        )
        print(
            "\t".join(
                [
                    entry.at.astimezone(zone).isoformat(timespec="seconds"),
                    actor,
                    entry.action,
                    entry.outcome,
                    f"{entry.subject_kind}:{entry.subject_id}",
                    where,
                    json.dumps(dict(entry.detail), ensure_ascii=False, sort_keys=True),
                ]
            )
        )
    return 0


def register(commands: Any) -> None:
    """Add ``directory`` and ``audit`` to the ``ki-bot`` sub-commands."""
    directory = commands.add_parser("directory", help="who is who: organisations, pools, roles")
    actions = directory.add_subparsers(dest="directory_command", required=True)
    load = actions.add_parser("load", help="load a directory file (TOML), showing what changes")
    load.add_argument("file", help="the directory file; see directory.example.toml")
    load.add_argument("--dry-run", action="store_true", help="only show what would change")
    load.set_defaults(run=_load)
    actions.add_parser("show", help="print the directory as a file").set_defaults(run=_show)
    audit = commands.add_parser("audit", help="print the audit log")
    audit.add_argument("--case", default=None, help="only entries about this case (KI-2026-0001)")
    audit.add_argument("--since", default="", help="only entries from this date (2026-12-01)")
    audit.set_defaults(run=_audit)
