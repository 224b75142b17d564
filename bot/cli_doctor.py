"""``ki-bot doctor``: what an operator checks after deploying. Each line says what is set, or
what is missing and what that breaks; the exit status is 1 when anything breaks, else 0.

It reads the settings and the database and changes nothing (it does not migrate). Secrets are
named, never printed; the database URL is shown without its password.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from dialogs.meetings.context import CalendarLinks
from storage.db import Database
from storage.directory import DirectoryStore
from storage.migrate import alembic_config
from storage.outbox import FAILED, UNREACHABLE, Outbox
from storage.reach import Reach
from storage.reach_models import UnreachableRecord

from .config import Settings, SettingsError, load_settings

SHOWN = 5  # names listed per problem; the rest are counted


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def _ok(text: str) -> Finding:
    return Finding(True, text)


def _broken(text: str) -> Finding:
    return Finding(False, text)


def _some(names: list[str]) -> str:
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return ", ".join(names[:SHOWN]) + more


def _settings_findings(settings: Settings) -> Iterator[Finding]:
    if settings.app_id:
        yield _ok(f"MicrosoftAppId {settings.app_id} ({settings.app_type})")
        if settings.app_type == "UserAssignedMSI":
            yield _ok("no MicrosoftAppPassword needed (UserAssignedMSI)")
        else:
            yield _ok("MicrosoftAppPassword is set (not shown)")
    else:
        yield _broken(
            "MicrosoftAppId and MicrosoftAppPassword not set: Teams cannot reach the bot; "
            "it answers only this machine without authentication (Agents Playground)"
        )
    if settings.allowed_tenants:
        yield _ok(f"ALLOWED_TENANTS {', '.join(sorted(settings.allowed_tenants))}")
    else:
        yield _broken(
            "ALLOWED_TENANTS not set: any Microsoft 365 tenant that installs the app may use it"
        )
    links = CalendarLinks(settings.link_secret, settings.public_url)
    if links.problem is None:
        yield _ok(f"LINK_SECRET is set (not shown), PUBLIC_URL {settings.public_url}")
    else:
        yield _broken(links.problem)


def _missing_file(settings: Settings) -> Finding | None:
    """A SQLite database that does not exist (doctor does not create it)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or Path(url.database or "").is_file():
        return None
    return _broken(
        f"database {settings.safe_database_url()} does not exist: nothing is stored yet; "
        "run `ki-bot db upgrade`"
    )


def _database_findings(database: Database, settings: Settings) -> tuple[Finding, bool]:
    """Whether the database can be reached and is migrated; True when its data can be read."""
    shown = settings.safe_database_url()
    try:
        with database.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        return _broken(f"cannot reach the database {shown}: {reason}: the bot cannot start"), False
    wanted = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    if current != wanted:
        at = ", ".join(sorted(current)) or "none"
        return _broken(
            f"database {shown} is at migration {at}, this version needs "
            f"{', '.join(sorted(wanted))}: run `ki-bot db upgrade` (serve does it too)"
        ), False
    return _ok(f"database {shown} reachable and migrated ({', '.join(sorted(current))})"), True


def _directory_findings(session: Session) -> Iterator[Finding]:
    store = DirectoryStore(session, datetime.now(UTC))
    organisations = store.organisations()
    people = [stored.person for stored in store.people()]
    if not organisations:
        yield _broken(
            "no directory loaded: no organisations, coordinators or pools; sparring and "
            "courses have nobody to go to; run `ki-bot directory load FILE`"
        )
        return
    yield _ok(f"directory: {len(organisations)} organisation(s), {len(people)} people")
    reach = Reach(session)
    without = [
        o.id
        for o in organisations
        if not o.pool_reference or reach.place_of_conversation(o.pool_reference) is None
    ]
    if without:
        yield _broken(
            f"{len(without)} pool(s) without a channel the bot is in ({_some(without)}): "
            "their sparring requests reach the coordinators' personal chats only; set `pool` "
            "in the directory file and install the app there"
        )
    never_seen = [p.label for p in people if p.ref is None]
    if never_seen:
        yield _broken(
            f"{len(never_seen)} person(s) in the directory never seen in Teams "
            f"({_some(never_seen)}): the bot cannot write to them until they open KI-bot "
            "or are in a team it is installed in"
        )


def _delivery_findings(session: Session) -> Iterator[Finding]:
    reasons = Counter(session.scalars(select(col(UnreachableRecord.reason))).all())
    if reasons:
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()))
        yield _broken(
            f"{reasons.total()} person(s) unreachable ({why}): their messages are not "
            "delivered until they are seen again"
        )
    counts = Outbox(session).counts()
    failed = counts.get(FAILED, 0) + counts.get(UNREACHABLE, 0)
    if failed:
        yield _broken(f"{failed} outbox message(s) not delivered: see `ki-bot outbox`")
    else:
        yield _ok("outbox: no undelivered messages")


def _data_findings(session: Session) -> list[Finding]:
    return [*_directory_findings(session), *_delivery_findings(session)]


def findings(settings: Settings) -> list[Finding]:
    found = list(_settings_findings(settings))
    missing = _missing_file(settings)
    if missing is not None:
        return [*found, missing]
    database = Database(settings.database_url)
    try:
        finding, readable = _database_findings(database, settings)
        found.append(finding)
        if readable:
            found += database.run_sync(_data_findings)
    finally:
        database.dispose()
    return found


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"broken   configuration: {error}")
        return 1
    found = findings(settings)
    for finding in found:
        print(f"{'ok' if finding.ok else 'broken':8} {finding.text}")
    problems = sum(not f.ok for f in found)
    print(f"\n{problems} problem(s)" if problems else "\nnothing is broken")
    return 1 if problems else 0


def register(commands: Any) -> None:
    commands.add_parser(
        "doctor", help="check the settings and the database after deploying: what is missing"
    ).set_defaults(run=run, needs_settings=False)
