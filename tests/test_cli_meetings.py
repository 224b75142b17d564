"""`ki-bot propose-slots` and `ki-bot rank-slots` print JSON; bad input exits 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

POLL = {
    "slots": [
        {"id": "a", "start": "2026-12-01T10:00"},
        {"id": "b", "start": "2026-12-02T13:00+01:00"},
        {"id": "c", "start": "2026-12-03T09:00"},
    ],
    "participants": [
        {"id": "tovholder", "required": True},
        {"id": "borger", "required": True},
        {"id": "læge", "required": True},
        {"id": "pårørende", "required": False},
    ],
    "votes": {
        "tovholder": {"a": "yes", "b": "yes", "c": "yes"},
        "borger": {"a": "if_need_be", "b": "yes", "c": "no"},
        "læge": {"a": "yes", "b": "if_need_be", "c": "yes"},
        "pårørende": {"a": "no", "b": "yes", "c": "yes"},
    },
}


@pytest.fixture(autouse=True)
def _no_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TIMEZONE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, json.loads(out) if status == 0 else out, err


def write(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "poll.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_propose_slots_prints_start_and_end_with_offsets(capsys: pytest.CaptureFixture[str]):
    status, slots, _ = run(capsys, "propose-slots", "--now", "2026-12-15T10:00")

    assert status == 0 and len(slots) == 6
    assert slots[0] == {"start": "2026-12-16T10:00:00+01:00", "end": "2026-12-16T11:00:00+01:00"}
    assert {s["start"][:10] for s in slots} == {"2026-12-16", "2026-12-29", "2027-01-11"}


def test_a_time_with_an_offset_is_taken_as_given(capsys: pytest.CaptureFixture[str]):
    # 23:30 UTC on the 15th is already the 16th in Copenhagen, so the first day is the 17th.
    _, slots, _ = run(capsys, "propose-slots", "--now", "2026-12-15T23:30+00:00", "--count", "1")

    assert slots[0]["start"].startswith("2026-12-17")


def test_count_minutes_and_absences_can_be_given(capsys: pytest.CaptureFixture[str]):
    status, slots, _ = run(
        capsys,
        "propose-slots",
        "--now=2026-12-15T10:00",
        "--count=4",
        "--minutes=90",
        "--busy=2026-12-16/2026-12-17",
        "--busy=2026-12-18T08:00/2026-12-18T12:00",
    )

    assert status == 0 and len(slots) == 4
    assert all(s["start"][:10] not in ("2026-12-16", "2026-12-17") for s in slots)
    assert all(not s["start"].startswith("2026-12-18T0") for s in slots)
    assert slots[0]["end"] == "2026-12-18T14:30:00+01:00"


def test_rank_slots_prints_the_ranking_and_the_recommendation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    status, output, _ = run(capsys, "rank-slots", write(tmp_path, POLL))

    assert status == 0
    assert output["recommended"] == "b" and output["reason"] == "all_required_can"
    assert [entry["slot"] for entry in output["ranking"]] == ["b", "a", "c"]
    assert output["ranking"][0]["can_come"] == 4 and output["ranking"][0]["participants"] == 4
    assert output["ranking"][2]["required_no"] == ["borger"]


def test_rank_slots_names_the_required_participants_it_waits_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    poll = {**POLL, "votes": {k: v for k, v in POLL["votes"].items() if k != "læge"}}

    _, output, _ = run(capsys, "rank-slots", write(tmp_path, poll))

    assert output["recommended"] is None
    assert (output["reason"], output["waiting_for"]) == ("waiting_for", ["læge"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--now", "tomorrow"], "--now is not an ISO time"),
        (["--now", "2026-12-15T10:00", "--count", "six"], "--count must be a whole number"),
        (["--now", "2026-12-15T10:00", "--count", "0"], "count must be at least 1"),
        (["--now", "2026-12-15T10:00", "--minutes", "600"], "1 to 420 minutes"),
        (["--now", "2026-12-15T10:00", "--busy", "2026-12-16"], "--busy must be START/END"),
    ],
)
def test_bad_propose_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
):
    status, out, err = run(capsys, "propose-slots", *argv)

    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("ki-bot propose-slots: ") and message in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Expecting"),
        ([1], "one JSON object"),
        ({"slots": {}, "participants": []}, '"slots" and "participants" must be lists'),
        ({**POLL, "slots": [{"id": "a"}]}, "slot 'a' start must be an ISO time"),
        ({**POLL, "slots": [{"id": "a", "start": "soon"}]}, "not an ISO time"),
        ({**POLL, "participants": [{"id": "x", "required": "yes"}]}, '"required": true or false'),
        ({**POLL, "votes": {"tovholder": {"a": "maybe"}}}, 'must be "yes", "if_need_be" or "no"'),
        ({**POLL, "votes": {"tovholder": ["a"]}}, '"votes" must map'),
        ({**POLL, "votes": {"mallory": {"a": "yes"}}}, "not a participant"),
        ({**POLL, "votes": {"borger": {"z": "yes"}}}, "not a slot"),
        ({**POLL, "slots": POLL["slots"] * 2}, "slot ids must be unique"),
    ],
)
def test_a_bad_poll_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, message: str
):
    status, out, err = run(capsys, "rank-slots", write(tmp_path, content))

    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("ki-bot rank-slots: ") and message in err


def test_a_missing_poll_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    status, _, err = run(capsys, "rank-slots", str(tmp_path / "absent.json"))

    assert status == 2 and "No such file" in err


def test_the_installed_command_runs_both(tmp_path: Path):
    poll = write(tmp_path, POLL)
    for argv in (["propose-slots", "--now", "2026-12-15T10:00"], ["rank-slots", poll]):
        result = subprocess.run(
            [sys.executable, "-m", "bot", *argv],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)
