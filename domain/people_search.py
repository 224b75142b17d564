"""Finding a person by what someone types: part of a name, a UPN or an e-mail address, in any
case and with or without accents.

Danish names are matched as people type them on any keyboard: "Søren" is found by "søren",
"soren" and "soeren", "Åse" by "åse", "ase" and "aase", "Lærke" by "lærke" and "laerke", "José"
by "jose". A name is kept in two folds (ø→o and ø→oe, å→a and å→aa, æ→ae in both) and the typed
text, folded the first way, must be part of either.

Results are ranked: a word of the name that starts with the text first, then the name containing
it, then only the UPN or address; alphabetically within each.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

MAX_QUERY: Final = 100
# Folded names are kept between keystrokes: a directory of thousands is folded once, not per search.
FOLD_CACHE: Final = 1 << 17
_SHORT: Final = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "đ": "d", "ł": "l"})
_LONG: Final = str.maketrans({"ø": "oe", "æ": "ae", "å": "aa", "ß": "ss", "đ": "d", "ł": "l"})


def _plain(text: str) -> str:
    """Lower case without combining marks (é → e, ü → u); å is handled before this."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=FOLD_CACHE)
def folds(text: str) -> tuple[str, str]:
    """``text`` folded both ways (short: ø→o, å→a; long: ø→oe, å→aa), spaces collapsed."""
    lowered = " ".join(text.casefold().split())
    if lowered.isascii():
        return lowered, lowered
    lowered = unicodedata.normalize("NFC", lowered)
    return _plain(lowered.translate(_SHORT)), _plain(lowered.translate(_LONG))


def query_fold(query: str) -> str:
    """What someone typed, folded the short way (the way that loses nothing typed in ASCII)."""
    return folds(query[:MAX_QUERY])[0]


@dataclass(frozen=True)
class _Index:
    names: str  # both folds of the name, one per line
    words: tuple[str, ...]  # the words of both folds
    also: str  # both folds of the other fields, one per line


@lru_cache(maxsize=FOLD_CACHE)
def _index(name: str, also: tuple[str, ...]) -> _Index:
    short, long = folds(name)
    others = "\n".join(fold for field in also if field for fold in folds(field))
    words = tuple(dict.fromkeys([*short.split(), *long.split()]))
    return _Index(f"{short}\n{long}", words, others)


@dataclass(frozen=True)
class Searchable:
    """One person as a picker offers them: the title shown, the value sent back, and the other
    things they may be found by (UPN, e-mail)."""

    title: str
    value: str
    name: str
    also: tuple[str, ...] = ()


def _rank(query: str, person: Searchable) -> int | None:
    """0: a word of the name starts with ``query``; 1: the name contains it; 2: only another
    field does; None: no match. An empty query matches everyone as 0."""
    if not query:
        return 0
    index = _index(person.name, person.also)
    if query in index.names:
        return 0 if any(word.startswith(query) for word in index.words) else 1
    return 2 if query in index.also else None


def search(
    people: Iterable[Searchable], query: str, *, skip: int = 0, top: int = 15
) -> Sequence[Searchable]:
    """The ``top`` best matches of ``query`` after the first ``skip``, each value once."""
    folded = query_fold(query)
    best: dict[str, tuple[int, str, str, Searchable]] = {}
    for person in people:
        rank = _rank(folded, person)
        if rank is None:
            continue
        key = (rank, folds(person.title)[0], person.value, person)
        earlier = best.get(person.value)
        if earlier is None or key[:2] < earlier[:2]:
            best[person.value] = key
    page = heapq.nsmallest(skip + top, best.values(), key=lambda entry: entry[:3])
    return [entry[3] for entry in page[skip:]]
