"""The last defence of the ``ki-bot`` command: nothing it prints shows a CPR number.

Commands print what the database and files hold; names are redacted on their way in, but a row
written before that, or by hand, would still be printed. Every command's standard output and
error go through ``redact_cpr`` a line at a time (a value is printed in one piece, so a number
is whole when it is redacted).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from domain.privacy import redact_cpr


class RedactedOutput(io.TextIOBase):
    """Writes to ``target`` what it is given, each completed line without CPR-like numbers."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._held: list[str] = []

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._target.isatty()

    def write(self, text: str) -> int:
        self._held.append(text)
        if text.endswith("\n"):
            self._release()
        return len(text)

    def flush(self) -> None:
        self._release()
        self._target.flush()

    def _release(self) -> None:
        if self._held:
            self._target.write(redact_cpr("".join(self._held)).text)
            self._held.clear()


@contextmanager
def redacted_output() -> Iterator[None]:
    """Standard output and error redacted while the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactedOutput(out), RedactedOutput(err)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        sys.stdout, sys.stderr = out, err
