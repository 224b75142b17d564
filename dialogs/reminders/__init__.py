"""Personal and shared reminders in chat (issue #9): "påmind mig …", "påmind os …", "mine
påmindelser", and the reminder cards' buttons. Rules in ``domain.reminders``, rows in
``storage.reminders``, delivery through the outbox."""

from .actions import ReminderActions

__all__ = ["ReminderActions"]
