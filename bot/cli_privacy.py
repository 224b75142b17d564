"""``ki-bot privacy forget --person UPN [--dry-run]`` (a member of staff who left) and
``ki-bot privacy export --case KI-… [--out DIR]`` (everything stored about one case, for the
citizen's right of access). Both are audited."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .config import Settings


class _DryRun(Exception):
    def __init__(self, report: Any) -> None:
        super().__init__("dry run")
        self.report = report


def _handover_notice(language: str, reference: str, tovholder: str) -> Any:
    from cards.privacy import handed_over_card
    from cards.texts import Texts
    from domain.messaging import Content

    texts = Texts(language)
    title = texts("privacy.handed_over_title", reference=reference)
    card = handed_over_card(texts, reference=reference, tovholder=tovholder)
    return Content(text=title, card=card)


def _forget(settings: Settings, args: argparse.Namespace) -> int:
    from cards.texts import Texts
    from domain.clock import SystemClock
    from storage.db import Database
    from storage.forget import Forgetting
    from storage.preferences import Preferences
    from storage.unit_of_work import SqlUnitOfWork

    who = args.person.strip()
    if "@" not in who and who.count("/") != 1:
        print(
            "ki-bot privacy forget: --person must be a UPN (name@example.dk) "
            "or TENANT_ID/OBJECT_ID",
            file=sys.stderr,
        )
        return 2
    now = SystemClock().now()
    calendar = settings.calendar()

    def work(session: Any) -> Any:
        unit = SqlUnitOfWork(session, now)
        preferences = Preferences(session)
        report = Forgetting(
            unit,
            replacement=Texts("da")("privacy.former_employee"),
            notice=_handover_notice,
            calendar=calendar,
            language_of=preferences.language_for,
        ).forget(who)
        if args.dry_run:
            raise _DryRun(report)
        return report

    database = Database(settings.database_url)
    try:
        report = database.run_sync(work)
    except _DryRun as dry:
        report = dry.report
    finally:
        database.dispose()
    if not report.changed:
        print(f"nothing stored about {who}: nothing to forget")
        return 0
    counts = ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in report.counts().items() if n)
    verb = "would forget" if args.dry_run else "forgot"
    print(f"{verb} {who}: {counts}")
    for reference, name in report.handed_over:
        told = "would be" if args.dry_run else "were"
        print(f"{reference}: tovholder now {name}; its organisation's coordinators {told} told")
    for reference in report.not_handed_over:
        print(
            f"{reference}: no coordinator in its organisation to take it over; "
            "give it a tovholder in chat",
            file=sys.stderr,
        )
    if "@" in who:
        print(
            f"remove {who} from the directory file too, or the next "
            "`ki-bot directory load` adds them again"
        )
    if args.dry_run:
        print("dry run: nothing was changed")
    return 0


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from cards.texts import Texts
    from domain.clock import SystemClock
    from storage.audit import CASE_REFERENCE, AuditEntry, AuditLog
    from storage.case_export import CaseExport
    from storage.db import Database

    from .privacy_export import ExportText

    reference = args.case.strip().upper()
    if not CASE_REFERENCE.fullmatch(reference):
        print(
            "ki-bot privacy export: --case must be a reference like KI-2026-0001", file=sys.stderr
        )
        return 2
    now = SystemClock().now()

    def gather(session: Any) -> dict[str, Any] | None:
        data = CaseExport(session).gather(reference, now)
        if data is not None:
            AuditLog(session).record(
                AuditEntry(now, None, "privacy.exported", "case", reference,
                           case_reference=reference)
            )  # fmt: skip
        return data

    database = Database(settings.database_url)
    try:
        data = database.run_sync(gather)
    finally:
        database.dispose()
    if data is None:
        print(
            f"ki-bot privacy export: no case {reference} "
            "(never made, or deleted after the retention period)",
            file=sys.stderr,
        )
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = ExportText(Texts(args.language), ZoneInfo(settings.timezone), data["names"]).render(data)
    written = []
    for path, content in (
        (out / f"{reference}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"),
        (out / f"{reference}.txt", text),
    ):
        # Health data about one citizen: readable by the operator only.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(content)
        written.append(str(path))
    print("\n".join(written))
    return 0


def register(commands: Any) -> None:
    """Add ``privacy forget`` and ``privacy export`` to the ``ki-bot`` sub-commands."""
    privacy = commands.add_parser("privacy", help="privacy: forget a person, export a case")
    actions = privacy.add_subparsers(dest="privacy_command", required=True)
    forget = actions.add_parser(
        "forget", help="forget a member of staff who left (their courses go to the coordinators)"
    )
    forget.add_argument("--person", required=True, help="their UPN, or TENANT_ID/OBJECT_ID")
    forget.add_argument("--dry-run", action="store_true", help="only show what would change")
    forget.set_defaults(run=_forget)
    export = actions.add_parser(
        "export", help="write everything stored about a case (JSON and text) for an access request"
    )
    export.add_argument("--case", required=True, help="the case reference, e.g. KI-2026-0001")
    export.add_argument("--out", default=".", help="the folder to write into (default: here)")
    export.add_argument("--language", choices=("da", "en"), default="da")
    export.set_defaults(run=_export)
