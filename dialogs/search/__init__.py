"""Typeahead search for the cards' person pickers (Teams' ``application/search`` invoke)."""

from .commands import Result, Results, SearchAnswer, SearchQuery, SearchRefused
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
