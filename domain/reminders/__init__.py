"""Personal and shared reminders (issue #9): reading the request, repeating, snoozing.

Pure rules on top of ``domain.timeparse``; delivery (rows, outbox, cards) lives elsewhere.
"""

from .request import Audience, ReminderRequest, parse_reminder_request
from .schedule import When, following, parse_when
from .snooze import MORNING, SNOOZE_KINDS, SnoozeKind, snooze_until

__all__ = [
    "MORNING",
    "SNOOZE_KINDS",
    "Audience",
    "ReminderRequest",
    "SnoozeKind",
    "When",
    "following",
    "parse_reminder_request",
    "parse_when",
    "snooze_until",
]
