"""Recognise what a typed message asks for, from the words each capability declares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .capabilities import CAPABILITIES, CASE_REFERENCE, Capability


@dataclass(frozen=True)
class Recognised:
    capability: Capability
    argument: str = ""  # the normalised words after the command word, for "sprog dansk"
    command_words: int = 1  # how many words the command took: "nyt møde Opfølgning" → 2

    @property
    def name(self) -> str:
        return self.capability.name


def normalise(text: str) -> str:
    """Lower-case, Danish letters folded to ASCII (æ→ae, ø→o, å→aa), punctuation to spaces."""
    folded = text.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z0-9?]+", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def word_index(capabilities: tuple[Capability, ...]) -> Mapping[str, Capability]:
    """Each normalised command word and its capability; a word claimed twice is an error."""
    index: dict[str, Capability] = {}
    for capability in capabilities:
        for word in capability.all_words:
            key = normalise(word)
            owner = index.setdefault(key, capability)
            if owner is not capability:
                raise ValueError(
                    f"{word!r} is a command of both {owner.name} and {capability.name}"
                )
    return index


_WORDS: Final = word_index(CAPABILITIES)
_WORDS_WITH_ARGUMENTS: Final = tuple(
    sorted(
        ((key, capability) for key, capability in _WORDS.items() if capability.takes_argument),
        key=lambda item: -len(item[0]),
    )
)
_PATTERNS: Final = tuple(
    (re.compile(pattern), capability)
    for capability in CAPABILITIES
    for pattern in capability.patterns
)


def recognise(text: str) -> Recognised | None:
    words = normalise(text)
    if not words:
        return None
    exact = _WORDS.get(words.rstrip("?").strip() or words)
    if exact is not None:
        return Recognised(exact, command_words=len(words.split()))
    for key, capability in _WORDS_WITH_ARGUMENTS:  # longest first: "nyt møde …" before "møde …"
        if words.startswith(key + " "):
            rest = words[len(key) + 1 :]
            return Recognised(capability, rest.rstrip("?").strip(), len(key.split()))
    question = words.replace("?", " ")
    for pattern, capability in _PATTERNS:
        if pattern.search(question):
            return Recognised(capability)
    return None


_CASE_REFERENCE: Final = re.compile(CASE_REFERENCE)


def case_reference(text: str) -> str | None:
    """The KI case reference in ``text``, as the bot writes it: "ki-2026-1" → "KI-2026-0001"."""
    found = _CASE_REFERENCE.search(normalise(text))
    if found is None:
        return None
    return f"KI-{found['year']}-{int(found['number']):04d}"


_LANGUAGE_WORDS: Final = {
    "da": ("dansk", "danish", "da", "dk"),
    "en": ("engelsk", "english", "en", "eng"),
}


def chosen_language(argument: str) -> str | None:
    """The catalog language named by ``sprog <argument>`` / ``language <argument>``, if any."""
    word = normalise(argument)
    return next((language for language, words in _LANGUAGE_WORDS.items() if word in words), None)


def argument_of(text: str, command_words: int = 1) -> str:
    """What follows the command's words, as typed: "fravær 1/12–5/12" → "1/12–5/12",
    "nyt møde Opfølgning" (two words) → "Opfølgning"."""
    parts = text.strip().split(maxsplit=command_words)
    return parts[command_words].strip() if len(parts) > command_words else ""
