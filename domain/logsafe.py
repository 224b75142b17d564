"""User-controlled values in logs: shortened and escaped, so they cannot forge log lines."""

from __future__ import annotations

MAX_LOGGED = 80


def safe(value: object, limit: int = MAX_LOGGED) -> str:
    text = str(value)
    shown = repr(text[:limit])[1:-1]
    return shown + ("…" if len(text) > limit else "")
