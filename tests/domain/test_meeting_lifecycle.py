"""The poll's life as one table: each change only from the statuses it is allowed in, and a
refusal that says why."""

from __future__ import annotations

import pytest

from domain.meetings.lifecycle import TRANSITIONS, Change, PollError, PollStatus, after, allows

S = PollStatus
ALLOWED = {
    Change.REVISE: {S.DRAFT: S.DRAFT},
    Change.OPEN: {S.DRAFT: S.OPEN},
    Change.VOTE: {S.OPEN: S.OPEN},
    Change.NEW_ROUND: {S.OPEN: S.OPEN},
    Change.FINALISE: {S.OPEN: S.FINALISED},
    Change.MOVE: {S.FINALISED: S.FINALISED},
    Change.CANCEL: {S.FINALISED: S.CANCELLED},
    Change.INPUT: {S.FINALISED: S.FINALISED},
}


def test_every_change_has_a_rule():
    assert set(TRANSITIONS) == set(Change) == set(ALLOWED)


@pytest.mark.parametrize("change", list(Change))
@pytest.mark.parametrize("status", list(PollStatus))
def test_a_change_leads_where_the_table_says_and_nowhere_else(change: Change, status: PollStatus):
    expected = ALLOWED[change].get(status)

    if expected is None:
        assert not allows(status, change)
        with pytest.raises(PollError):
            after(status, change)
    else:
        assert allows(status, change) and after(status, change) is expected


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (Change.VOTE, S.FINALISED, "closed"),
        (Change.VOTE, S.DRAFT, "closed"),
        (Change.OPEN, S.OPEN, "already_opened"),
        (Change.REVISE, S.CANCELLED, "already_opened"),
        (Change.MOVE, S.OPEN, "not_finalised"),
        (Change.CANCEL, S.CANCELLED, "not_finalised"),
        (Change.INPUT, S.OPEN, "not_decided"),
        (Change.INPUT, S.CANCELLED, "cancelled"),
    ],
)
def test_a_refusal_says_why_in_the_status_it_met(change: Change, status: PollStatus, code: str):
    with pytest.raises(PollError) as refused:
        after(status, change)

    assert refused.value.code == code


def test_a_cancelled_meeting_takes_nothing_any_more():
    assert not any(allows(S.CANCELLED, change) for change in Change)
