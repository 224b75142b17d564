"""The Teams app package.

The manifest is validated offline against Microsoft's official Teams manifest JSON schema as
shipped in the npm package ``@microsoft/app-manifest`` (pinned in tests/node/package.json,
installed by ``npm ci --prefix tests/node``), file
``build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

import manifest
from manifest.package import HERE, SCOPES

APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
SCHEMAS = (
    Path(__file__).parent
    / "node"
    / "node_modules"
    / "@microsoft"
    / "app-manifest"
    / "build"
    / "json-schemas"
)


def _schema() -> dict[str, Any]:
    path = SCHEMAS / "teams" / f"v{manifest.SCHEMA_VERSION}" / "MicrosoftTeams.schema.json"
    if not path.is_file():
        pytest.fail(f"missing {path}: run `npm ci --prefix tests/node`")
    return json.loads(path.read_text("utf-8"))


def _validator() -> jsonschema.protocols.Validator:
    schema = _schema()
    # No check_schema: the official schema uses \p{L} in a pattern we never reach, which Python's
    # re module cannot compile.
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def _errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(document)]


def test_the_manifest_is_valid_against_the_official_schema():
    assert _errors(manifest.build_manifest(APP_ID)) == []


def test_a_manifest_missing_a_required_field_is_rejected_by_the_same_check():
    broken = manifest.build_manifest(APP_ID)
    del broken["developer"]
    broken["bots"][0]["scopes"] = ["everywhere"]

    errors = _errors(broken)

    assert any("developer" in e for e in errors) and any("everywhere" in e for e in errors)


def test_the_bot_works_in_personal_team_and_group_chats_with_danish_commands():
    [bot] = manifest.build_manifest(APP_ID)["bots"]
    [command_list] = bot["commandLists"]

    assert bot["botId"] == APP_ID and set(bot["scopes"]) == set(SCOPES)
    titles = [c["title"] for c in command_list["commands"]]
    assert titles == ["tjek", "sparring", "møde", "frister", "hjælp"]
    assert all(
        len(c["title"]) <= 32 and len(c["description"]) <= 128 for c in command_list["commands"]
    )


@pytest.mark.parametrize("bad", ["", "not-a-guid", "1234"])
def test_a_bad_app_id_is_refused(bad: str):
    with pytest.raises(ValueError, match="GUID"):
        manifest.build_manifest(bad)


def test_the_icons_have_the_sizes_and_colours_teams_requires():
    colour = Image.open(HERE / "color.png")
    outline = Image.open(HERE / "outline.png").convert("RGBA")

    assert colour.size == (192, 192)
    assert outline.size == (32, 32) and outline.mode == "RGBA"
    pixels = list(outline.getdata())
    assert all(
        alpha == 0 or (red, green, blue) == (255, 255, 255) for red, green, blue, alpha in pixels
    )
    assert pixels[0][3] == 0  # the background is transparent


def test_the_package_holds_exactly_the_manifest_and_icons_at_its_root(tmp_path: Path):
    path = manifest.write_package(tmp_path, APP_ID)

    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(package.read("manifest.json"))["id"] == APP_ID
    assert path.name == "ki-bot-teams-app.zip"
