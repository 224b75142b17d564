"""The ``ki-bot`` command: serving, the database, the Teams package, the directory and audit
log, and the domain rules (screening, times, course deadlines, slots) printed as JSON."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError, OperationalError

from . import (
    cli_course,
    cli_directory,
    cli_doctor,
    cli_meetings,
    cli_privacy,
    cli_reach,
    cli_sparring,
    cli_stats,
)
from .cli_manifest import add_manifest_command
from .cli_output import redacted_output
from .cli_time import add_parse_time_command
from .config import Settings, SettingsError, load_settings
from .logging_setup import configure_logging

log = logging.getLogger("ki-bot")


def _database_problem(settings: Settings, error: DBAPIError) -> int:
    """One line instead of a traceback when the database cannot be reached or used."""
    verb = "reach" if isinstance(error, OperationalError) else "use"
    reason = str(error.orig or error).strip().splitlines()[0]
    print(
        f"ki-bot: cannot {verb} the database {settings.safe_database_url()}: {reason}",
        file=sys.stderr,
    )
    return 2


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    from aiohttp import web

    from .access_log import SERVER_OPTIONS
    from .app import SERVICES, create_app
    from .heap import freeze_startup_objects

    try:
        app = create_app(settings)
    except DBAPIError as error:
        return _database_problem(settings, error)
    freeze_startup_objects()  # the app and its services live as long as the process

    def listening(_message: str) -> None:  # called by aiohttp once the port is bound
        log.info(
            "KI-bot listening on http://%s:%d/api/messages, database %s, auth %s",
            settings.host,
            settings.port,
            settings.safe_database_url(),
            "on" if settings.auth_enabled else "off (local tools only)",
        )
        if settings.test_clock:
            log.warning(
                "TEST_CLOCK=1: time stands still at %s and moves only by POST "
                "http://%s:%d/test/clock",
                app[SERVICES].clock.now().isoformat(),
                settings.host,
                settings.port,
            )

    try:
        web.run_app(app, host=settings.host, port=settings.port, print=listening, **SERVER_OPTIONS)
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            f"ki-bot: cannot listen on {settings.host}:{settings.port}: {reason.lower()} "
            "(set PORT or HOST)",
            file=sys.stderr,
        )
        return 2
    return 0


def _db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.db import Database
    from storage.migrate import upgrade

    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
    except DBAPIError as error:
        return _database_problem(settings, error)
    finally:
        database.dispose()
    log.info("database %s is up to date", settings.safe_database_url())
    return 0


def _screen(settings: Settings, args: argparse.Namespace) -> int:
    """Print the screening of an answers file as JSON, from the same rules the dialog uses."""
    from cards.texts import Texts
    from domain.screening import (
        InvalidAnswers,
        ScreeningAnswers,
        UnknownPolicy,
        load_policy,
        screen,
    )

    try:
        data = json.loads(Path(args.answers).read_text("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{args.answers} must hold one JSON object of answers")
        answers = ScreeningAnswers.from_mapping(data)
        policy = load_policy(args.policy or settings.screening_policy)
    except InvalidAnswers as error:
        problems = "; ".join(f"{p.field}: {p.code}" for p in error.problems)
        print(f"ki-bot screen: invalid answers in {args.answers}: {problems}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError, ValueError, UnknownPolicy) as error:
        print(f"ki-bot screen: {error}", file=sys.stderr)
        return 2
    result = screen(answers, policy)
    texts = Texts(args.locale)
    title = policy.titles.get(texts.language, policy.name)
    print(json.dumps(result.to_mapping(texts, policy_title=title), ensure_ascii=False, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ki-bot", description="KI-bot: Teams bot for KI-planer")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the database migrations' log (Alembic) before the output",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="start the bot (applies pending migrations first)"
    ).set_defaults(run=_serve)
    db = commands.add_parser("db", help="database tasks").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply pending migrations").set_defaults(run=_db_upgrade)
    add_manifest_command(commands)
    screening = commands.add_parser(
        "screen", help="screen an answers JSON file and print the result"
    )
    screening.add_argument("answers", help="path to a JSON object with the screening answers")
    screening.add_argument("--policy", default="", help="policy name (default: SCREENING_POLICY)")
    screening.add_argument("--locale", choices=("da", "en"), default="da")
    screening.set_defaults(run=_screen)
    add_parse_time_command(commands)
    for module in (
        cli_reach,
        cli_course,
        cli_meetings,
        cli_directory,
        cli_sparring,
        cli_stats,
        cli_privacy,
        cli_doctor,
    ):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with redacted_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    configure_logging()
    # Alembic says at INFO what it checks and runs on every start: noise before a command's own
    # output, so only with -v.
    logging.getLogger("alembic").setLevel(logging.INFO if args.verbose else logging.WARNING)
    if not getattr(args, "needs_settings", True):
        return int(args.run(args))
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"ki-bot: configuration error: {error}", file=sys.stderr)
        return 2
    return int(args.run(settings, args))


if __name__ == "__main__":
    sys.exit(main())
