"""Meeting polls in chat (issue #13): "møde" creates a poll, participants vote on their own
cards, the tovholder decides, and everyone gets a calendar invitation.

Rules in ``domain.meetings`` (the poll's life as a table, changes returning events, the nudge
schedule, the message keys), rows in ``storage.meetings``, delivery through the outbox."""

from __future__ import annotations

from typing import Final

from cards.meeting_forms import EDIT_VERB, OPEN_VERB, PREVIEW_VERB, PROPOSE_VERB
from cards.meeting_polls import (
    CANCEL_VERB,
    FINALISE_VERB,
    INPUT_VERB,
    MOVE_VERB,
    PROXY_VERB,
    REPROPOSE_VERB,
    RESULTS_VERB,
    VOTE_VERB,
)
from storage.unit_of_work import Units

from ..router import Refusals, Router
from .closing import Closing
from .commands import (
    CastVote,
    DraftForm,
    Finalise,
    ForParticipant,
    GiveInput,
    Move,
    OpenDraft,
    PollAction,
)
from .context import CalendarLinks, CaseMeetingHook, MeetingsContext
from .creating import Creating
from .voting import Voting

__all__ = ["CalendarLinks", "CaseMeetingHook", "MeetingPolls", "MeetingsContext"]

CAPABILITY: Final = "meeting_poll"
REFUSALS: Final = Refusals(unknown_person="meetings.unknown_user")


class MeetingPolls:
    def __init__(self, units: Units, context: MeetingsContext) -> None:
        self.creating = Creating(units, context)
        self.voting = Voting(context)
        self.closing = Closing(units, context)

    def register(self, router: Router) -> None:
        creating, voting, closing = self.creating, self.voting, self.closing
        router.text(CAPABILITY, creating.start)
        router.in_unit(PROPOSE_VERB, DraftForm, creating.propose, refusals=REFUSALS)
        router.verb(PREVIEW_VERB, DraftForm, creating.preview, refusals=REFUSALS)
        router.in_unit(EDIT_VERB, DraftForm, creating.edit, refusals=REFUSALS)
        router.in_unit(OPEN_VERB, OpenDraft, creating.open, refusals=REFUSALS)
        router.in_unit(VOTE_VERB, CastVote, voting.vote, refusals=REFUSALS)
        router.in_unit(PROXY_VERB, ForParticipant, voting.proxy, refusals=REFUSALS)
        router.in_unit(RESULTS_VERB, PollAction, voting.results, refusals=REFUSALS)
        router.in_unit(FINALISE_VERB, Finalise, closing.finalise, refusals=REFUSALS)
        router.in_unit(REPROPOSE_VERB, PollAction, closing.repropose, refusals=REFUSALS)
        router.in_unit(INPUT_VERB, GiveInput, closing.give_input, refusals=REFUSALS)
        router.verb(MOVE_VERB, Move, closing.move, refusals=REFUSALS)
        router.in_unit(CANCEL_VERB, PollAction, closing.cancel, refusals=REFUSALS)
