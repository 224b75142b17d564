"""Person pickers that scale (issue #18, item 25), over HTTP: the meeting form's participant
pickers and the pool administrator's person picker search as the reader types, through Teams'
``application/search`` invoke, in two tenants; a chosen person the short static list does not
hold survives the form's overview and "Ret"; whoever may not search is refused in plain words,
and a payload of the wrong shape is refused, never crashed on."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from dialogs.search import PeopleSearch
from domain.directory import parse_directory_file
from storage.directory import DirectoryStore
from storage.models import ProcessedActivity
from tests import activities
from tests.conftest import BotUnderTest
from tests.cpr_forms import synthetic_cpr
from tests.e2e.sparring_world import directory_file, set_up
from tests.harness import World
from tests.harness.events import activity
from tests.harness.model import Place, User, stable_uuid
from tests.harness.world import Turn

SEARCH = "application/vnd.microsoft.search.searchResponse"
ERROR = "application/vnd.microsoft.error"
STAFF = 120  # more than the static list ever held (100 before the typeahead, 25 now)


def _extra_person(name: str, key: str, tenant: str, organisation: str, upn: str = "") -> str:
    upn_line = f'upn = "{upn}"\n' if upn else ""
    return f"""
[[people]]
name = "{name}"
aad_object_id = "{stable_uuid("search", key)}"
tenant = "{tenant}"
organisation = "{organisation}"
{upn_line}"""


def _value(tenant: str, key: str) -> str:
    return f"{tenant}|{stable_uuid('search', key)}"


async def _load(world: World, extra: str, admin: User | None = None) -> None:
    base = directory_file(world)
    if admin is not None:  # listed in the region already: an administrator too
        listed = f'aad_object_id = "{admin.aad_object_id}"\ntenant = "{admin.tenant.id}"\n'
        assert listed in base
        base = base.replace(
            listed + 'organisation = "pc-amager"\nroles = []',
            listed + 'organisation = "pc-amager"\nroles = ["admin"]',
        )
        assert 'roles = ["admin"]' in base
    wanted = parse_directory_file(base + extra)
    await world.bot.services.database.run(
        lambda session: DirectoryStore(session, world.bot.clock.now()).apply_file(wanted)
    )


async def _many_colleagues(world: World, *, admin: User | None = None) -> None:
    """The region gets ``STAFF`` more people, and Søren Ærø Åberg (the municipality) and Åse
    Østergaard (the region) who sort after all of them."""
    region, kommune = world.user("anne").tenant.id, world.user("carla").tenant.id
    extra = "".join(
        _extra_person(f"Medarbejder {n:03d}", f"m{n}", region, "pc-amager") for n in range(STAFF)
    )
    extra += _extra_person("Søren Ærø Åberg", "soren", kommune, "kk-misbrug", "saa@kommune.example")
    extra += _extra_person("Åse Østergaard", "aase", region, "pc-amager", "aoe@region.example")
    await set_up(world)
    await _load(world, extra, admin)


async def _search(
    world: World, user: User, value: Any, *, place: Place | None = None, event_id: str = ""
) -> Turn:
    """What Teams sends while ``user`` types in a picker of a card in ``place``."""
    event = activity(
        "invoke",
        user=user,
        place=place or user,
        service_url=world.connector.service_url,
        now=world.bot.clock.now(),
        name="application/search",
        value=value,
    )
    if event_id:
        event["id"] = event_id
    return await world.post(event)


def _query(text: str, dataset: str = "ki.people", skip: int = 0, top: int = 15) -> dict[str, Any]:
    return {"queryText": text, "queryOptions": {"skip": skip, "top": top}, "dataset": dataset}


def _results(turn: Turn) -> list[dict[str, str]]:
    assert turn.status == 200, (turn.status, turn.body)
    assert turn.body["type"] == SEARCH
    return list(turn.body["value"]["results"])


def _titles(turn: Turn) -> list[str]:
    return [r["title"] for r in _results(turn)]


def _refusal(turn: Turn) -> str:
    assert turn.body["type"] == ERROR, turn.body
    assert turn.status == turn.body["statusCode"] and turn.status in (400, 403, 404)
    return str(turn.body["value"]["message"])


def _picker(card: dict[str, Any], input_id: str) -> dict[str, Any]:
    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("id") == input_id and node.get("type") == "Input.ChoiceSet":
                return node
            return next((f for v in node.values() if (f := walk(v)) is not None), None)
        if isinstance(node, list):
            return next((f for v in node if (f := walk(v)) is not None), None)
        return None

    found = walk(card)
    assert found is not None, f"no picker {input_id}"
    return dict(found)


# --- finding people -----------------------------------------------------------------------------
async def test_staff_find_a_colleague_in_the_other_tenant_by_name_as_typed_on_any_keyboard(
    world: World,
):
    await _many_colleagues(world)
    anne, kommune = world.user("anne"), world.user("carla").tenant.id
    soren = _value(kommune, "soren")

    for typed in ("søren", "SOREN", "soeren", "aberg", "Aaberg", "ærø", "aero", "saa@kommune"):
        found = await _search(world, anne, _query(typed))
        assert [r["value"] for r in _results(found)] == [soren], typed
    [title] = _titles(await _search(world, anne, _query("sør")))
    assert title == "Søren Ærø Åberg – Københavns Misbrugscenter"


async def test_a_member_of_the_municipality_finds_region_staff_and_never_herself(world: World):
    await _many_colleagues(world)
    dina, anne = world.user("dina"), world.user("anne")

    found = await _search(world, dina, _query("an"))
    mine = await _search(world, dina, _query("dina"))

    assert f"{anne.person.tenant_id}|{anne.person.aad_object_id}" in [
        r["value"] for r in _results(found)
    ]
    assert _results(mine) == []


async def test_results_come_in_pages_of_what_teams_asks_for(world: World):
    await _many_colleagues(world)
    anne = world.user("anne")

    first = _results(await _search(world, anne, _query("medarbejder", skip=0, top=15)))
    second = _results(await _search(world, anne, _query("medarbejder", skip=15, top=15)))
    last = _results(await _search(world, anne, _query("medarbejder", skip=STAFF - 5, top=15)))

    assert len(first) == len(second) == 15 and len(last) == 5
    assert not {r["value"] for r in first} & {r["value"] for r in second}
    assert [r["title"] for r in first][:2] == [
        "Medarbejder 000 – Psykiatrisk Center Amager",
        "Medarbejder 001 – Psykiatrisk Center Amager",
    ]


async def test_the_roster_of_the_group_chat_searched_from_is_found_there_only(world: World):
    await set_up(world)  # the directory lists the six; gitte is only on a group chat's roster
    anne = world.user("anne")
    gitte = world.directory.add_user("gitte", "Gitte Gråsten", anne.tenant)
    group = world.directory.add_group("Opfølgning Jens", [anne, gitte])
    await world.install_in_group(group)

    there = await _search(world, anne, _query("grasten"), place=group)
    elsewhere = await _search(world, anne, _query("grasten"))

    assert _results(there) == [
        {"title": "Gitte Gråsten", "value": f"{gitte.tenant.id}|{gitte.aad_object_id}"}
    ]
    assert _results(elsewhere) == []


# --- the meeting form -----------------------------------------------------------------------------
async def test_a_person_found_by_search_survives_the_overview_and_ret(world: World):
    await _many_colleagues(world)
    anne, region = world.user("anne"), world.user("anne").tenant.id
    aase = _value(region, "aase")
    await world.say(anne, "møde")
    form = world.chat(anne).latest_card("Planlæg et møde")
    people = _picker(form.card, "people")
    assert people["choices.data"] == {"type": "Data.Query", "dataset": "ki.people"}
    assert 0 < len(people["choices"]) <= 25 and people["isMultiSelect"] is True
    assert aase not in [c["value"] for c in people["choices"]]
    [found] = _results(await _search(world, anne, _query("åse")))
    assert found["value"] == aase

    inputs = {"title": "Status", "people": aase, "slots": "mandag d. 30/11 kl 10-11"}
    overview = await world.click(anne, form, "meetings.preview", inputs=inputs)
    assert overview.card is not None and "Åse Østergaard" in json.dumps(
        overview.card, ensure_ascii=False
    )
    again = await world.click(anne, form, "meetings.edit")

    assert again.card is not None
    kept = _picker(again.card, "people")
    assert kept["value"] == aase
    assert {"title": "Åse Østergaard", "value": aase} in kept["choices"]


# --- the administrator's picker ---------------------------------------------------------------------
async def test_an_administrator_finds_anyone_in_the_directory_by_the_id_the_pools_card_uses(
    world: World,
):
    finn = world.user("finn")
    await _many_colleagues(world, admin=finn)
    await world.say(finn, "puljer")
    pools = world.chat(finn).latest_card("Koordinatorpuljer")
    person = _picker(pools.card, "person")
    assert person["choices.data"] == {"type": "Data.Query", "dataset": "ki.directory"}
    assert len(person["choices"]) <= 25

    [found] = _results(await _search(world, finn, _query("østergaard", "ki.directory")))
    asked = await world.click(
        finn,
        pools,
        "directory.change.propose",
        inputs={"person": found["value"], "change": "backup", "organisation": "pc-amager"},
    )

    assert found["title"] == "Åse Østergaard – Psykiatrisk Center Amager"
    assert asked.card is not None and "Åse Østergaard" in json.dumps(asked.card, ensure_ascii=False)


# --- refused ---------------------------------------------------------------------------------------
async def test_a_care_worker_may_not_search_the_whole_directory(world: World):
    await _many_colleagues(world)

    refused = await _search(world, world.user("anne"), _query("medarbejder", "ki.directory"))

    assert refused.status == 403
    assert "administratorer" in _refusal(refused)


async def test_someone_outside_the_ki_organisations_is_refused_in_their_language(world: World):
    await _many_colleagues(world)
    olga = world.directory.add_user("olga", "Olga Udefra", "Andet Firma", locale="en-US")

    refused = await _search(world, olga, _query("søren"))

    assert refused.status == 403
    assert "Only staff of the KI organisations" in _refusal(refused)


@pytest.mark.parametrize(
    "value",
    [
        "søren",
        None,
        [1, 2],
        {"queryText": 5, "dataset": "ki.people"},
        {"queryText": "a", "dataset": ["ki.people"]},
        {"queryText": "a"},
        {"queryText": "a", "dataset": "ki.cases"},
        {"queryText": "a", "dataset": "ki.people", "queryOptions": [0, 15]},
        {"queryText": "a", "dataset": "ki.people", "queryOptions": {"skip": -1}},
        {"queryText": "a", "dataset": "ki.people", "queryOptions": {"top": "abc"}},
        {"queryText": "a", "dataset": "ki.people", "queryOptions": {"top": True}},
        {"queryText": "a", "dataset": "ki.people", "queryOptions": {"skip": 1e300}},
        {"queryText": "x" * 5000, "dataset": "ki.people"},
    ],
)
async def test_a_search_of_the_wrong_shape_is_refused_and_the_bot_goes_on(world: World, value: Any):
    await set_up(world)
    anne = world.user("anne")

    refused = await _search(world, anne, value)
    after = await _search(world, anne, _query("bo"))

    assert refused.status in (400, 404), refused.body
    assert "Søgningen kunne ikke læses" in _refusal(refused)
    assert "Bo Bertelsen – Psykiatrisk Center Amager" in _titles(after)
    assert not refused.replies and not after.replies  # nothing said in the chat


# --- what a search leaves behind -------------------------------------------------------------------
async def test_a_search_is_answered_again_when_redelivered_and_is_not_stored_as_a_turn(
    world: World,
):
    await set_up(world)
    anne = world.user("anne")

    def handled(session: Any) -> int:
        return len(session.exec(select(ProcessedActivity)).all())

    before = await world.bot.services.database.run(handled)
    first = await _search(world, anne, _query("bo"), event_id="1999000000001")
    again = await _search(world, anne, _query("bo"), event_id="1999000000001")
    after = await world.bot.services.database.run(handled)

    assert _titles(first) == _titles(again) == ["Bo Bertelsen – Psykiatrisk Center Amager"]
    assert after == before


async def test_a_cpr_number_typed_in_a_picker_is_never_echoed_nor_answered_in_the_chat(
    world: World,
):
    await set_up(world)
    anne, number = world.user("anne"), synthetic_cpr(11)

    found = await _search(world, anne, _query(f"bo {number}"))

    assert number not in json.dumps(found.body) and number[:6] not in json.dumps(found.body)
    assert not found.replies


# --- authenticated like every activity -------------------------------------------------------------
APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
OTHER_TENANT = "11111111-2222-4333-8444-555555555555"


def _search_activity(service_url: str, **kwargs: Any) -> dict[str, Any]:
    event = activities._base("invoke", service_url=service_url, **kwargs)
    return {**event, "name": "application/search", "value": _query("bo")}


@pytest.mark.parametrize("header", [None, "Bearer garbage"])
async def test_a_search_without_a_valid_token_gets_401(bot: BotUnderTest, header: str | None):
    await bot.restart(app_id=APP_ID, app_password="secret", app_tenant_id=activities.TENANT_ID)

    status, body = await bot.send(
        _search_activity(bot.service_url),
        headers={"Authorization": header} if header else {},
    )

    assert status == 401 and "results" not in json.dumps(body)


async def test_a_search_from_a_tenant_not_allowed_gets_403(bot: BotUnderTest):
    await bot.restart(allowed_tenants=frozenset({OTHER_TENANT}))

    status, body = await bot.send(_search_activity(bot.service_url))

    assert status == 403 and "results" not in json.dumps(body)


# --- the pools' channels (a walk finding) ------------------------------------------------------------
async def test_the_pools_overview_names_each_pools_channel(world: World):
    finn = world.user("finn")
    await _many_colleagues(world, admin=finn)

    await world.say(finn, "puljer")
    pools = json.dumps(world.chat(finn).latest_card("Koordinatorpuljer").card, ensure_ascii=False)

    assert "PC Amager, KI-koordinering" in pools
    assert "Misbrugscenter Nord" in pools
    assert "ingen kanal endnu" not in pools


async def test_a_search_that_fails_is_answered_in_the_picker_not_in_the_chat(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    await set_up(world)

    async def broken(*_args: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(PeopleSearch, "search", broken)
    failed = await _search(world, world.user("anne"), _query("bo"))

    assert failed.status == 500 and failed.body["type"] == ERROR
    assert "the database went away" not in json.dumps(failed.body)
    assert not failed.replies
