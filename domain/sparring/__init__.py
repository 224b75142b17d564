"""Coordinator sparring (issue #12): a question to a coordinator pool, claimed by one
coordinator, relayed both ways until either side closes it."""

from .rules import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    UNCLAIMED_STATUSES,
    Proposal,
    Relation,
    Status,
    Urgency,
    ViewerAction,
    viewer_actions,
)
from .stats import OrganisationStats, ThreadTimes, summarise
from .timing import age_label_parts, unclaimed_reminder_due

__all__ = [
    "CLOSED_STATUSES",
    "OPEN_STATUSES",
    "UNCLAIMED_STATUSES",
    "OrganisationStats",
    "Proposal",
    "Relation",
    "Status",
    "ThreadTimes",
    "Urgency",
    "ViewerAction",
    "age_label_parts",
    "summarise",
    "unclaimed_reminder_due",
    "viewer_actions",
]
