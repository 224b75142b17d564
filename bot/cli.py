"""The ``ki-bot`` command: serve, db upgrade, manifest, screen."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import Settings, SettingsError, load_settings
from .logging_setup import configure_logging

log = logging.getLogger("ki-bot")


def _serve(settings: Settings, _args: argparse.Namespace) -> int:
    from aiohttp import web

    from .access_log import SERVER_OPTIONS
    from .app import create_app

    app = create_app(settings)
    log.info(
        "KI-bot listening on http://%s:%d/api/messages, database %s, auth %s",
        settings.host,
        settings.port,
        settings.safe_database_url(),
        "on" if settings.auth_enabled else "off (local tools only)",
    )
    web.run_app(app, host=settings.host, port=settings.port, print=None, **SERVER_OPTIONS)
    return 0


def _db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.db import Database
    from storage.migrate import upgrade

    database = Database(settings.database_url)
    upgrade(database.engine)
    database.dispose()
    log.info("database %s is up to date", settings.safe_database_url())
    return 0


def _manifest(settings: Settings, args: argparse.Namespace) -> int:
    import manifest

    app_id = args.app_id or settings.app_id
    if not app_id:
        log.error("no app id: set MicrosoftAppId in .env or pass --app-id")
        return 2
    try:
        path = manifest.write_package(Path(args.out), app_id)
    except ValueError as error:
        log.error("%s", error)
        return 2
    log.info("wrote %s", path)
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
    print(json.dumps(result.to_mapping(Texts(args.locale)), ensure_ascii=False, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ki-bot", description="KI-bot: Teams bot for KI-planer")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="start the bot (applies pending migrations first)"
    ).set_defaults(run=_serve)
    db = commands.add_parser("db", help="database tasks").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply pending migrations").set_defaults(run=_db_upgrade)
    package = commands.add_parser("manifest", help="build the Teams app package (zip)")
    package.add_argument("--out", default="dist", help="directory or .zip path (default: dist/)")
    package.add_argument("--app-id", default="", help="Microsoft App ID (default: MicrosoftAppId)")
    package.set_defaults(run=_manifest)
    screening = commands.add_parser(
        "screen", help="screen an answers JSON file and print the result"
    )
    screening.add_argument("answers", help="path to a JSON object with the screening answers")
    screening.add_argument("--policy", default="", help="policy name (default: SCREENING_POLICY)")
    screening.add_argument("--locale", choices=("da", "en"), default="da")
    screening.set_defaults(run=_screen)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"ki-bot: configuration error: {error}", file=sys.stderr)
        return 2
    return int(args.run(settings, args))


if __name__ == "__main__":
    sys.exit(main())
