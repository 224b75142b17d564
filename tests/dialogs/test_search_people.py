"""The pickers' typeahead search on fakes: who may search which dataset, what is found (the
directory's people of the KI's organisations and the roster of the conversation searched from),
and a query of the wrong shape refused, never raised."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.search import PeopleSearch, Result, Results, SearchRefused
from domain.directory import Person
from domain.identity import PersonRef
from storage.meeting_people import Candidate
from tests.dialogs.directory_fixtures import directory_unit
from tests.dialogs.turns import ANNE, BO, CLARA, turn
from tests.fakes import FakeUnitOfWork, FakeUnitsOfWork

SOREN = PersonRef("tenant-kommune", "aad-soren")
GITTE = PersonRef("tenant-region", "aad-gitte")
STRANGER = PersonRef("tenant-elsewhere", "aad-stranger")


def unit() -> FakeUnitOfWork:
    found = directory_unit()
    found.directory.add_person(Person(SOREN, "soren@kommune.dk", "Søren Ærø", "crb-kbh"))
    found.meeting_people.conversations["group-1"] = [
        Candidate(GITTE, "Gitte Gråsten", None),
        Candidate(STRANGER, "Someone From Elsewhere", None),
    ]
    return found


def query(text: str, dataset: str = "ki.people", **options: Any) -> dict[str, Any]:
    return {"queryText": text, "dataset": dataset, "queryOptions": {"skip": 0, "top": 15} | options}


async def search(fake: FakeUnitOfWork, value: object, **who: Any) -> Results | SearchRefused:
    return await PeopleSearch(FakeUnitsOfWork(fake)).search(turn(**who), value)


async def test_staff_find_a_colleague_of_the_other_organisation_with_the_forms_value():
    found = await search(unit(), query("soeren"), actor=BO)

    assert found == Results(
        (Result("Søren Ærø – Center for Rusmiddelbehandling", "tenant-kommune|aad-soren"),)
    )


async def test_a_person_is_found_by_address_and_the_searcher_never_finds_themself():
    fake = unit()

    by_address = await search(fake, query("soren@"), actor=BO)
    myself = await search(fake, query("bo berg"), actor=BO)

    assert isinstance(by_address, Results) and len(by_address.results) == 1
    assert myself == Results(())


async def test_the_group_chats_roster_is_searched_from_that_chat_only_and_within_the_ki_tenants():
    fake = unit()

    in_group = await search(fake, query(""), actor=BO, kind="groupChat", conversation_id="group-1")
    personal = await search(fake, query("gitte"), actor=BO)

    assert isinstance(in_group, Results)
    values = [r.value for r in in_group.results]
    assert "tenant-region|aad-gitte" in values and "tenant-elsewhere|aad-stranger" not in values
    assert personal == Results(())


async def test_someone_outside_the_ki_organisations_is_refused():
    refused = await search(unit(), query("bo"), actor=STRANGER)

    assert isinstance(refused, SearchRefused) and refused.code == "Forbidden"
    assert "KI-organisationerne" in refused.message


async def test_a_turn_without_a_person_is_refused():
    refused = await search(unit(), query("bo"), actor=None)

    assert isinstance(refused, SearchRefused) and refused.code == "Forbidden"


async def test_only_an_administrator_searches_the_directory_and_gets_its_ids():
    fake = unit()

    admin = await search(fake, query("clara", "ki.directory"), actor=ANNE)
    staff = await search(fake, query("clara", "ki.directory"), actor=CLARA)

    assert admin == Results((Result("Clara Coordinator – Center for Rusmiddelbehandling", "3"),))
    assert isinstance(staff, SearchRefused) and staff.code == "Forbidden"


async def test_a_search_reads_nothing_it_would_audit_and_changes_nothing():
    fake = unit()

    await search(fake, query("s"), actor=BO)
    await search(fake, query("s", "ki.directory"), actor=BO)

    assert fake.audit.entries == [] and fake.outbox.pending() == []


@pytest.mark.parametrize(
    "value",
    [
        None,
        "bo",
        7,
        [],
        {},
        {"queryText": "bo"},
        {"queryText": ["bo"], "dataset": "ki.people"},
        {"queryText": "bo", "dataset": "ki.cases"},
        {"queryText": "bo", "dataset": "KI.PEOPLE"},
        {"queryText": "bo", "dataset": "ki.people", "queryOptions": {"top": 0}},
        {"queryText": "bo", "dataset": "ki.people", "queryOptions": {"skip": "-1"}},
        {"queryText": "bo", "dataset": "ki.people", "queryOptions": {"skip": 1.5}},
        {"queryText": "bo", "dataset": "ki.people", "queryOptions": {"top": False}},
        {"queryText": "b" * 101, "dataset": "ki.people"},
    ],
)
async def test_a_query_of_the_wrong_shape_is_refused(value: object):
    refused = await search(unit(), value, actor=BO)

    assert isinstance(refused, SearchRefused) and refused.code in ("BadRequest", "NotFound")
    assert refused.message == "Søgningen kunne ikke læses. Prøv igen, eller vælg fra listen."


async def test_teams_asking_for_more_than_a_page_gets_at_most_fifty():
    fake = FakeUnitOfWork()
    fake.directory.directory = directory_unit().directory.directory
    for n in range(80):
        fake.directory.add_person(
            Person(PersonRef("tenant-region", f"aad-{n}"), None, f"Ansat {n:02d}", "pc-amager")
        )

    found = await search(fake, query("ansat", top=500), actor=BO)

    assert isinstance(found, Results) and len(found.results) == 50


async def test_a_refusal_in_the_picker_is_in_the_readers_language_not_the_clients():
    fake = unit()
    fake.preferences.languages[CLARA] = "da"  # her choice or her organisation's

    refused = await search(fake, query("anne", "ki.directory"), actor=CLARA, language="en")

    assert refused == SearchRefused("Forbidden", "Kun administratorer kan søge i hele kataloget.")
