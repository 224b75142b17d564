"""The field types a card command may have, each parsed strictly from what a card sends.

A command is a frozen dataclass whose fields are ``Annotated`` with one of the markers below
(or are enums or literals, or tuples of them); ``dialogs.router`` parses a click's data into it
with pydantic and refuses anything else with a clear message. What a card sends: strings from
inputs (a number typed in a text input, "true"/"false" from a toggle, "" for an empty input),
numbers and booleans from the card's own data. Whole numbers are ASCII digits only: ``"²"``,
``"①"`` and ``"٣"`` are refused, not crashed on; a bool is never a number; text is bounded and
stripped. Unknown fields are ignored (clients add their own). A field typed ``X | None`` takes an
empty input as None.

    @dataclass(frozen=True)
    class CastVote:
        poll: Annotated[str, Matching("[0-9a-f]{32}")]
        round: Annotated[int, Number(1, 99)]
        note: Annotated[str, Text(300)] = ""
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final, Union, get_args, get_origin

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

MAX_ID: Final = 2**53  # what a JavaScript client sends exactly
_DIGITS: Final = re.compile(r"[0-9]{1,16}")


def _is_optional(source: Any) -> bool:
    return get_origin(source) in (Union, types.UnionType) and type(None) in get_args(source)


def _blank_is_none(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _schema(source: Any, inner: core_schema.CoreSchema) -> core_schema.CoreSchema:
    """``inner``, or for ``X | None`` a nullable ``inner`` that also takes "" as None."""
    if not _is_optional(source):
        return inner
    return core_schema.no_info_before_validator_function(
        _blank_is_none, core_schema.nullable_schema(inner)
    )


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError("not a whole number")


@dataclass(frozen=True)
class Number:
    """A whole number in ``low``..``high``: a JSON integer or ASCII digits in a string."""

    low: int = 0
    high: int = MAX_ID

    def __get_pydantic_core_schema__(
        self, source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = core_schema.no_info_before_validator_function(
            _whole_number, core_schema.int_schema(strict=True, ge=self.low, le=self.high)
        )
        return _schema(source, inner)


def _none_is_empty(value: Any) -> Any:
    return "" if value is None else value


@dataclass(frozen=True)
class Text:
    """Free text, stripped, at most ``limit`` characters; missing or null is ""."""

    limit: int

    def __get_pydantic_core_schema__(
        self, source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = core_schema.str_schema(strict=True, strip_whitespace=True, max_length=self.limit)
        if _is_optional(source):
            return _schema(source, inner)
        return core_schema.no_info_before_validator_function(_none_is_empty, inner)


@dataclass(frozen=True)
class Matching:
    """A string matching ``pattern`` in full: an id, a key, a reference."""

    pattern: str
    limit: int = 100

    def __get_pydantic_core_schema__(
        self, source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = core_schema.str_schema(
            strict=True, pattern=f"^(?:{self.pattern})$", max_length=self.limit
        )
        return _schema(source, inner)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    if value is None or value == "":
        return False
    raise ValueError("not true or false")


@dataclass(frozen=True)
class Toggle:
    """A yes/no: a JSON boolean, or "true"/"false" from an ``Input.Toggle``; empty is no."""

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            _flag, core_schema.bool_schema(strict=True)
        )


def _iso_date(value: Any) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("not a date (YYYY-MM-DD)")


@dataclass(frozen=True)
class IsoDate:
    """A date from an ``Input.Date`` (YYYY-MM-DD)."""

    def __get_pydantic_core_schema__(
        self, source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = core_schema.no_info_plain_validator_function(_iso_date)
        return _schema(source, inner)


# The markers a command field may carry; ``tests/e2e/test_every_verb_over_http.py`` holds every
# registered command to them (``tests/dialogs/test_fields.py`` tests each marker).
MARKERS: Final = (Number, Text, Matching, Toggle, IsoDate)

Id = Annotated[int, Number(1, MAX_ID)]
Hex32 = Annotated[str, Matching("[0-9a-f]{32}", 32)]
CardId = Annotated[str, Matching("[0-9a-f]{8,32}", 32)]
TeamsId = Annotated[str, Matching(r"[\x21-\x7e]{1,200}", 200)]  # printable ASCII, as Teams ids
EntraId = Annotated[str, Matching("[0-9A-Za-z-]{1,64}", 64)]  # tenant and object ids
CaseReference = Annotated[str, Matching("[A-Za-z0-9-]{1,20}", 20)]
Flag = Annotated[bool, Toggle()]
