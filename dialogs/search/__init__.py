"""Typeahead search for the cards' person pickers (Teams' ``application/search`` invoke)."""

from .answers import Result, Results, SearchAnswer, SearchRefused
from .commands import SearchQuery
from .people import PeopleSearch, person_value

__all__ = [
    "PeopleSearch",
    "Result",
    "Results",
    "SearchAnswer",
    "SearchQuery",
    "SearchRefused",
    "person_value",
]
