"""``ki-bot manifest``: the Teams app package. Needs only the app id (no password, no database),
and the three developer URLs Teams shows in the app details."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .config import load_environment

log = logging.getLogger("ki-bot")

# flag, environment variable, build_manifest keyword
URL_OPTIONS = (
    ("--website-url", "MANIFEST_WEBSITE_URL", "website_url"),
    ("--privacy-url", "MANIFEST_PRIVACY_URL", "privacy_url"),
    ("--terms-url", "MANIFEST_TERMS_URL", "terms_url"),
)


def add_manifest_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    package = commands.add_parser("manifest", help="build the Teams app package (zip)")
    package.add_argument("--out", default="dist", help="directory or .zip path (default: dist/)")
    package.add_argument("--app-id", default="", help="Microsoft App ID (default: MicrosoftAppId)")
    for flag, variable, _ in URL_OPTIONS:
        package.add_argument(flag, default="", help=f"https URL (default: {variable})")
    package.set_defaults(run=run_manifest, needs_settings=False)


def run_manifest(args: argparse.Namespace) -> int:
    import manifest
    from manifest.package import DEFAULT_WEBSITE_URL

    env = load_environment()
    app_id = args.app_id or env.get("MicrosoftAppId", "").strip()
    if not app_id:
        log.error("no app id: set MicrosoftAppId in .env or pass --app-id")
        return 2
    urls = {
        keyword: getattr(args, flag[2:].replace("-", "_")) or env.get(variable, "").strip()
        for flag, variable, keyword in URL_OPTIONS
    }
    options = {keyword: url for keyword, url in urls.items() if url}
    try:
        path = manifest.write_package(Path(args.out), app_id, **options)
    except ValueError as error:
        log.error("%s", error)
        return 2
    if len(options) < len(URL_OPTIONS):
        log.warning(
            "the package uses placeholder developer URLs (%s); before publishing set "
            "MANIFEST_WEBSITE_URL, MANIFEST_PRIVACY_URL and MANIFEST_TERMS_URL "
            "(or --website-url, --privacy-url, --terms-url) to your organisation's pages",
            DEFAULT_WEBSITE_URL.split("/")[2],
        )
    log.info("wrote %s", path)
    return 0
