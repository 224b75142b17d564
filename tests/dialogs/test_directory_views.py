"""The directory as the cards show it: an organisation by name and kind, a person by name and
where they work, and each pool with its coordinators, backups, partners and channel."""

from __future__ import annotations

from cards.directory import OrganisationChoice, PersonChoice, PoolView
from dialogs.directory.views import organisation_choice, person_choice, pool_views
from domain.directory import Directory, Organisation, OrgKind, Person, Role
from domain.identity import PersonRef
from storage.directory import StoredPerson
from tests.dialogs.directory_fixtures import KOMMUNE, REGION

HVIDOVRE = Organisation("hvidovre", OrgKind.KOMMUNE, "Hvidovre Kommune", "tenant-kommune",
                        partner_ids=("pc-amager", "gone"), pool_reference="19:pool@thread")  # fmt: skip


def _ref(name: str) -> PersonRef:
    return PersonRef("tenant-region", f"aad-{name}")


def _people(*people: Person) -> list[StoredPerson]:
    return [StoredPerson(n, p) for n, p in enumerate(people, start=1)]


def test_an_organisation_is_offered_by_its_id_name_and_kind():
    assert organisation_choice(KOMMUNE) == OrganisationChoice(
        "crb-kbh", "Center for Rusmiddelbehandling", "kommune"
    )
    assert organisation_choice(REGION).kind == "region"


def test_a_person_is_named_with_the_organisation_they_work_in():
    directory = Directory.of([REGION], [])
    bo = StoredPerson(7, Person(_ref("bo"), "bo@example.org", "Bo Berg", "pc-amager"))

    assert person_choice(bo, directory) == PersonChoice(
        "7", "Bo Berg – Psykiatrisk Center Amager", "Bo Berg"
    )


def test_a_person_without_a_known_organisation_is_told_apart_by_their_upn():
    directory = Directory.of([REGION], [])
    bo = Person(_ref("bo"), "bo@example.org", "Bo Berg", "no-such-org")

    assert person_choice(StoredPerson(7, bo), directory).label == "Bo Berg (bo@example.org)"


def test_a_person_the_bot_has_no_name_for_is_shown_by_upn_or_as_unknown():
    directory = Directory.of([], [])
    by_upn = Person(None, "new@example.org", "")
    nameless = Person(_ref("x"), None, "")

    assert person_choice(StoredPerson(1, by_upn), directory).label == "new@example.org"
    assert person_choice(StoredPerson(2, nameless), directory).label == "?"


def test_each_pool_lists_its_coordinators_and_backups_by_name_in_order():
    people = _people(
        Person(_ref("c"), None, "Cecilie", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(_ref("a"), None, "Anders", "pc-amager", frozenset({Role.COORDINATOR})),
        Person(_ref("b"), None, "Birthe", "pc-amager", frozenset({Role.BACKUP})),
        Person(_ref("d"), None, "Dorthe", "crb-kbh", frozenset({Role.BACKUP})),
        Person(_ref("e"), None, "Erik", "pc-amager", frozenset({Role.ADMIN})),
    )
    directory = Directory.of([REGION, KOMMUNE], [p.person for p in people])

    views = {v.organisation.id: v for v in pool_views(directory, people)}

    assert (views["pc-amager"].coordinators, views["pc-amager"].backups) == (
        ["Anders", "Cecilie"], ["Birthe"],
    )  # fmt: skip
    assert (views["crb-kbh"].coordinators, views["crb-kbh"].backups) == ([], ["Dorthe"])


def test_the_pools_come_by_organisation_name_with_their_known_partners_and_channel():
    directory = Directory.of([REGION, KOMMUNE, HVIDOVRE], [])

    views = pool_views(directory, [])

    assert [v.organisation.name for v in views] == [
        "Center for Rusmiddelbehandling", "Hvidovre Kommune", "Psykiatrisk Center Amager",
    ]  # fmt: skip
    assert views[1] == PoolView(
        OrganisationChoice("hvidovre", "Hvidovre Kommune", "kommune"),
        partners=["Psykiatrisk Center Amager"],  # an unknown partner is left out
        has_channel=True,
    )
    assert not views[0].has_channel and views[0].partners == []
