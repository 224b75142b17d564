"""Fold text to the plain ASCII shape a pattern can match, remembering where each character came from.

Folding sees through what hides digits from a simple pattern: every character that shows as a
digit becomes its ASCII digit (any Unicode decimal digit, superscript, circled or other digit
character; ``㉑`` becomes ``21``), every dash-like character ``-``, every kind of space (tab,
newline, no-break space) a space; combining marks (an underline, the keycap of ``1️⃣``),
invisible format characters (zero-width space, soft hyphen, joiners) and HTML tags are dropped
(a "tag" that holds a digit is read as text), HTML character references and URL-encoding
(``%2D``) are decoded, and anything else is NFKC-normalised when that gives one character (a
full-width full stop becomes ``.``).
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

_DASHES: Final = frozenset("\u2212\u2796\u02d7\u2043\ufe63\uff0d")
_SPECIAL: Final = re.compile(
    r"(?P<tag></?[A-Za-z!][^<>]{0,200}>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,10});)"
    r"|(?P<url>(?:%[0-9A-Fa-f]{2})+)"
)
_PRINTABLE_ASCII: Final = re.compile(r"[\x20-\x7e]+")
_ASCII_SPACES: Final = {code: " " for code in (9, 10, 11, 12, 13, 28, 29, 30, 31)}


@lru_cache(maxsize=4096)
def fold_character(character: str) -> str:
    """The folded form of one character: one ASCII-like character, or "" for an invisible one."""
    if character.isascii():
        return " " if character.isspace() else character
    category = unicodedata.category(character)
    if category == "Cf" or category.startswith("M"):
        return ""
    digit = unicodedata.digit(character, None)
    if digit is not None:
        return str(digit)
    if character.isspace() or category == "Zs":
        return " "
    if category == "Pd" or character in _DASHES:
        return "-"
    normal = unicodedata.normalize("NFKC", character)
    if len(normal) == 1:
        return normal
    if character.isnumeric():  # ``㉑`` is ``21``; NFKC is idempotent: this recursion ends
        return "".join(fold_character(part) for part in normal)
    return character


@dataclass(frozen=True)
class Folded:
    """The folded text and, per piece of it, where that piece came from in the original: a run
    copied as it was maps character by character; any other piece is one folded character."""

    text: str
    piece_starts: tuple[int, ...]  # where each piece starts in ``text``
    pieces: tuple[tuple[int, int, bool], ...]  # (start, end in the original, copied as a run)

    def _span(self, index: int) -> tuple[int, int]:
        piece = bisect_right(self.piece_starts, index) - 1
        start, end, is_run = self.pieces[piece]
        if is_run:
            start += index - self.piece_starts[piece]
            end = start + 1
        return start, end

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded into ``text[start:end]`` (end > start)."""
        return self._span(start)[0], self._span(end - 1)[1]


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.piece_starts: list[int] = []
        self.pieces: list[tuple[int, int, bool]] = []

    def _piece(self, folded: str, start: int, end: int, *, is_run: bool) -> None:
        self.parts.append(folded)
        self.piece_starts.append(self.length)
        self.pieces.append((start, end, is_run))
        self.length += len(folded)

    def add(self, character: str, start: int, end: int) -> None:
        folded = fold_character(character)
        if folded:
            self._piece(folded, start, end, is_run=False)

    def add_plain(self, text: str, offset: int) -> None:
        position = 0
        for run in _PRINTABLE_ASCII.finditer(text):  # most text: copied in one piece
            self._add_each(text[position : run.start()], offset + position)
            self._piece(run.group(), offset + run.start(), offset + run.end(), is_run=True)
            position = run.end()
        self._add_each(text[position:], offset + position)

    def _add_each(self, text: str, offset: int) -> None:
        for index, character in enumerate(text, offset):
            self.add(character, index, index + 1)

    def add_url_encoded(self, encoded: str, offset: int) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        start = offset  # where the bytes of the character being decoded began
        for index in range(0, len(encoded), 3):
            end = offset + index + 3
            decoded = decoder.decode(bytes([int(encoded[index + 1 : index + 3], 16)]))
            for character in decoded:
                self.add(character, start, end)
            if decoded:
                start = end

    def result(self) -> Folded:
        return Folded("".join(self.parts), tuple(self.piece_starts), tuple(self.pieces))


def _shows_a_digit(text: str) -> bool:
    return any(folded.isdigit() for folded in map(fold_character, text))


def fold(text: str) -> Folded:
    if text.isascii() and not any(mark in text for mark in "<&%"):
        return Folded(text.translate(_ASCII_SPACES), (0,), ((0, len(text), True),))
    builder = _Builder()
    position = 0
    for match in _SPECIAL.finditer(text):
        builder.add_plain(text[position : match.start()], position)
        if match["tag"] and _shows_a_digit(match["tag"]):  # ``<a DDMMYY-NNNN >`` is text
            builder.add_plain(match["tag"], match.start())
        elif match["entity"]:
            decoded = html.unescape(match["entity"])
            if len(decoded) == 1:
                builder.add(decoded, match.start(), match.end())
            else:
                builder.add_plain(match["entity"], match.start())
        elif match["url"]:
            builder.add_url_encoded(match["url"], match.start())
        position = match.end()
    builder.add_plain(text[position:], position)
    return builder.result()
