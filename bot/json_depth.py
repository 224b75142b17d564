"""Measure how deeply a JSON document nests before parsing it, without recursion.

``json.loads`` recurses per level (10,000 levels raise RecursionError) and every walk over the
parsed value recurses again, so bodies nested deeper than any real activity are refused first.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Final

MAX_JSON_DEPTH: Final = 64  # real activities nest about 8 levels; card data a few more

# A string runs to its closing quote or, unterminated, to the end: every match succeeds, so the
# scan stays linear (a failing match would be retried from each later quote).
_STRING: Final = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKETS: Final = bytes(b for b in range(256) if b not in b"[]{}")
_STEPS: Final = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def nests_deeper_than(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if brackets outside strings open more than ``limit`` levels at some point."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    if len(brackets) <= limit:
        return False
    steps = memoryview(brackets.translate(_STEPS)).cast("b")
    return max(accumulate(steps)) > limit
