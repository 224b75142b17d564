"""Meeting polls (issue #13): proposing times, ranking answers, the invitation and its link.

Pure rules; the chat capability, cards and storage are built on top of these functions.
"""

from .invitation import (
    Invitee,
    Meeting,
    content_type,
    copenhagen_vtimezone,
    invitation_ics,
    uid_for,
)
from .links import ExpiredLink, InvalidLink, LinkPayload, sign, verify
from .ranking import (
    Answer,
    InvalidPoll,
    Participant,
    PollSlot,
    RankedSlot,
    Ranking,
    Reason,
    SlotVerdict,
    Tally,
    rank_slots,
)
from .slots import (
    COPENHAGEN,
    Interval,
    MeetingHours,
    Slot,
    WorkingDays,
    propose_slots,
    whole_days,
)

__all__ = [
    "COPENHAGEN",
    "Answer",
    "ExpiredLink",
    "Interval",
    "InvalidLink",
    "InvalidPoll",
    "Invitee",
    "LinkPayload",
    "Meeting",
    "MeetingHours",
    "Participant",
    "PollSlot",
    "RankedSlot",
    "Ranking",
    "Reason",
    "Slot",
    "SlotVerdict",
    "Tally",
    "WorkingDays",
    "content_type",
    "copenhagen_vtimezone",
    "invitation_ics",
    "propose_slots",
    "rank_slots",
    "sign",
    "uid_for",
    "verify",
    "whole_days",
]
