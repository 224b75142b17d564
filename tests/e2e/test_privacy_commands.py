"""``ki-bot privacy forget`` and ``ki-bot privacy export`` against a database the bot filled over
HTTP (a case, a sparring thread about it, a reminder), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from bot.cli import main
from storage.audit import AuditLog
from storage.course_tables import CourseRecord
from storage.directory_tables import PersonRecord
from storage.sparring import SparringMessageRecord, SparringThreadRecord
from tests.e2e.course_world import open_case
from tests.e2e.sparring_world import ask, deliver, options, set_up
from tests.harness import World

FORMER = "tidligere medarbejder"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def ki_bot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """``ki-bot …`` in this process, on the world's database (an operator at the console)."""
    monkeypatch.chdir(tmp_path)

    def run(world: World, *args: str) -> Ran:
        monkeypatch.setenv("DATABASE_URL", world.bot.settings.database_url)
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


async def _dump(world: World) -> dict[str, list[str]]:
    def read(session: Any) -> dict[str, list[str]]:
        connection = session.connection()
        return {
            table: sorted(
                json.dumps([str(v) for v in row], ensure_ascii=False)
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608
            )
            for table in inspect(connection).get_table_names()
        }

    return await world.bot.services.database.run(read)


def _found(dump: dict[str, list[str]], needle: str) -> list[str]:
    return [f"{t}: {row[:200]}" for t, rows in dump.items() for row in rows if needle in row]


async def _annes_case_and_question(world: World) -> str:
    await set_up(world)
    anne, bo = world.user("anne"), world.user("bo")
    for user in (anne, bo):
        await world.say(user, "hjælp")
    reference = await open_case(world, "anne")
    await deliver(world)
    await ask(world, anne, "Skal vi lave en plan?", case_reference=reference)
    request = world.chat(bo).latest_card("Sparring #1")
    await options(world, bo, request)
    await world.click(bo, request, "sparring.claim")
    await world.click(
        bo, request, "sparring.reply", inputs={"text": "Hej Anne Andersen, ring til mig."}
    )
    await world.say(anne, "påmind mig i morgen kl 9 om at ringe til lægen")
    await deliver(world)
    return reference


async def _read(world: World, query: Any) -> list[Any]:
    return await world.bot.services.database.run(lambda s: list(s.scalars(query)))


async def test_forgetting_a_tovholder_who_left_hands_her_course_to_the_coordinators(
    world: World, ki_bot
):
    reference = await _annes_case_and_question(world)
    anne = world.user("anne")
    before = await _dump(world)
    assert _found(before, "Anne Andersen") and _found(before, anne.upn)

    dry = ki_bot(world, "privacy", "forget", "--person", anne.upn, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would forget" in dry.stdout and "dry run: nothing was changed" in dry.stdout
    assert f"{reference}: tovholder now Bo Bertelsen" in dry.stdout
    assert await _dump(world) == before

    done = ki_bot(world, "privacy", "forget", "--person", anne.upn)
    assert done.returncode == 0, done.stderr
    assert "forgot" in done.stdout and "conversation references" in done.stdout

    after = await _dump(world)
    assert _found(after, "Anne Andersen") == []
    assert _found(after, anne.upn) == []
    assert _found(after, anne.teams_id) == []
    [course] = await _read(world, select(CourseRecord))
    assert course.tovholder_aad_object_id == world.user("bo").person.aad_object_id
    [thread] = await _read(world, select(SparringThreadRecord))
    assert thread.asker_name == FORMER
    texts = [m.text for m in await _read(world, select(SparringMessageRecord))]
    assert f"Hej {FORMER}, ring til mig." in texts
    [entry] = await _read(
        world, select(PersonRecord).where(PersonRecord.aad_object_id == anne.aad_object_id)
    )
    assert (entry.name, entry.upn, entry.organisation_id) == (FORMER, None, None)
    entries = await world.bot.services.database.run(lambda s: AuditLog(s).entries())
    actions = [e.action for e in entries]
    assert "privacy.forgotten" in actions and "course.handed_over" in actions

    # The command ran on the real clock; its notice waits for working hours.
    await world.run_background(at=datetime.now(UTC) + timedelta(days=10))
    told = world.chat(world.user("bo")).latest_card("givet til koordinatorerne")
    assert told.shows(reference) and told.shows("Bo Bertelsen")

    settled = await _dump(world)
    again = ki_bot(world, "privacy", "forget", "--person", anne.upn)
    assert again.returncode == 0 and "nothing stored about" in again.stdout
    assert await _dump(world) == settled


async def test_a_malformed_person_is_refused(world: World, ki_bot):
    ran = ki_bot(world, "privacy", "forget", "--person", "anne")
    assert ran.returncode == 2 and "UPN" in ran.stderr


async def test_exporting_a_case_writes_everything_stored_about_it_as_json_and_text(
    world: World, ki_bot, tmp_path: Path
):
    reference = await _annes_case_and_question(world)

    ran = ki_bot(world, "privacy", "export", "--case", reference, "--out", str(tmp_path / "out"))

    assert ran.returncode == 0, ran.stderr
    data = json.loads((tmp_path / "out" / f"{reference}.json").read_text("utf-8"))
    readable = (tmp_path / "out" / f"{reference}.txt").read_text("utf-8")
    assert data["case"]["reference"] == reference and data["case"]["initials"] == "AB"
    assert data["screening"]["answers_json"]["age"] == 44
    assert [t["question"] for t in data["sparring_threads"]] == ["Skal vi lave en plan?"]
    assert "Hej Anne Andersen, ring til mig." in json.dumps(data, ensure_ascii=False)
    assert any(e["action"] == "course.started" for e in data["audit"])
    assert data["messages"] and data["copies_in_teams"] >= 1
    assert f"Alt, KI-bot har gemt om sagen {reference}" in readable
    assert "Initialer: AB" in readable and "Tovholder: Anne Andersen" in readable
    assert "Skal vi lave en plan?" in readable and "Bo Bertelsen: Hej Anne Andersen" in readable
    assert oct((tmp_path / "out" / f"{reference}.json").stat().st_mode & 0o777) == "0o600"
    entries = await world.bot.services.database.run(
        lambda s: AuditLog(s).entries(case_reference=reference)
    )
    assert entries[-1].action == "privacy.exported" and entries[-1].actor is None


async def test_exporting_an_unknown_case_says_so(world: World, ki_bot, tmp_path: Path):
    missing = ki_bot(world, "privacy", "export", "--case", "KI-2026-0999", "--out", str(tmp_path))
    malformed = ki_bot(world, "privacy", "export", "--case", "0999")

    assert missing.returncode == 1 and "no case KI-2026-0999" in missing.stderr
    assert malformed.returncode == 2
    assert not (tmp_path / "KI-2026-0999.json").exists()
