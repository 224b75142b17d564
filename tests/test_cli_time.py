"""`ki-bot parse-time` prints start/end as JSON; a text that is not a time exits with status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "parse-time", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_time_is_printed_with_its_copenhagen_offset(tmp_path: Path):
    result = _run(tmp_path, "tirsdag kl 10", "--now", "2026-11-23T09:00:00+01:00")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"start": "2026-11-24T10:00:00+01:00", "end": None}


def test_a_range_prints_its_end(tmp_path: Path):
    result = _run(tmp_path, "fredag fra kl. 9 til 10.30", "--now", "2026-11-23T09:00")

    assert json.loads(result.stdout) == {
        "start": "2026-11-27T09:00:00+01:00",
        "end": "2026-11-27T10:30:00+01:00",
    }


def test_now_without_an_offset_is_copenhagen_time(tmp_path: Path):
    result = _run(tmp_path, "om 2 timer", "--now", "2026-07-01T12:00")

    assert json.loads(result.stdout)["start"] == "2026-07-01T14:00:00+02:00"


def test_now_with_an_offset_is_that_instant(tmp_path: Path):
    result = _run(tmp_path, "om 2 timer", "--now", "2026-07-01T12:00:00+00:00")

    assert json.loads(result.stdout)["start"] == "2026-07-01T16:00:00+02:00"


def test_english_is_read_with_language_en(tmp_path: Path):
    result = _run(tmp_path, "tomorrow 2pm", "--now", "2026-11-23T09:00", "--language", "en")

    assert json.loads(result.stdout)["start"] == "2026-11-24T14:00:00+01:00"


def test_without_now_the_clock_is_used(tmp_path: Path):
    result = _run(tmp_path, "om 1 minut")

    assert result.returncode == 0 and json.loads(result.stdout)["end"] is None


def test_a_day_without_a_time_exits_2_with_one_line_in_the_chosen_language(tmp_path: Path):
    danish = _run(tmp_path, "onsdag", "--now", "2026-11-23T09:00")
    english = _run(tmp_path, "Wednesday", "--now", "2026-11-23T09:00", "--language", "en")

    assert danish.returncode == english.returncode == 2 and danish.stdout == ""
    assert danish.stderr.strip().splitlines() == [
        "ki-bot parse-time: Skriv også et klokkeslæt, fx onsdag kl 10."
    ]
    assert "Add a time of day" in english.stderr and "Traceback" not in english.stderr


def test_an_hour_out_of_range_is_named(tmp_path: Path):
    result = _run(tmp_path, "kl 25", "--now", "2026-11-23T09:00")

    assert result.returncode == 2 and "Klokken 25 findes ikke" in result.stderr


def test_a_bad_now_exits_2(tmp_path: Path):
    result = _run(tmp_path, "kl 10", "--now", "i går")

    assert result.returncode == 2 and "--now" in result.stderr and "Traceback" not in result.stderr
