"""`ki-bot serve` as a newcomer runs it: no configuration, SQLite under ./data/, one clear log line."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_without_configuration_migrates_sqlite_under_data_and_answers_health(tmp_path: Path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env={"PORT": str(port), "HOST": "127.0.0.1", "PATH": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ready = _wait_for(f"http://127.0.0.1:{port}/readyz")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)

    assert ready, output
    assert (tmp_path / "data" / "ki-bot.sqlite3").is_file()
    [listening] = [line for line in output.splitlines() if "listening on" in line]
    assert f":{port}/api/messages" in listening and "sqlite:///data/ki-bot.sqlite3" in listening
    assert "Traceback" not in output


def _wait_for(url: str, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - our own http URL
                return response.status == 200
        except OSError:
            time.sleep(0.2)
    return False
