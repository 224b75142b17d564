"""`ki-bot course-deadlines` prints the deadlines and reminders the bot would plan; bad input
exits with status 2 and one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

NOW = "--now=2026-08-17T12:00:00+02:00"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)  # no .env from the checkout

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["course-deadlines", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_a_meeting_alone_gives_the_plan_deadline_and_its_reminders(run):
    code, out, _ = run("--meeting", "2026-08-17", NOW)

    assert code == 0
    assert json.loads(out) == {
        "plan_due": "2026-08-31",
        "follow_up_due": None,
        "reminders": [
            {"deadline": "plan", "due": "2026-08-31", "at": "2026-08-24T09:00:00+02:00"},
            {"deadline": "plan", "due": "2026-08-31", "at": "2026-08-28T09:00:00+02:00"},
            {"deadline": "plan", "due": "2026-08-31", "at": "2026-08-31T09:00:00+02:00"},
        ],
    }


def test_a_written_plan_gives_the_follow_up_six_months_later_in_winter_time(run):
    code, out, _ = run("--meeting", "2026-08-17", "--plan-written", "2026-08-31", NOW)

    output = json.loads(out)
    assert code == 0 and output["follow_up_due"] == "2027-02-28"
    assert [(r["deadline"], r["at"]) for r in output["reminders"]] == [
        ("follow_up", "2027-01-15T09:00:00+01:00"),
        ("follow_up", "2027-02-12T09:00:00+01:00"),
        ("follow_up", "2027-02-26T09:00:00+01:00"),
    ]


def test_a_held_follow_up_leaves_nothing_to_remind(run):
    code, out, _ = run(
        "--meeting",
        "2026-08-17",
        "--plan-written",
        "2026-08-31",
        "--follow-up-held",
        "2027-02-01",
        NOW,
    )

    assert code == 0 and json.loads(out)["reminders"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--meeting DATE is required"),
        (("--meeting", "2026-02-30"), "--meeting '2026-02-30' is not a date (YYYY-MM-DD)"),
        (("--meeting", "20260301"), "--meeting '20260301' is not a date"),
        (
            ("--meeting", "2026-03-02", "--plan-written", "2026-03-01"),
            "is before --meeting 2026-03-02",
        ),
        (("--meeting", "2026-03-02", "--follow-up-held", "2026-09-01"), "needs --plan-written"),
        (
            (
                "--meeting",
                "2026-03-02",
                "--plan-written",
                "2026-03-09",
                "--follow-up-held",
                "2026-03-08",
            ),
            "--follow-up-held 2026-03-08 is before --plan-written 2026-03-09",
        ),
        (
            ("--meeting", "2026-03-02", "--now", "tomorrow"),
            "--now 'tomorrow' is not an ISO 8601 time",
        ),
        (("--meeting", "2026-03-02", "--now", "2026-03-02T09:00"), "needs a UTC offset"),
    ],
)
def test_bad_input_exits_with_status_2_and_one_line(run, args: tuple[str, ...], message: str):
    code, out, err = run(*args)

    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1 and err.startswith("ki-bot course-deadlines: ")


def test_the_installed_command_runs_as_a_program(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "course-deadlines", "--meeting", "2026-12-11", NOW],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["plan_due"] == "2026-12-25"
    assert [r["at"] for r in output["reminders"]] == [
        "2026-12-18T09:00:00+01:00",
        "2026-12-23T09:00:00+01:00",
    ]
