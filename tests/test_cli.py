"""`ki-bot screen` prints the same result the dialog shows; bad input exits with status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ANSWERS = {
    "age": 30,
    "psychiatric_disorder": "suspected",
    "substance_problem": "in_treatment",
    "regional_psychiatry_contact": False,
    "municipal_treatment_contact": True,
    "benefits_from_both": "yes",
    "obstacle_indicators": ["unstable_attendance"],
    "coordination_already_adequate": False,
    "convening_obstacles": ["no_shows"],
    "unclear_medical_responsibility": False,
    "consent": "not_asked",
}


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "screen", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_screen_prints_verdict_level_criteria_and_next_steps_as_json(tmp_path: Path):
    result = _run(tmp_path, _write(tmp_path, json.dumps(ANSWERS)))

    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert (output["verdict"], output["level"], output["policy"]) == ("eligible", 2, "national")
    assert all("explanation" in c for c in output["criteria"]) and output["next_steps"][0]["text"]


def test_the_pilot_policy_and_english_can_be_chosen(tmp_path: Path):
    result = _run(
        tmp_path, _write(tmp_path, json.dumps(ANSWERS)), "--policy", "kbh-pilot", "--locale", "en"
    )

    output = json.loads(result.stdout)
    assert output["verdict"] == "ask_coordinator" and output["policy"] == "kbh-pilot"
    assert (
        output["criteria"][0]["explanation"]
        == "Age 30 is within the age band 18–65 of the rules “Copenhagen pilot (ages 18–65, "
        "contact with both sectors)” (KI model, annex §2.1)."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Expecting"),
        ("[1, 2]", "JSON object"),
        (json.dumps({**ANSWERS, "age": "thirty"}), "age: not_an_integer"),
        (json.dumps({k: v for k, v in ANSWERS.items() if k != "consent"}), "consent: missing"),
    ],
)
def test_a_bad_answers_file_gives_a_clear_error_and_status_2(
    tmp_path: Path, content: str, message: str
):
    result = _run(tmp_path, _write(tmp_path, content))

    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_or_unknown_policy_gives_status_2(tmp_path: Path):
    missing = _run(tmp_path, str(tmp_path / "nope.json"))
    unknown = _run(tmp_path, _write(tmp_path, json.dumps(ANSWERS)), "--policy", "mars")

    assert (missing.returncode, unknown.returncode) == (2, 2)
    assert "mars" in unknown.stderr
