"""Message keys as values: built in one place, parsed back exactly, scoped without reaching a
sibling."""

from __future__ import annotations

import pytest

from domain.keys import MessageKey
from domain.meetings import keys
from domain.sparring import keys as sk

POLL = "a" * 32


def test_a_key_reads_back_as_it_was_built():
    key = MessageKey.of("poll", POLL, "nudge", "p2", "r1", 1)

    assert str(key) == f"poll:{POLL}:nudge:p2:r1:1"
    assert MessageKey.parse(str(key)) == key
    assert (key.kind, key.subject, key.topic) == ("poll", POLL, "nudge")


def test_a_scope_covers_the_keys_under_it_and_never_a_sibling():
    p1, p10 = keys.nudges(POLL, "p1"), keys.nudges(POLL, "p10")
    nudge = keys.nudge(POLL, "p10", 1, 2)

    assert not str(nudge).startswith(p1.scope) and str(nudge).startswith(p10.scope)
    assert nudge.is_within(p10) and nudge.is_within(keys.nudges(POLL))
    assert not nudge.is_within(p1)


@pytest.mark.parametrize("part", ["", "two words", "tab\there"])
def test_a_part_that_would_not_read_back_is_refused(part: str):
    with pytest.raises(ValueError, match="key part"):
        MessageKey.of("poll", POLL, part)


@pytest.mark.parametrize("text", ["poll", "", "poll::x", "poll:x:"])
def test_a_text_that_is_no_key_is_refused(text: str):
    with pytest.raises(ValueError):
        MessageKey.parse(text)


def test_a_key_longer_than_the_outbox_takes_is_refused():
    with pytest.raises(ValueError, match="at most"):
        MessageKey.of("poll", POLL, "x" * 200)


def test_the_poll_keys_keep_the_wire_format_of_cards_already_sent():
    assert str(keys.shared(POLL)) == f"poll:{POLL}:shared"
    assert str(keys.shared_version(POLL, 7)) == f"poll:{POLL}:shared:v7"
    assert str(keys.vote_card(POLL, "p2")) == f"poll:{POLL}:vote:p2"
    assert str(keys.vote_round(POLL, "p2", 3)) == f"poll:{POLL}:vote:p2:r3"
    assert str(keys.confirmation(POLL, 1, True, "p3")) == f"poll:{POLL}:confirmed:1:1:p3"
    assert str(keys.written_input(POLL, "p3")) == f"poll:{POLL}:input:p3"


@pytest.mark.parametrize(
    ("built", "read"),
    [
        (
            sk.card(7, "da"),
            sk.SparringKey(7, sk.Kind.CARD, language="da"),
        ),
        (
            sk.card(7, "en"),
            sk.SparringKey(7, sk.Kind.CARD, language="en"),
        ),
        (
            sk.copy(7, "pc-amager", 2, "pool"),
            sk.SparringKey(7, sk.Kind.COPY, 2, pool="pc-amager", reader="pool"),
        ),
        (
            sk.update(7, 3, "en"),
            sk.SparringKey(7, sk.Kind.UPDATE, 3, language="en"),
        ),
        (
            sk.unclaimed(7, "kk-misbrug", 4, "aad-bo"),
            sk.SparringKey(7, sk.Kind.UNCLAIMED, 4, pool="kk-misbrug", reader="aad-bo"),
        ),
        (
            sk.notice(7, sk.Kind.DECLINED, 5),
            sk.SparringKey(7, sk.Kind.DECLINED, 5),
        ),
        (
            sk.message(7, 12),
            sk.SparringKey(7, sk.Kind.MESSAGE, message_id=12),
        ),
    ],
    ids=["danish card", "english card", "copy", "update", "reminder", "notice", "relay"],
)
def test_every_sparring_key_is_read_back_as_what_it_was_built_for(built, read):
    assert sk.parse(str(built)) == read


def test_the_danish_copies_keep_the_card_key_every_copy_had_before():
    assert str(sk.card(7, "da")) == "sparring:7"


def test_a_notice_that_reached_a_stand_in_is_read_with_whom():
    read = sk.parse(f"{sk.notice(7, sk.Kind.CLAIMED, 2)}:via:aad-finn")

    assert (read.kind, read.version, read.via) == (sk.Kind.CLAIMED, 2, "aad-finn")


def test_every_reminder_of_a_thread_is_under_one_key_and_no_other_threads():
    under = sk.every_unclaimed(7)

    assert str(sk.unclaimed(7, "pc-amager", 1, "pool")).startswith(under.prefix)
    assert not str(sk.unclaimed(77, "pc-amager", 1, "pool")).startswith(under.prefix)
    assert under.prefix == "sparring:7:unclaimed:"


@pytest.mark.parametrize(
    "text", ["poll:1:shared", "sparring", "sparring:x", "sparring:²", "sparring:7:update:3:da"]
)
def test_anything_else_is_not_a_sparring_key(text):
    with pytest.raises(ValueError):
        sk.parse(text)


def test_the_prefix_of_a_key_selects_only_the_keys_under_it():
    seven = MessageKey.of("sparring", 7)

    assert not str(MessageKey.of("sparring", 71, "x")).startswith(seven.prefix)
    assert str(seven.then("unclaimed", "a")).startswith(seven.prefix)
    assert seven.then("x").is_under(seven) and not seven.is_under(seven)


def test_a_part_with_the_separator_or_a_percent_reads_back_as_written():
    key = MessageKey.of("course", "KI-2026-0001", "snooze", "2026-12-01T09:00", "50%")

    assert str(key) == "course:KI-2026-0001:snooze:2026-12-01T09%3A00:50%25"
    assert MessageKey.parse(str(key)) == key
