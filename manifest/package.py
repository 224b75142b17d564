"""The Teams app manifest and the zip Teams uploads (manifest.json, color.png, outline.png)."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any, Final

SCHEMA_VERSION: Final = "1.25"
SCHEMA_URL: Final = f"https://developer.microsoft.com/en-us/json-schemas/teams/v{SCHEMA_VERSION}/MicrosoftTeams.schema.json"
PACKAGE_NAME: Final = "ki-bot-teams-app.zip"
ICONS: Final = ("color.png", "outline.png")
HERE: Final = Path(__file__).parent

# Danish commands shown in Teams' command menu; the bot also understands the English words.
COMMANDS: Final = (
    ("tjek", "Tjek om en borger kan få en KI-plan"),
    ("sparring", "Stil et spørgsmål til en koordinator"),
    ("møde", "Find et mødetidspunkt"),
    ("frister", "Se frister for dine KI-forløb"),
    ("hjælp", "Vis hvad botten kan"),
)
SCOPES: Final = ("personal", "team", "groupChat")


def _app_id(app_id: str) -> str:
    try:
        return str(uuid.UUID(app_id))
    except ValueError:
        raise ValueError(
            f"the app id must be the bot registration's GUID, got {app_id!r}"
        ) from None


def build_manifest(
    app_id: str,
    *,
    version: str = "1.0.0",
    website_url: str = "https://example.org/ki-bot",
    privacy_url: str = "https://example.org/ki-bot/privacy",
    terms_url: str = "https://example.org/ki-bot/terms",
) -> dict[str, Any]:
    """The manifest for ``app_id``. Set the three URLs to your organisation's pages for production."""
    bot_id = _app_id(app_id)
    commands = [{"title": title, "description": description} for title, description in COMMANDS]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": SCHEMA_VERSION,
        "version": version,
        "id": bot_id,
        "developer": {
            "name": "KI-bot team",
            "websiteUrl": website_url,
            "privacyUrl": privacy_url,
            "termsOfUseUrl": terms_url,
        },
        "name": {"short": "KI-bot", "full": "KI-bot – koordinerende indsatsplaner"},
        "description": {
            "short": "Hjælp til koordinerende indsatsplaner (KI-planer)",
            "full": (
                "KI-bot hjælper fagpersoner og koordinatorer i region og kommune med koordinerende "
                "indsatsplaner for borgere med både en psykisk lidelse og et misbrug: tjek om en borger "
                "kan få en KI-plan, sparring med koordinatorerne, mødeplanlægning og påmindelser om "
                "frister. KI-bot gemmer aldrig CPR-numre."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#0E6E6E",
        "bots": [
            {
                "botId": bot_id,
                "scopes": list(SCOPES),
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": list(SCOPES), "commands": commands}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def write_package(destination: Path, app_id: str, **manifest_options: Any) -> Path:
    """Write the app zip (flat: manifest and icons at its root) and return its path."""
    manifest = build_manifest(app_id, **manifest_options)
    target = destination / PACKAGE_NAME if destination.suffix != ".zip" else destination
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ICONS:
            package.write(HERE / icon, icon)
    return target
