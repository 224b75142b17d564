"""`ki-bot doctor` (issue 18, item 24): what is set, what is missing and what that breaks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.cli import main
from domain.directory import DirectoryFile, Organisation, OrgKind, Person
from domain.identity import PersonRef
from domain.messaging import Content, ToPerson
from domain.privacy import cpr_like_numbers
from storage.db import Database
from storage.directory import DirectoryStore
from storage.migrate import upgrade
from storage.outbox import Outbox, OutgoingMessage
from storage.reach import Channel, Installation, Reach
from tests.cpr_forms import synthetic_cpr

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
TENANT = "11111111-2222-3333-4444-555555555556"
SECRET = "app-password-that-must-never-be-printed"
LINK_SECRET = "link-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
POOL = "19:pool@thread.tacv2"
DEPLOYED = {
    "MicrosoftAppId": "11111111-2222-3333-4444-555555555555",
    "MicrosoftAppPassword": SECRET,
    "MicrosoftAppTenantId": TENANT,
    "ALLOWED_TENANTS": TENANT,
    "LINK_SECRET": LINK_SECRET,
    "PUBLIC_URL": "https://ki-bot.example.dk",
}
ALICE = PersonRef(TENANT, "aad-alice")


@pytest.fixture
def doctor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name in DEPLOYED:
        monkeypatch.delenv(name, raising=False)

    def run(database_url: str, **env: str) -> tuple[int, str]:
        monkeypatch.setenv("DATABASE_URL", database_url)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        code = main(["doctor"])
        return code, capsys.readouterr().out

    return run


def _database(tmp_path: Path, fill: object) -> str:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    database = Database(url)
    upgrade(database.engine)
    database.run_sync(fill)  # type: ignore[arg-type]
    database.dispose()
    return url


def _organisation(pool: str | None) -> Organisation:
    return Organisation("pc-test", OrgKind.REGION, "PC Test", TENANT, pool_reference=pool)


def test_with_nothing_set_it_names_each_missing_setting_with_what_it_breaks_and_exits_1(
    doctor, tmp_path: Path
):
    code, out = doctor(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert code == 1
    assert "MicrosoftAppId and MicrosoftAppPassword not set: Teams cannot reach the bot" in out
    assert "ALLOWED_TENANTS not set: any Microsoft 365 tenant" in out
    assert "LINK_SECRET and PUBLIC_URL not set: meeting confirmations carry no" in out
    assert "does not exist: nothing is stored yet; run `ki-bot db upgrade`" in out
    assert out.rstrip().endswith("4 problem(s)")
    assert not (tmp_path / "db.sqlite3").exists()  # the doctor changes nothing


def test_a_deployed_bot_with_its_pool_installed_has_nothing_broken_and_no_secret_is_printed(
    doctor, tmp_path: Path
):
    def fill(session: Session) -> None:
        DirectoryStore(session, NOW).apply_file(
            DirectoryFile((_organisation(POOL),), (Person(ALICE, None, "Alice", "pc-test"),))
        )
        reach = Reach(session)
        team = Installation("19:team@thread.tacv2", "team", TENANT, "KI", "https://smba/", "28:b")
        reach.upsert_channels(reach.install(team, NOW), [Channel(POOL, "KI-pulje")])

    code, out = doctor(_database(tmp_path, fill), **DEPLOYED)

    assert code == 0, out
    assert out.rstrip().endswith("nothing is broken")
    assert "MicrosoftAppPassword is set (not shown)" in out and "reachable and migrated" in out
    assert "directory: 1 organisation(s), 1 people" in out
    assert SECRET not in out and LINK_SECRET not in out


def test_it_lists_pools_without_a_channel_unseen_and_unreachable_people_and_failed_messages(
    doctor, tmp_path: Path
):
    cpr = synthetic_cpr()
    unseen = Person(None, "bo@example.dk", f"Bo {cpr[:6]}-{cpr[6:]}", "pc-test")

    def fill(session: Session) -> None:
        DirectoryStore(session, NOW).apply_file(
            DirectoryFile((_organisation(None),), (Person(ALICE, None, "Alice", "pc-test"), unseen))
        )
        Reach(session).mark_unreachable(ALICE, "no_shared_team", NOW)
        outbox = Outbox(session)
        outbox.enqueue(OutgoingMessage("k1", ToPerson(ALICE), Content(text="hej"), NOW), now=NOW)
        [message] = outbox.claim_due(now=NOW, owner="test", lease=timedelta(minutes=1), limit=1)
        outbox.mark_failed([message.id], "rejected")

    code, out = doctor(_database(tmp_path, fill), **DEPLOYED)

    assert code == 1
    assert "1 pool(s) without a channel the bot is in (pc-test)" in out
    assert "1 person(s) in the directory never seen in Teams (Bo " in out
    assert "1 person(s) unreachable (1 no_shared_team)" in out
    assert "1 outbox message(s) not delivered: see `ki-bot outbox`" in out
    assert out.rstrip().endswith("4 problem(s)") and cpr_like_numbers(out) == []
