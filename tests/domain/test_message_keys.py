"""Outbox keys as values: one builder, one parser, a prefix that selects exactly the keys under
it, any text as a part."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.message_keys import MessageKey
from domain.sparring import keys


def test_a_key_is_written_as_its_parts_joined():
    key = MessageKey.of("sparring", 7, "claimed", "v3")

    assert str(key) == "sparring:7:claimed:v3"
    assert MessageKey.parse("sparring:7:claimed:v3") == key


def test_the_prefix_of_a_key_selects_only_the_keys_under_it():
    seven = MessageKey.of("sparring", 7)

    assert str(MessageKey.of("sparring", 71, "x")).startswith(seven.prefix) is False
    assert str(seven.then("unclaimed", "a")).startswith(seven.prefix)
    assert seven.then("x").is_under(seven) and not seven.is_under(seven)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=6))
def test_any_parts_come_back_from_the_written_key(parts):
    key = MessageKey(tuple(parts))

    assert MessageKey.parse(str(key)) == key


@pytest.mark.parametrize("parts", [(), ("a", ""), ("x" * 201,)])
def test_an_empty_part_or_an_overlong_key_is_refused(parts):
    with pytest.raises(ValueError):
        MessageKey(parts)


@pytest.mark.parametrize(
    ("built", "read"),
    [
        (keys.card(7, "da"), keys.SparringKey(7, keys.Kind.CARD, language="da")),
        (keys.card(7, "en"), keys.SparringKey(7, keys.Kind.CARD, language="en")),
        (
            keys.copy(7, "pc-amager", 2, "pool"),
            keys.SparringKey(7, keys.Kind.COPY, 2, pool="pc-amager", reader="pool"),
        ),
        (keys.update(7, 3, "en"), keys.SparringKey(7, keys.Kind.UPDATE, 3, language="en")),
        (
            keys.unclaimed(7, "kk-misbrug", 4, "aad-bo"),
            keys.SparringKey(7, keys.Kind.UNCLAIMED, 4, pool="kk-misbrug", reader="aad-bo"),
        ),
        (keys.notice(7, keys.Kind.DECLINED, 5), keys.SparringKey(7, keys.Kind.DECLINED, 5)),
        (keys.message(7, 12), keys.SparringKey(7, keys.Kind.MESSAGE, message_id=12)),
    ],
    ids=["danish card", "english card", "copy", "update", "reminder", "notice", "relay"],
)
def test_every_sparring_key_is_read_back_as_what_it_was_built_for(built, read):
    assert keys.parse(str(built)) == read


def test_the_danish_copies_keep_the_card_key_every_copy_had_before():
    assert str(keys.card(7, "da")) == "sparring:7"


def test_a_notice_that_reached_a_stand_in_is_read_with_whom():
    read = keys.parse(f"{keys.notice(7, keys.Kind.CLAIMED, 2)}:via:aad-finn")

    assert (read.kind, read.version, read.via) == (keys.Kind.CLAIMED, 2, "aad-finn")


def test_every_reminder_of_a_thread_is_under_one_key_and_no_other_threads():
    under = keys.every_unclaimed(7)

    assert str(keys.unclaimed(7, "pc-amager", 1, "pool")).startswith(under.prefix)
    assert not str(keys.unclaimed(77, "pc-amager", 1, "pool")).startswith(under.prefix)
    assert under.prefix == "sparring:7:unclaimed:"


@pytest.mark.parametrize(
    "text", ["poll:1:shared", "sparring", "sparring:x", "sparring:²", "sparring:7:update:3:da"]
)
def test_anything_else_is_not_a_sparring_key(text):
    with pytest.raises(ValueError):
        keys.parse(text)
