"""`ki-bot serve` as a newcomer runs it: no configuration, SQLite under ./data/, one clear log line."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from tests.cli_process import VENV_BIN, free_port, ki_bot_env


def test_serve_without_configuration_migrates_sqlite_under_data_and_listens_on_loopback(
    tmp_path: Path,
):
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "ki-bot"), "serve"],
        cwd=tmp_path,
        env=ki_bot_env(PORT=str(port)),
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
    assert f"http://127.0.0.1:{port}/api/messages" in listening
    assert "sqlite:///data/ki-bot.sqlite3" in listening
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
