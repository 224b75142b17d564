"""The keys of every message a poll sends (``domain.keys.MessageKey``), built here only.

poll:<id>:shared                       the shared card (its copies are updated under it)
poll:<id>:shared:v<version>            one update of it per poll version
poll:<id>:vote:<participant>           a participant's vote card (updated under it)
poll:<id>:vote:<participant>:r<round>  … sent for a round (…:update replaces the earlier one)
poll:<id>:vote:<participant>:closed:v<version>  … closed, showing the decision of that version
poll:<id>:nudge:<participant>:r<round>:<working days>
poll:<id>:deadline                     the tovholder: the answer-by date has passed
poll:<id>:all_required                 the tovholder: every required participant answered
poll:<id>:confirmed:<sequence>:<0|1>:<participant>   the decision, a move, a cancellation
poll:<id>:input:<participant>          written input: once per participant and poll
"""

from __future__ import annotations

from typing import Final

from domain.keys import MessageKey

KIND: Final = "poll"


def poll(poll_id: str) -> MessageKey:
    return MessageKey.of(KIND, poll_id)


def shared(poll_id: str) -> MessageKey:
    return poll(poll_id).then("shared")


def shared_version(poll_id: str, version: int) -> MessageKey:
    return shared(poll_id).then(f"v{version}")


def vote_card(poll_id: str, participant: str) -> MessageKey:
    return poll(poll_id).then("vote", participant)


def vote_round(poll_id: str, participant: str, round_: int) -> MessageKey:
    return vote_card(poll_id, participant).then(f"r{round_}")


def vote_closed(poll_id: str, participant: str, version: int) -> MessageKey:
    return vote_card(poll_id, participant).then("closed", f"v{version}")


def nudges(poll_id: str, participant: str | None = None) -> MessageKey:
    """Every nudge of the poll, or of one participant."""
    key = poll(poll_id).then("nudge")
    return key.then(participant) if participant else key


def nudge(poll_id: str, participant: str, round_: int, after_days: int) -> MessageKey:
    return nudges(poll_id, participant).then(f"r{round_}", after_days)


def deadline(poll_id: str) -> MessageKey:
    return poll(poll_id).then("deadline")


def all_required(poll_id: str) -> MessageKey:
    return poll(poll_id).then("all_required")


def confirmation(poll_id: str, sequence: int, cancelled: bool, participant: str) -> MessageKey:
    return poll(poll_id).then("confirmed", sequence, int(cancelled), participant)


def written_input(poll_id: str, participant: str) -> MessageKey:
    return poll(poll_id).then("input", participant)
