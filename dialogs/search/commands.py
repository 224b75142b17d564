"""A typeahead search as Teams sends it (the ``application/search`` invoke's value), parsed
strictly into ``SearchQuery``; anything else is refused, never crashed on. And what a search
answers: results (``title`` shown, ``value`` sent back with the form), or a refusal the client
shows in the picker; ``bot/`` turns either into Teams' search response.

    {"queryText": "sø", "queryOptions": {"skip": 0, "top": 15}, "dataset": "ki.people"}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from domain.people_search import MAX_QUERY

from ..fields import Matching, Number, Text

MAX_SKIP: Final = 10_000
MAX_TOP: Final = 50  # Teams asks for 15 and shows at most 15
DEFAULT_TOP: Final = 15


def _flatten(value: Any) -> Any:
    """Teams' nesting (``queryOptions``) flattened into the command's fields; what is not an
    object is left for the schema to refuse."""
    if not isinstance(value, Mapping):
        return value
    options = value.get("queryOptions")
    flat = {"dataset": value.get("dataset"), "query": value.get("queryText")}
    if isinstance(options, Mapping):
        flat |= {"skip": options.get("skip"), "top": options.get("top")}
    elif options is not None:
        flat["skip"] = [options]  # not an object: refused as a malformed skip, whatever it is
    return {key: item for key, item in flat.items() if item is not None}


@dataclass(frozen=True)
class SearchQuery:
    dataset: Annotated[str, Matching("[a-z][a-z.]{0,39}", 40)]
    query: Annotated[str, Text(MAX_QUERY)] = ""
    skip: Annotated[int, Number(0, MAX_SKIP)] = 0
    top: Annotated[int, Number(1, 1000)] = DEFAULT_TOP

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(_flatten, handler(source))

    @property
    def page_size(self) -> int:
        return min(self.top, MAX_TOP)


@dataclass(frozen=True)
class Result:
    title: str
    value: str


@dataclass(frozen=True)
class Results:
    results: tuple[Result, ...]


@dataclass(frozen=True)
class SearchRefused:
    """``code`` for logs and the response (``BadRequest``, ``Forbidden``, ``NotFound``);
    ``message`` in the reader's language."""

    code: str
    message: str


SearchAnswer = Results | SearchRefused
