"""``mine møder``: the polls the reader runs or answers, each with its state and a button that
opens what the reader does with it (the results for the tovholder, one's own vote card)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from domain.identity import PersonRef
from domain.meetings.poll import Poll, PollStatus

from .common import Element, adaptive_card, heading, identified, row_with_button, submit, text
from .meeting_polls import when
from .texts import Texts

VIEW_VERB: Final = "meetings.view"


def _state(texts: Texts, poll: Poll, reader: PersonRef) -> str:
    chosen = poll.slot(poll.chosen_slot)
    if poll.status is PollStatus.FINALISED and chosen is not None:
        return texts("meetings.shared_finalised", time=when(texts, chosen))
    if poll.status is not PollStatus.OPEN:
        return texts("meetings.shared_cancelled")
    answered = sum(1 for p in poll.people if poll.has_answered(p.key))
    state = texts("meetings.shared_answered", answered=answered, total=len(poll.people))
    me = poll.person_of(reader)
    if me is not None and not me.by_proxy and not poll.has_answered(me.key):
        state = f"{state} · {texts('meetings.mine.your_turn')}"
    return state


def _row(texts: Texts, poll: Poll, reader: PersonRef) -> Element:
    role = (
        texts("meetings.mine.you_run")
        if poll.tovholder == reader
        else texts("meetings.vote_from", name=poll.tovholder_name)
    )
    button = submit(texts("meetings.mine.open"), VIEW_VERB, poll=poll.id)
    return row_with_button(
        [
            text(poll.title, bold=True),
            text(role, subtle=True),
            text(_state(texts, poll, reader)),
        ],
        identified(button, f"open-poll-{poll.id}"),
    )


def my_meetings_card(texts: Texts, polls: Sequence[Poll], reader: PersonRef) -> Element:
    """The polls ``reader`` runs or takes part in, newest first."""
    return adaptive_card(
        [heading(texts("meetings.mine.title")), *(_row(texts, p, reader) for p in polls)]
    )
