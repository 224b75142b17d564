"""A person's chosen language on the users row, found by Teams user id or by PersonRef."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.identity import PersonRef
from storage.db import Database
from storage.models import UserRecord
from storage.preferences import Preferences

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_chosen_language_is_found_by_teams_id_and_by_person(database: Database):
    database.run_sync(
        lambda s: s.add(
            UserRecord(
                teams_user_id="29:alice",
                aad_object_id="AAD-Alice",
                tenant_id="Tenant-1",
                first_seen_at=NOW,
                last_seen_at=NOW,
            )
        )
    )
    database.run_sync(lambda s: Preferences(s).set_language("29:alice", "en", NOW))

    by_id = database.run_sync(lambda s: Preferences(s).language_of_user("29:alice"))
    person = PersonRef("tenant-1", "aad-alice")
    by_person = database.run_sync(lambda s: Preferences(s).language_of(person))
    other = database.run_sync(
        lambda s: Preferences(s).language_of(PersonRef("tenant-2", "aad-alice"))
    )

    assert (by_id, by_person, other) == ("en", "en", None)


def test_choosing_a_language_before_the_user_was_recorded_creates_the_row(database: Database):
    database.run_sync(lambda s: Preferences(s).set_language("29:new", "da", NOW))

    assert database.run_sync(lambda s: Preferences(s).language_of_user("29:new")) == "da"
    assert database.run_sync(lambda s: Preferences(s).language_of_user("29:unknown")) is None


def test_the_language_to_write_in_is_the_choice_then_the_organisations_then_the_clients(
    database: Database,
):
    from domain.directory import DirectoryFile, Organisation, OrgKind, Person
    from storage.directory import DirectoryStore

    english = Organisation("pc-en", OrgKind.REGION, "PC EN", "tenant-1", language="en")
    danish = Organisation("pc-da", OrgKind.REGION, "PC DA", "tenant-1")
    placed = PersonRef("tenant-1", "aad-alice")
    wanted = DirectoryFile((danish, english), (Person(placed, None, "Alice", "pc-en"),))
    database.run_sync(lambda s: DirectoryStore(s, NOW).apply_file(wanted))
    for user, aad, tenant in (("29:alice", "aad-alice", "tenant-1"), ("29:bob", "aad-bob", "t-2")):
        database.run_sync(
            lambda s, u=user, a=aad, t=tenant: s.add(
                UserRecord(
                    teams_user_id=u,
                    aad_object_id=a,
                    tenant_id=t,
                    locale="da-DK",
                    first_seen_at=NOW,
                    last_seen_at=NOW,
                )
            )
        )
    unplaced = PersonRef("tenant-1", "aad-carl")  # the tenant's organisations disagree

    def languages(s: object) -> list[str]:
        preferences = Preferences(s)  # type: ignore[arg-type]
        return [
            preferences.language_for(placed),
            preferences.language_for_user("29:alice"),
            preferences.language_for(unplaced, default="en"),
            preferences.language_for(PersonRef("t-2", "aad-bob")),
        ]

    assert database.run_sync(languages) == ["en", "en", "en", "da"]
    database.run_sync(lambda s: Preferences(s).set_language("29:alice", "da", NOW))
    assert database.run_sync(languages)[:2] == ["da", "da"]
