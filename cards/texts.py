"""All user-facing wording, one catalog per language.

Texts live in TOML files under ``cards/locales/<language>/<area>.toml`` so a reviewer reads every
Danish sentence in one place. A key is ``<area>.<name>``; values are ``str.format`` templates.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from domain.language import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE
from domain.language import LANGUAGES as LANGUAGES
from domain.language import language_of_locale


def language_of(locale: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """Map a Teams locale such as ``en-US`` or ``da-DK`` to a catalog language (which language
    a person reads is decided by ``domain.language.reading_language``)."""
    if not locale:
        return default if default in LANGUAGES else DEFAULT_LANGUAGE
    return language_of_locale(locale) or DEFAULT_LANGUAGE


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, Any]) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            _flatten(key, value, into)
        else:
            into[key] = value


@cache
def _catalog(language: str) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    folder = resources.files("cards") / "locales" / language
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if file.name.endswith(".toml"):
            _flatten(
                file.name.removesuffix(".toml"), tomllib.loads(file.read_text("utf-8")), entries
            )
    return entries


@dataclass(frozen=True)
class Texts:
    """The wording of one language. ``texts("help.title")`` or with fields ``texts(key, n=3)``."""

    language: str

    def __call__(self, key: str, /, **fields: object) -> str:
        template = self.raw(key)
        if not isinstance(template, str):
            raise TypeError(f"text {key!r} is not a string")
        return template.format(**fields) if fields else template

    def raw(self, key: str) -> Any:
        try:
            return _catalog(self.language)[key]
        except KeyError:
            raise KeyError(f"no text {key!r} in language {self.language!r}") from None

    def has(self, key: str) -> bool:
        return key in _catalog(self.language)

    def all_keys(self) -> set[str]:
        return set(_catalog(self.language))


def texts_for(locale: str | None, default: str = DEFAULT_LANGUAGE) -> Texts:
    return Texts(language_of(locale, default))
