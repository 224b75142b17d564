"""Local screening policies: the age band and whether contact with both sectors is required.

Each policy is one TOML file in ``policies/`` named after the policy; adding a region's policy is
a new file, no code. Fields: ``name`` (the file stem), ``min_age``, optional ``max_age``,
``requires_both_sectors``, a ``[title]`` table with ``da`` and ``en``, and optionally an
``[integrated_treatment]`` rule set (``domain.screening.integrated``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Final, TypeGuard

from .integrated import IntegratedTreatment, InvalidRuleSet, integrated_treatment_from

DEFAULT_POLICY: Final = "national"
TITLE_LANGUAGES: Final = ("da", "en")
_SUFFIX: Final = ".toml"
_FIELDS: Final = frozenset(
    {"name", "min_age", "max_age", "requires_both_sectors", "title", "integrated_treatment"}
)


@dataclass(frozen=True)
class Policy:
    name: str
    min_age: int
    max_age: int | None
    requires_both_sectors: bool
    titles: Mapping[str, str]  # language -> display title
    integrated: IntegratedTreatment | None = None  # the regions' offer (§ 82 c), if it applies

    def admits_age(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)

    @property
    def age_band(self) -> str:
        """``18–65``, or ``18+`` without an upper bound; the same in every language."""
        return f"{self.min_age}+" if self.max_age is None else f"{self.min_age}–{self.max_age}"


class UnknownPolicy(ValueError):
    def __init__(self, name: str, available: tuple[str, ...]) -> None:
        self.name, self.available = name, available
        super().__init__(f"unknown screening policy {name!r}; available: {', '.join(available)}")


class InvalidPolicy(ValueError):
    """A policy file that does not follow the format above."""


def _folder(directory: Traversable | None) -> Traversable:
    return directory if directory is not None else resources.files("domain.screening") / "policies"


def available_policies(directory: Traversable | None = None) -> tuple[str, ...]:
    files = _folder(directory).iterdir()
    return tuple(sorted(f.name.removesuffix(_SUFFIX) for f in files if f.name.endswith(_SUFFIX)))


def load_policy(name: str, directory: Traversable | None = None) -> Policy:
    """The policy called ``name``; raises ``UnknownPolicy`` naming the available ones."""
    available = available_policies(directory)
    if name not in available:
        raise UnknownPolicy(name, available)
    file = _folder(directory) / f"{name}{_SUFFIX}"
    try:
        data = tomllib.loads(file.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InvalidPolicy(f"policy {name!r}: {error}") from error
    return _policy_from(name, data)


def _policy_from(name: str, data: Mapping[str, object]) -> Policy:
    def fail(problem: str) -> InvalidPolicy:
        return InvalidPolicy(f"policy {name!r}: {problem}")

    if unexpected := sorted(set(data) - _FIELDS):
        raise fail(f"unexpected fields {unexpected}")
    if data.get("name") != name:
        raise fail("'name' must equal the file name without .toml")
    min_age, max_age = data.get("min_age"), data.get("max_age")
    if not _is_age(min_age):
        raise fail("'min_age' must be a whole number of years")
    if max_age is not None and not (_is_age(max_age) and max_age >= min_age):
        raise fail("'max_age' must be a whole number of years, at least 'min_age'")
    both = data.get("requires_both_sectors")
    if not isinstance(both, bool):
        raise fail("'requires_both_sectors' must be true or false")
    titles = data.get("title")
    if not isinstance(titles, dict) or not all(
        isinstance(titles.get(language), str) for language in TITLE_LANGUAGES
    ):
        raise fail(f"'[title]' must have a text for each of {TITLE_LANGUAGES}")
    integrated = data.get("integrated_treatment")
    if integrated is not None and not isinstance(integrated, dict):
        raise fail("'[integrated_treatment]' must be a table")
    try:
        rule = integrated_treatment_from(integrated) if integrated is not None else None
    except InvalidRuleSet as error:
        raise fail(f"[integrated_treatment]: {error}") from None
    return Policy(name, min_age, max_age, both, MappingProxyType(dict(titles)), rule)


def _is_age(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
