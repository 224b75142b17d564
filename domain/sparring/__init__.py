"""Coordinator sparring (issue #12): a question to a coordinator pool, claimed by one
coordinator, relayed both ways until either side closes it. The moves are one table
(``thread``); where a question goes is ``routing``; its outbox keys are ``keys``."""

from . import keys
from .routing import Route, partner_of, pool_members, present_pool, route_question, target_of
from .rules import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    UNCLAIMED_STATUSES,
    Proposal,
    Relation,
    Status,
    Urgency,
    ViewerAction,
)
from .stats import OrganisationStats, ThreadTimes, summarise
from .thread import (
    TRANSITIONS,
    Answered,
    Changed,
    Claimed,
    Closed,
    Declined,
    Event,
    FollowedUp,
    Forwarded,
    Move,
    NewThread,
    Outcome,
    Proposed,
    Refusal,
    Refused,
    Thread,
    Written,
    viewer_actions,
)
from .timing import age_label_parts, unclaimed_reminder_due

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "UNCLAIMED_STATUSES",
    "Answered",
    "Changed",
    "Claimed",
    "Closed",
    "Declined",
    "Event",
    "FollowedUp",
    "Forwarded",
    "Move",
    "NewThread",
    "OrganisationStats",
    "Outcome",
    "Proposal",
    "Proposed",
    "Refusal",
    "Refused",
    "Relation",
    "Route",
    "Status",
    "Thread",
    "ThreadTimes",
    "Urgency",
    "ViewerAction",
    "Written",
    "age_label_parts",
    "keys",
    "partner_of",
    "pool_members",
    "present_pool",
    "route_question",
    "summarise",
    "target_of",
    "unclaimed_reminder_due",
    "viewer_actions",
]
