"""Whole numbers as Adaptive Cards send them, bounded before Python turns them into ints."""

from __future__ import annotations

import re
from typing import Final

MAX_DIGITS: Final = 9
_WHOLE_NUMBER: Final = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)
LIMIT: Final = 10**MAX_DIGITS


def card_integer(raw: object) -> int | None:
    """An int, or text of ASCII digits with an optional sign (Input.Number sends text), of at most
    ``MAX_DIGITS`` digits; None for anything else: full-width or other Unicode digits (which
    ``int()`` would accept), decimals, booleans, or a number too long to be an answer."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if -LIMIT < raw < LIMIT else None
    if isinstance(raw, str) and len(raw) <= MAX_DIGITS + 40:
        text = raw.strip(" \t\r\n")
        if _WHOLE_NUMBER.fullmatch(text):
            return int(text)
    return None
