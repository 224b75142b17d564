"""Can the bot reach a person now? Asked inside the writing transaction, so a reply never
claims a send that will not happen; and a mark of "unreachable" lasts only until they are seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from storage.db import Database
from storage.models import UserRecord
from storage.outbox import Outbox, OutgoingMessage
from storage.reach import REQUEUE_WITHIN, Installation, Member, Reach, Reachability

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MEGAN = PersonRef("tenant-a", "aad-megan")


def _ask(database: Database, person: PersonRef = MEGAN) -> Reachability:
    return database.run_sync(lambda s: Reach(s).reachability(person))


def _on_a_roster(session: Session, person: PersonRef = MEGAN, *, active: bool = True) -> None:
    reach = Reach(session)
    installation = reach.install(
        Installation("19:team", "team", person.tenant_id, "Team", "http://x/", "28:bot"), NOW
    )
    reach.upsert_members(
        installation, person.tenant_id, [Member(person.aad_object_id, "29:megan", "Megan", None)]
    )
    if not active:
        reach.uninstall("19:team", NOW)


def test_someone_the_bot_never_saw_is_an_unknown_person(database: Database):
    assert _ask(database) == Reachability(False, "unknown_person")


def test_someone_seen_but_sharing_no_team_and_without_the_app_cannot_be_reached_yet(
    database: Database,
):
    database.run_sync(
        lambda s: s.add(
            UserRecord(
                teams_user_id="29:megan",
                aad_object_id=MEGAN.aad_object_id,
                tenant_id=MEGAN.tenant_id,
                first_seen_at=NOW,
                last_seen_at=NOW,
            )
        )
    )

    assert _ask(database) == Reachability(False, "not_installed_no_shared_team")


def test_a_member_of_a_team_the_bot_is_installed_in_can_be_reached(database: Database):
    database.run_sync(_on_a_roster)

    assert _ask(database) == Reachability(True)


def test_a_team_the_bot_was_removed_from_does_not_count(database: Database):
    database.run_sync(lambda s: _on_a_roster(s, active=False))

    assert _ask(database).reachable is False


def test_someone_with_a_personal_chat_can_be_reached(database: Database):
    database.run_sync(
        lambda s: Reach(s).remember_personal_chat(
            MEGAN,
            teams_user_id="29:megan",
            conversation_id="a:chat",
            service_url="http://x/",
            bot_id="28:bot",
            now=NOW,
        )
    )

    assert _ask(database) == Reachability(True)


def test_someone_who_blocked_the_bot_is_blocked_even_with_a_chat(database: Database):
    database.run_sync(_on_a_roster)
    database.run_sync(lambda s: Reach(s).mark_unreachable(MEGAN, "MessageWritesBlocked", NOW))

    assert _ask(database) == Reachability(False, "blocked")


def test_a_no_shared_team_mark_from_before_the_install_does_not_count(database: Database):
    database.run_sync(lambda s: Reach(s).mark_unreachable(MEGAN, "no_shared_team", NOW))
    database.run_sync(_on_a_roster)

    assert _ask(database) == Reachability(True)


def test_seeing_someone_clears_their_mark_and_queues_what_was_dropped_lately(database: Database):
    def dropped(key: str, due_at: datetime) -> None:
        def write(session: Session) -> None:
            outbox = Outbox(session)
            outbox.enqueue(
                OutgoingMessage(key, ToPerson(MEGAN), Content(text=key), due_at), now=NOW
            )
            [claimed] = outbox.claim_due(now=NOW, owner="x", lease=timedelta(seconds=5), limit=1)
            outbox.mark_unreachable([claimed.id], "no_shared_team")

        database.run_sync(write)

    dropped("too-old", NOW - REQUEUE_WITHIN - timedelta(minutes=1))
    dropped("recent", NOW - timedelta(days=2))
    database.run_sync(lambda s: Reach(s).mark_unreachable(MEGAN, "no_shared_team", NOW))

    requeued = database.run_sync(lambda s: Reach(s).seen(MEGAN, NOW))
    seen_again = database.run_sync(lambda s: Reach(s).seen(MEGAN, NOW))

    assert (requeued, seen_again) == (1, 0)
    assert database.run_sync(lambda s: Outbox(s).counts()) == {"pending": 1, "unreachable": 1}
    assert database.run_sync(lambda s: Reach(s).unreachable_reason(MEGAN)) is None
