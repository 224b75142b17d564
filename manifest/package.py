"""The Teams app manifest and the zip Teams uploads (manifest.json, color.png, outline.png).

The three developer URLs default to neutral example.org pages so a package can be built for a test
tenant; for production pass your organisation's own pages (``website_url``, ``privacy_url``,
``terms_url``): Teams shows them to users in the app details.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any, Final

from domain.capabilities import ALL_SCOPES, CAPABILITIES

# A stable schema from the npm package @microsoft/app-manifest that tests/node/package.json pins
# (tests/test_manifest.py validates against that copy). Not the newest the package ships (1.30):
# an older version is more likely to be accepted by every Teams client and the admin center.
SCHEMA_VERSION: Final = "1.25"
SCHEMA_URL: Final = (
    f"https://developer.microsoft.com/en-us/json-schemas/teams/v{SCHEMA_VERSION}"
    "/MicrosoftTeams.schema.json"
)
PACKAGE_NAME: Final = "ki-bot-teams-app.zip"
ICONS: Final = ("color.png", "outline.png")
HERE: Final = Path(__file__).parent

DEFAULT_WEBSITE_URL: Final = "https://example.org/ki-bot"
DEFAULT_PRIVACY_URL: Final = "https://example.org/ki-bot/privacy"
DEFAULT_TERMS_URL: Final = "https://example.org/ki-bot/terms"

# Teams' limits for a bot's command menu (stricter than the schema's).
MAX_COMMANDS: Final = 10
MAX_TITLE: Final = 32
MAX_DESCRIPTION: Final = 128

# The Danish command menu, derived from the capability registry (domain/capabilities.py).
COMMANDS: Final = tuple(
    (c.manifest.title, c.manifest.description) for c in CAPABILITIES if c.manifest is not None
)
SCOPES: Final = ALL_SCOPES

NAME: Final = {"short": "KI-bot", "full": "KI-bot – koordinerende indsatsplaner"}
DESCRIPTION: Final = {
    "short": "Hjælp til koordinerende indsatsplaner (KI-planer)",
    "full": (
        "KI-bot hjælper fagpersoner i region og kommune med koordinerende indsatsplaner for "
        "borgere med både en psykisk lidelse og et misbrug: tjek om en borger kan få en KI-plan, "
        "få sparring med en koordinator, find et mødetidspunkt og hold styr på fristerne."
    ),
}
ACCENT_COLOR: Final = "#0E6E6E"


def _guid(app_id: str) -> str:
    """The app id in canonical form, or a ValueError saying what was expected."""
    try:
        return str(uuid.UUID(app_id.strip()))
    except (ValueError, AttributeError, TypeError):
        raise ValueError(
            "the app id must be the bot's Microsoft App ID, a GUID such as "
            f"'00000000-0000-0000-0000-000000000000'; got {app_id!r}"
        ) from None


def _https(url: str, name: str) -> str:
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ValueError(f"{name} must be an https:// URL; got {url!r}")
    return url


def _command_lists() -> list[dict[str, Any]]:
    """One command list per scope, as Teams recommends."""
    menu = [c.manifest for c in CAPABILITIES if c.manifest is not None]
    return [
        {
            "scopes": [scope],
            "commands": [
                {"title": m.title, "description": m.description} for m in menu if scope in m.scopes
            ],
        }
        for scope in SCOPES
    ]


def _bot(bot_id: str) -> dict[str, Any]:
    return {
        "botId": bot_id,
        "scopes": list(SCOPES),
        "supportsFiles": False,
        "isNotificationOnly": False,
        "commandLists": _command_lists(),
    }


def build_manifest(
    app_id: str,
    *,
    version: str = "1.0.0",
    website_url: str = DEFAULT_WEBSITE_URL,
    privacy_url: str = DEFAULT_PRIVACY_URL,
    terms_url: str = DEFAULT_TERMS_URL,
) -> dict[str, Any]:
    """The manifest for the bot registered as ``app_id`` (the Microsoft App ID, a GUID).

    Set the three URLs to your organisation's pages for production.
    """
    bot_id = _guid(app_id)
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": SCHEMA_VERSION,
        "version": version,
        "id": bot_id,
        "developer": {
            "name": "KI-bot team",
            "websiteUrl": _https(website_url, "website_url"),
            "privacyUrl": _https(privacy_url, "privacy_url"),
            "termsOfUseUrl": _https(terms_url, "terms_url"),
        },
        "name": dict(NAME),
        "description": dict(DESCRIPTION),
        "icons": {"color": ICONS[0], "outline": ICONS[1]},
        "accentColor": ACCENT_COLOR,
        "bots": [_bot(bot_id)],
        "validDomains": [],
    }


def _target(destination: Path) -> Path:
    """``destination`` itself if it names a .zip file, else the package inside that directory."""
    if destination.is_dir() or destination.suffix.lower() != ".zip":
        return destination / PACKAGE_NAME
    return destination


def write_package(destination: Path, app_id: str, **manifest_options: Any) -> Path:
    """Write the app zip (flat: manifest.json and the two icons at its root); return its path.

    ``manifest_options`` are passed to :func:`build_manifest`.
    """
    manifest = build_manifest(app_id, **manifest_options)
    target = _target(Path(destination))
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ICONS:
            package.write(HERE / icon, icon)
    return target
