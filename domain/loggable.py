"""User-controlled values made safe for a log line."""

from __future__ import annotations

from typing import Final

from .privacy import redact_cpr

LOGGED_CHARACTERS: Final = 80


def loggable(value: object, limit: int = LOGGED_CHARACTERS) -> str:
    """``value`` as a short, quoted, escaped string: CPR-like numbers removed, at most ``limit``
    characters kept, and every newline or control character escaped like ``repr`` does, so one
    value can neither forge a log line nor flood the log."""
    if value is None:
        return "None"
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:  # e.g. an integer too long to print
        return f"<unprintable {type(value).__name__}>"
    shown = redact_cpr(text[: limit * 4]).text[:limit]
    dropped = len(text) - len(shown)
    return repr(shown) + (f"…(+{dropped})" if dropped > 0 else "")
