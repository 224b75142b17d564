"""Every expression in the time table parses to its hand-written moment; refusals give their code."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.timeparse import COPENHAGEN, TimeNotUnderstood, parse_time
from tests.domain.time_table import REFUSALS, ROWS, Refusal, Row


def test_the_table_holds_at_least_eighty_expressions_in_both_languages():
    assert len(ROWS) + len(REFUSALS) >= 80
    assert {row.language for row in ROWS} == {"da", "en"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.text}@{r.now:%Y-%m-%d}" for r in ROWS])
def test_an_expression_means_its_copenhagen_moment(row: Row):
    parsed = parse_time(row.text, row.now, row.language)

    assert parsed.start.isoformat() == row.start
    assert (parsed.end.isoformat() if parsed.end else None) == row.end
    assert parsed.start.tzinfo == COPENHAGEN


@pytest.mark.parametrize("refusal", REFUSALS, ids=[r.text or "blank" for r in REFUSALS])
def test_an_unusable_expression_is_refused_with_its_code(refusal: Refusal):
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_time(refusal.text, refusal.now, refusal.language)

    assert refused.value.code == refusal.code


def test_an_hour_out_of_range_names_the_hour_for_the_message():
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_time("kl 25", datetime(2026, 11, 23, 9, tzinfo=COPENHAGEN))

    assert dict(refused.value.params) == {"hour": "25"}


def test_a_naive_now_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_time("kl 10", datetime(2026, 11, 23, 9))  # noqa: DTZ001


def test_now_in_another_zone_is_the_same_instant():
    from datetime import UTC

    parsed = parse_time("om 2 timer", datetime(2026, 11, 23, 8, tzinfo=UTC))

    assert parsed.start.isoformat() == "2026-11-23T11:00:00+01:00"


def test_the_error_message_never_holds_what_the_user_typed():
    with pytest.raises(TimeNotUnderstood) as refused:
        parse_time("ring til Ole Hansen kl 10", datetime(2026, 11, 23, 9, tzinfo=COPENHAGEN))

    assert "Ole" not in str(refused.value) and "Ole" not in repr(refused.value)
