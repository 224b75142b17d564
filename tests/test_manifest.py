"""The Teams app package: the manifest, the icons and the zip.

Where the schema comes from: Microsoft's official Teams app manifest JSON schema as shipped in the
npm package ``@microsoft/app-manifest`` at the version pinned in tests/node/package.json (1.1.2 when
this was written; ``test_the_schema_is_the_one_pinned_in_package_json`` keeps the two in step),
file ``build/json-schemas/teams/v<SCHEMA_VERSION>/MicrosoftTeams.schema.json`` under
tests/node/node_modules. Install it with ``npm ci --prefix tests/node``; without it these tests
fail rather than skip. Validation is offline: every schema file of that version is registered
under its official URL, and any other reference is refused instead of fetched.
"""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regex
from jsonschema.exceptions import ValidationError
from PIL import Image
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

import manifest
from manifest.package import COMMANDS, HERE, MAX_COMMANDS, MAX_DESCRIPTION, MAX_TITLE, SCOPES

APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
NODE = Path(__file__).parent / "node"
PACKAGE = NODE / "node_modules" / "@microsoft" / "app-manifest"
TEAMS_SCHEMAS = PACKAGE / "build" / "json-schemas" / "teams"
OFFICIAL_BASE = "https://developer.microsoft.com/en-us/json-schemas/teams"
# Teams shows at most 10 commands per scope: the personal menu has the lists of one's own
# questions and inbox instead of the coordinators' "forløb" and "sprog" (on the help card too).
TITLES_BY_SCOPE = {
    "personal": [
        "tjek",
        "sparring",
        "mine spørgsmål",
        "indbakke",
        "møde",
        "frister",
        "påmind",
        "mine forløb",
        "fravær",
        "hjælp",
    ],
    "shared": [
        "tjek",
        "sparring",
        "møde",
        "frister",
        "påmind",
        "mine forløb",
        "forløb",
        "fravær",
        "sprog",
        "hjælp",
    ],
}


# --- the official schema, offline -----------------------------------------------------------


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"missing {path}: run `npm ci --prefix tests/node` to install the schemas")
    return path


def _read_json(path: Path) -> Any:
    return json.loads(_require(path).read_text("utf-8-sig"))


def _schema_dir(version: str = manifest.SCHEMA_VERSION) -> Path:
    return _require(TEAMS_SCHEMAS / f"v{version}")


def _refuse_to_fetch(uri: str) -> Resource[Any]:
    raise LookupError(f"{uri} is not in the local schema registry; tests never use the network")


@cache
def _registry(version: str) -> Registry[Any]:
    """Every schema file of ``version`` under its official URL; nothing else is retrievable."""
    resources = [
        (f"{OFFICIAL_BASE}/v{version}/{path.name}", DRAFT4.create_resource(_read_json(path)))
        for path in sorted(_schema_dir(version).glob("*.json"))
    ]
    return Registry(retrieve=_refuse_to_fetch).with_resources(resources)  # type: ignore[call-arg]


def _schema() -> dict[str, Any]:
    return _read_json(_schema_dir() / "MicrosoftTeams.schema.json")


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """JSON Schema ``pattern`` with ECMA-style ``\\p{L}``, which Python's ``re`` cannot compile."""
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("regex", raises=regex.error)(regex.compile)
    return checker


def _validator_class() -> Any:
    base = jsonschema.validators.validator_for(_schema())
    return jsonschema.validators.extend(base, {"pattern": _pattern})


def _validator() -> Any:
    return _validator_class()(
        _schema(), registry=_registry(manifest.SCHEMA_VERSION), format_checker=_format_checker()
    )


def _errors(document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(document)]


# --- the schema itself ------------------------------------------------------------------------


def test_the_schema_is_the_one_pinned_in_package_json():
    pinned = _read_json(NODE / "package.json")["dependencies"]["@microsoft/app-manifest"]
    installed = _read_json(PACKAGE / "package.json")["version"]

    assert installed == pinned, "node_modules is stale: run `npm ci --prefix tests/node`"


def test_the_schema_version_is_a_stable_one_shipped_by_the_package():
    versions = {
        d.name for d in _require(TEAMS_SCHEMAS).iterdir() if re.fullmatch(r"v\d+\.\d+", d.name)
    }

    assert f"v{manifest.SCHEMA_VERSION}" in versions


def test_the_official_schema_is_a_valid_schema_for_its_draft():
    _validator_class().check_schema(_schema(), format_checker=_format_checker())


def test_the_schema_is_resolved_from_disk_and_nothing_is_fetched():
    resolver = _registry(manifest.SCHEMA_VERSION).resolver()

    assert resolver.lookup(manifest.build_manifest(APP_ID)["$schema"]).contents == _schema()
    with pytest.raises(Unresolvable) as refused:
        resolver.lookup("https://example.org/elsewhere.schema.json")
    assert "never use the network" in str(refused.value.__cause__.__cause__)  # type: ignore[union-attr]


# --- the manifest -----------------------------------------------------------------------------


def test_the_manifest_is_valid_against_the_official_schema():
    built = manifest.build_manifest(APP_ID)

    assert _errors(built) == []
    assert built["manifestVersion"] == manifest.SCHEMA_VERSION
    assert built["$schema"] == (
        f"{OFFICIAL_BASE}/v{manifest.SCHEMA_VERSION}/MicrosoftTeams.schema.json"
    )


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["developer"], None, "'developer' is a required property"),
        (["bots", 0, "scopes"], ["everywhere"], "'everywhere' is not one of"),
        (["accentColor"], "teal", "'teal' does not match"),
        (["name", "short"], "K" * 31, "is too long"),
    ],
)
def test_a_manifest_that_breaks_the_schema_is_rejected_by_the_same_check(
    path: list[Any], value: Any, expected: str
):
    broken = manifest.build_manifest(APP_ID)
    *parents, last = path
    target: Any = broken
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value

    assert any(expected in error for error in _errors(broken)), _errors(broken)


def test_the_identity_names_and_urls():
    built = manifest.build_manifest(
        APP_ID.upper(),
        version="2.1.0",
        website_url="https://ki.example.dk",
        privacy_url="https://ki.example.dk/privatliv",
        terms_url="https://ki.example.dk/vilkaar",
    )

    assert built["id"] == APP_ID and built["bots"][0]["botId"] == APP_ID
    assert built["version"] == "2.1.0"
    assert built["name"] == {"short": "KI-bot", "full": "KI-bot – koordinerende indsatsplaner"}
    assert built["developer"] == {
        "name": "KI-bot team",
        "websiteUrl": "https://ki.example.dk",
        "privacyUrl": "https://ki.example.dk/privatliv",
        "termsOfUseUrl": "https://ki.example.dk/vilkaar",
    }
    assert built["validDomains"] == []
    assert "indsatsplaner" in built["description"]["short"]
    assert _errors(built) == []


def test_the_bot_works_in_personal_team_and_group_chats():
    [bot] = manifest.build_manifest(APP_ID)["bots"]

    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False and bot["isNotificationOnly"] is False


def test_each_scope_has_its_own_danish_command_list_within_teams_limits():
    command_lists = manifest.build_manifest(APP_ID)["bots"][0]["commandLists"]

    assert [scope for entry in command_lists for scope in entry["scopes"]] == list(SCOPES)
    for entry in command_lists:
        commands = entry["commands"]
        scope = "personal" if entry["scopes"] == ["personal"] else "shared"
        assert [c["title"] for c in commands] == TITLES_BY_SCOPE[scope]
        assert len(commands) <= MAX_COMMANDS
        assert all(len(c["title"]) <= MAX_TITLE for c in commands)
        assert all(0 < len(c["description"]) <= MAX_DESCRIPTION for c in commands)
    assert dict(COMMANDS)["tjek"] == "Tjek om en borger kan få en KI-plan"


@pytest.mark.parametrize("bad", ["", "not-a-guid", "1234", APP_ID + "5", "28:" + APP_ID])
def test_an_app_id_that_is_not_a_guid_is_refused(bad: str):
    with pytest.raises(ValueError, match="GUID"):
        manifest.build_manifest(bad)


@pytest.mark.parametrize("option", ["website_url", "privacy_url", "terms_url"])
def test_the_developer_urls_must_be_https(option: str):
    with pytest.raises(ValueError, match="https"):
        manifest.build_manifest(APP_ID, **{option: "http://example.org/ki-bot"})


# --- the icons and the zip --------------------------------------------------------------------


def test_the_colour_icon_is_192_pixels_square():
    with Image.open(HERE / "color.png") as colour:
        assert colour.format == "PNG" and colour.size == (192, 192)
        assert colour.mode in {"RGB", "RGBA"}


def test_the_outline_icon_is_white_on_a_transparent_background():
    with Image.open(HERE / "outline.png") as outline:
        assert outline.format == "PNG" and outline.size == (32, 32) and outline.mode == "RGBA"
        pixels = [outline.getpixel((x, y)) for y in range(32) for x in range(32)]

    assert all(alpha == 0 or (r, g, b) == (255, 255, 255) for r, g, b, alpha in pixels)
    corners = [pixels[0], pixels[31], pixels[-32], pixels[-1]]
    assert all(alpha == 0 for *_, alpha in corners)
    assert any(alpha == 255 for *_, alpha in pixels)  # something is actually drawn


def test_the_package_holds_exactly_the_manifest_and_icons_at_its_root(tmp_path: Path):
    path = manifest.write_package(tmp_path, APP_ID, version="1.2.3")

    assert path == tmp_path / "ki-bot-teams-app.zip"
    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        packed = json.loads(package.read("manifest.json"))
        icons = {name: package.read(name) for name in ("color.png", "outline.png")}

    assert packed == manifest.build_manifest(APP_ID, version="1.2.3") and _errors(packed) == []
    assert icons == {name: (HERE / name).read_bytes() for name in icons}


def test_the_package_can_be_written_to_a_named_zip_file(tmp_path: Path):
    target = tmp_path / "out" / "custom.zip"

    assert manifest.write_package(target, str(uuid.UUID(APP_ID))) == target
    assert zipfile.is_zipfile(target)


def test_no_package_is_written_for_a_bad_app_id(tmp_path: Path):
    with pytest.raises(ValueError, match="GUID"):
        manifest.write_package(tmp_path, "bot-123")

    assert list(tmp_path.iterdir()) == []
