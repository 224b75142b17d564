"""Rules for a KI case's identifiers: the citizen is a reference and at most initials."""

from __future__ import annotations

import re

_INITIALS = re.compile(r"[A-Za-zÆØÅæøåÄÖÜäöüÉé]{1,4}")


class InvalidInitials(ValueError):
    pass


def parse_initials(raw: object) -> str | None:
    """Optional initials: empty means none; otherwise 1–4 letters, returned upper-case."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidInitials("initials must be text")
    cleaned = raw.replace(".", "").replace(" ", "")
    if not cleaned:
        return None
    if not _INITIALS.fullmatch(cleaned):
        raise InvalidInitials("initials must be 1-4 letters")
    return cleaned.upper()
