"""Which language the bot writes to someone in: one rule for every message, in a turn or sent
later.

1. the language the person chose ("sprog dansk", "language english"),
2. else their organisation's language from the directory (Danish unless the file says "en"),
3. else the language of their Teams client (``en-US`` → English),
4. else the bot's default.

A Danish care worker whose Teams (or the Agents Playground) runs in English still reads Danish,
because their organisation does; someone the directory does not place reads their client's.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("da", "en")
DEFAULT_LANGUAGE: Final = "da"


def language_of_locale(locale: str | None) -> str | None:
    """``en-US`` → ``en``, ``da_DK`` → ``da``; None for anything the bot does not write in."""
    primary = (locale or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def reading_language(
    *,
    chosen: str | None,
    organisation: str | None,
    client_locale: str | None,
    default: str = DEFAULT_LANGUAGE,
) -> str:
    """The language to write in (see the module's rule)."""
    for language in (chosen, organisation, language_of_locale(client_locale), default):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def organisation_language(languages: set[str]) -> str | None:
    """The language of the organisations that could be someone's, when they agree on one."""
    return next(iter(languages)) if len(languages) == 1 else None
