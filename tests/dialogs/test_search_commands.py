"""Teams' search invoke as a typed query: its nesting flattened, defaults filled in, a page never
larger than fifty, and anything of the wrong shape refused."""

from __future__ import annotations

import pytest

from dialogs.router import MalformedCommand, parse
from dialogs.search import SearchQuery


def test_teams_nesting_is_read_into_one_flat_query():
    query = parse(
        SearchQuery,
        {"queryText": "sø", "queryOptions": {"skip": 15, "top": 15}, "dataset": "ki.people"},
    )

    assert query == SearchQuery(dataset="ki.people", query="sø", skip=15, top=15)


def test_a_query_without_text_or_options_starts_at_the_first_page_of_fifteen():
    query = parse(SearchQuery, {"dataset": "ki.directory"})

    assert (query.query, query.skip, query.top, query.page_size) == ("", 0, 15, 15)


def test_a_page_asked_larger_than_fifty_is_fifty():
    query = parse(SearchQuery, {"dataset": "ki.people", "queryOptions": {"top": 1000}})

    assert query.page_size == 50


@pytest.mark.parametrize(
    "value",
    [
        {"queryText": "bo"},
        {"dataset": "ki.people", "queryOptions": 3},
        {"dataset": "ki.people", "queryOptions": {"skip": -1}},
        {"dataset": "ki.people", "queryOptions": {"top": 1001}},
        {"dataset": "Ki People", "queryText": "bo"},
    ],
)
def test_a_value_of_the_wrong_shape_is_refused(value: dict[str, object]):
    with pytest.raises(MalformedCommand):
        parse(SearchQuery, value)
