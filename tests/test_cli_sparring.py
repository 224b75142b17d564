"""`ki-bot sparring stats`, run as an operator would run it, on threads written by the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from domain.identity import PersonRef
from domain.sparring import Changed, Relation, Urgency
from storage.db import Database
from storage.migrate import upgrade
from storage.sparring import NewThread, SparringThreads

ASKER = PersonRef("tenant-region", "aad-anne")
CLAIMER = PersonRef("tenant-region", "aad-bo")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _thread(
    database: Database, organisation: str, asked: datetime, claim_after: float | None
) -> None:
    def write(session) -> None:  # type: ignore[no-untyped-def]
        threads = SparringThreads(session, asked)
        new = NewThread(ASKER, "Anne", organisation, organisation, "?", None, (), Urgency.NORMAL)
        thread = threads.create(new)
        if claim_after is not None:
            claimed_at = asked + timedelta(hours=claim_after)
            claimed = thread.claim(CLAIMER, Relation.POOL, "Bo", claimed_at)
            assert isinstance(claimed, Changed)
            answered_at = claimed_at + timedelta(hours=1)
            answered = claimed.thread.write(CLAIMER, Relation.CLAIMER, "Ja.", answered_at)
            assert isinstance(answered, Changed)
            assert threads.save(claimed.thread) and threads.save(answered.thread)

    database.run_sync(write)


@pytest.fixture
def _run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)

    def run(database_url: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("DATABASE_URL", database_url)
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_stats_print_requests_and_median_times_per_organisation(_run, database_url: str):
    database = Database(database_url)
    upgrade(database.engine)
    _thread(database, "pc-amager", START, 1.0)
    _thread(database, "pc-amager", START, 3.0)
    _thread(database, "pc-amager", START, 2.0)
    _thread(database, "kk-misbrug", START - timedelta(days=30), None)
    database.dispose()

    code, everything, _ = _run(database_url, "sparring", "stats")
    _, recent, _ = _run(database_url, "sparring", "stats", "--since", "2026-11-01")

    assert code == 0
    assert (
        "pc-amager (pc-amager): 3 questions, claimed after 2.0 h, first answer after 3.0 h"
        in everything
    )
    assert (
        "kk-misbrug (kk-misbrug): 1 questions, claimed after –, first answer after –" in everything
    )
    assert "kk-misbrug" not in recent


def test_stats_refuse_a_date_they_cannot_read(_run, database_url: str):
    code, _, error = _run(database_url, "sparring", "stats", "--since", "i går")

    assert code == 2 and "YYYY-MM-DD" in error


def test_stats_without_questions_say_so(_run, database_url: str):
    code, out, _ = _run(database_url, "sparring", "stats")

    assert (code, out.strip()) == (0, "No sparring questions.")
