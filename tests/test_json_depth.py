from __future__ import annotations

import json

import pytest

from bot.json_depth import MAX_JSON_DEPTH, nests_deeper_than


def _nested(levels: int) -> bytes:
    return json.dumps(json.loads("[" * levels + "]" * levels)).encode()


def test_nesting_up_to_the_limit_passes_and_one_level_more_does_not():
    assert not nests_deeper_than(_nested(MAX_JSON_DEPTH))
    assert nests_deeper_than(_nested(MAX_JSON_DEPTH + 1))


@pytest.mark.parametrize(
    "text",
    ['{"a": "[[[[[[[[[["}', '["\\"[[[[[[[[", "{{{{{{{{{{"]', '{"a": "\\\\", "b": "[[[[[[["}'],
)
def test_brackets_inside_strings_do_not_count(text: str):
    json.loads(text)
    assert not nests_deeper_than(text.encode(), limit=2)


@pytest.mark.parametrize(
    "raw",
    [b'"' + b'\\"' * 50_000, b'"' + b'\\"' * 50_000 + b"\\", b"[" * 200_000],
    ids=["unterminated string of escaped quotes", "ending in a backslash", "only brackets"],
)
def test_malformed_bodies_are_measured_in_one_pass(raw: bytes):
    # A scan that retried from every quote would take minutes here; the bench has the figures.
    assert nests_deeper_than(raw) == raw.startswith(b"[")
