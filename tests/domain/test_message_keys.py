"""Message keys as values: built in one place, parsed back exactly, scoped without reaching a
sibling."""

from __future__ import annotations

import pytest

from domain.keys import MessageKey
from domain.meetings import keys

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


@pytest.mark.parametrize("part", ["", "a:b", "two words", "tab\there"])
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
