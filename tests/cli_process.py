"""Run ``ki-bot`` as a newcomer does: the venv's console script, in an empty directory, with only
the environment given (this checkout's code first on the path)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def ki_bot_env(**env: str) -> dict[str, str]:
    return {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "PYTHONPATH": str(REPO), **env}


def run_ki_bot(
    cwd: Path, *args: str, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "ki-bot"), *args],
        cwd=cwd,
        env=ki_bot_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
