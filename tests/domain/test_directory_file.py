"""The directory file: good files read and write back unchanged; every kind of bad file is refused
with the line at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.directory import (
    ChangeKind,
    DirectoryFile,
    InvalidDirectoryFile,
    OrgKind,
    Role,
    parse_directory_file,
    plan_changes,
    render_directory_file,
)
from domain.identity import PersonRef

EXAMPLE = Path(__file__).parents[2] / "directory.example.toml"
TENANT = "11111111-1111-4111-8111-111111111111"

ORGS = f"""\
[[organisations]]
id = "pc-amager"
kind = "region"
name = "Psykiatrisk Center Amager"
tenant = "{TENANT}"
partners = ["crb-kbh"]

[[organisations]]
id = "crb-kbh"
kind = "kommune"
name = "Center for Rusmiddelbehandling København"
tenant = "22222222-2222-4222-8222-222222222222"
partners = ["pc-amager"]
"""


def _person(**fields: object) -> str:
    import json

    body = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
    return f"\n[[people]]\n{body}\n"


def _problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(InvalidDirectoryFile) as error:
        parse_directory_file(text)
    return [(p.line, p.message) for p in error.value.problems]


def test_the_example_file_in_the_repository_is_valid():
    directory = parse_directory_file(EXAMPLE.read_text("utf-8"))

    assert {o.id for o in directory.organisations} == {"pc-amager", "crb-kbh"}
    assert [p.name for p in directory.people if Role.ADMIN in p.roles] == ["IT-administrator"]


def test_a_file_reads_into_organisations_people_and_roles():
    text = ORGS + _person(
        name="Anna",
        upn="Anna@RegionH.dk",
        aad_object_id="AAD-1",
        organisation="pc-amager",
        roles=["coordinator", "admin"],
    )

    directory = parse_directory_file(text)

    amager = next(o for o in directory.organisations if o.id == "pc-amager")
    [anna] = directory.people
    assert (amager.kind, amager.partner_ids, amager.pool_reference) == (
        OrgKind.REGION,
        ("crb-kbh",),
        None,
    )
    assert anna.ref == PersonRef(TENANT, "aad-1") and anna.upn == "anna@regionh.dk"
    assert anna.roles == {Role.COORDINATOR, Role.ADMIN}


def test_writing_a_directory_and_reading_it_back_gives_the_same_directory():
    directory = parse_directory_file(EXAMPLE.read_text("utf-8"))

    again = parse_directory_file(render_directory_file(directory, header="exported"))

    assert again == directory
    assert plan_changes(directory, again) == []


def test_an_empty_file_is_an_empty_directory():
    assert parse_directory_file("") == DirectoryFile()


def test_a_name_with_quotes_and_danish_letters_survives_the_round_trip():
    text = ORGS.replace("Psykiatrisk Center Amager", 'PC \\"Amager\\" – Ørestad')

    directory = parse_directory_file(text)

    assert parse_directory_file(render_directory_file(directory)) == directory


BAD_FILES = [
    ("not TOML", ORGS + "\nname = = 3\n", 15, "not valid TOML"),
    ("unknown top-level key", "owner = 'x'\n" + ORGS, None, "unknown top-level key 'owner'"),
    ("organisations not tables", "organisations = 3\n", None, "[[organisations]]"),
    (
        "organisation without a name",
        ORGS.replace('name = "Psykiatrisk Center Amager"\n', ""),
        1,
        "needs 'name'",
    ),
    ("id with capitals", ORGS.replace('"pc-amager"\nkind', '"PC Amager"\nkind'), 2, "must be 2–40"),
    ("the same id twice", ORGS.replace('id = "crb-kbh"', 'id = "pc-amager"'), 9, "appears twice"),
    (
        "kind neither region nor kommune",
        ORGS.replace('"kommune"', '"county"'),
        10,
        "region or kommune",
    ),
    ("tenant not a GUID", ORGS.replace(TENANT, "regionh.dk"), 5, "tenant's GUID"),
    ("partner that does not exist", ORGS.replace('["crb-kbh"]', '["crb-aarhus"]'), 6, "crb-aarhus"),
    (
        "partner with itself",
        ORGS.replace('["crb-kbh"]', '["pc-amager"]'),
        6,
        "not another organisation",
    ),
    (
        "unknown organisation key",
        ORGS.replace('partners = ["crb-kbh"]', 'partner = "x"'),
        6,
        "unknown key 'partner'",
    ),
    (
        "name that is a number",
        ORGS.replace('"Psykiatrisk Center Amager"', "3"),
        4,
        "non-empty text",
    ),
    ("partners that are not a list", ORGS.replace('["crb-kbh"]', '"crb-kbh"'), 6, "list of texts"),
    (
        "person without upn or object id",
        ORGS + _person(name="Anna"),
        15,
        "needs 'upn' or 'aad_object_id'",
    ),
    ("upn that is no UPN", ORGS + _person(upn="anna"), 16, "is not a UPN"),
    (
        "person in an unknown organisation",
        ORGS + _person(upn="a@x.dk", organisation="pc-nord"),
        17,
        "'pc-nord' is not in the file",
    ),
    (
        "unknown role",
        ORGS + _person(upn="a@x.dk", organisation="pc-amager", roles=["boss"]),
        18,
        "role 'boss'",
    ),
    (
        "coordinator without organisation",
        ORGS + _person(upn="a@x.dk", roles=["coordinator"]),
        17,
        "needs an organisation",
    ),
    (
        "coordinator and backup at once",
        ORGS + _person(upn="a@x.dk", organisation="pc-amager", roles=["coordinator", "backup"]),
        18,
        "not both",
    ),
    ("object id without any tenant", ORGS + _person(aad_object_id="x1"), 15, "needs 'tenant'"),
    ("unknown person key", ORGS + _person(upn="a@x.dk", phone="1234"), 17, "unknown key 'phone'"),
    (
        "the same person twice",
        ORGS + _person(upn="a@x.dk") + _person(upn="A@x.dk"),
        18,
        "appears twice",
    ),
    (
        "four coordinators in one organisation",
        ORGS
        + "".join(
            _person(upn=f"c{i}@x.dk", organisation="pc-amager", roles=["coordinator"])
            for i in range(4)
        ),
        None,
        "at most 3",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_a_bad_file_is_refused_with_the_line_at_fault(text: str, line: int | None, message: str):
    problems = _problems(text)

    assert any(at == line and message in said for at, said in problems), problems


def test_every_problem_of_a_file_is_reported_at_once():
    text = ORGS.replace('"kommune"', '"county"') + _person(upn="anna") + _person(name="x")

    assert len(_problems(text)) == 3


def test_the_plan_names_what_loading_adds_changes_and_removes():
    before = parse_directory_file(
        ORGS + _person(upn="a@x.dk", organisation="pc-amager", roles=["coordinator"])
    )
    after = parse_directory_file(
        ORGS.split('\n[[organisations]]\nid = "crb-kbh"')[0].replace('["crb-kbh"]', "[]")
        + _person(upn="a@x.dk", organisation="pc-amager", roles=["backup"])
        + _person(upn="b@x.dk", organisation="pc-amager")
    )

    changes = {(c.kind, c.subject) for c in plan_changes(before, after)}

    assert changes == {
        (ChangeKind.CHANGE, "organisation pc-amager"),
        (ChangeKind.REMOVE, "organisation crb-kbh"),
        (ChangeKind.CHANGE, "person a@x.dk"),
        (ChangeKind.ADD, "person b@x.dk"),
    }


def test_a_refused_organisation_is_not_also_reported_missing_for_its_people():
    text = ORGS.replace(TENANT, "not a guid") + _person(
        name="Anna", aad_object_id="a1", organisation="pc-amager"
    )

    problems = _problems(text)

    assert problems == [(5, problems[0][1])] and "Tenant ID" in problems[0][1]


def test_without_credentials_any_tenant_id_is_accepted():
    playground = "00000000-0000-0000-0000-0000000000001"

    directory = parse_directory_file(ORGS.replace(TENANT, playground), strict_tenants=False)

    assert directory.organisations[1].tenant_id == playground
    with pytest.raises(InvalidDirectoryFile):
        parse_directory_file(ORGS.replace(TENANT, playground))


def test_an_organisations_language_is_danish_unless_the_file_says_english_and_survives_show():
    text = ORGS.replace('partners = ["pc-amager"]\n', 'partners = ["pc-amager"]\nlanguage = "en"\n')

    directory = parse_directory_file(text)
    shown = render_directory_file(directory)

    assert {o.id: o.language for o in directory.organisations} == {
        "crb-kbh": "en",
        "pc-amager": "da",
    }
    assert shown.count("language") == 1 and parse_directory_file(shown) == directory
    [change] = plan_changes(parse_directory_file(ORGS), directory)
    assert str(change) == "~ organisation crb-kbh: language 'da' → 'en'"


def test_a_language_the_bot_does_not_write_is_refused():
    text = ORGS.replace('partners = ["pc-amager"]\n', 'partners = ["pc-amager"]\nlanguage = "de"\n')

    [(line, message)] = _problems(text)

    assert line == 14 and "da" in message and "'de'" in message
