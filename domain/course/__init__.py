"""A KI course: its steps and who takes them, its deadlines, and the reminders before them."""

from .corrections import correct_date
from .course import COURSE_ZONE, Course, CourseDates, Event, advance, available_steps
from .deadlines import (
    RESPONSIBLE,
    CourseRules,
    Deadline,
    DeadlineKind,
    deadlines,
    open_deadlines,
    overdue,
)
from .errors import (
    CourseError,
    DateAfterNextStep,
    DateBeforePreviousStep,
    DateInFuture,
    DateNotRecorded,
    DateRequired,
    StepNotAllowed,
    StepOutOfOrder,
)
from .milestones import course_at_milestones
from .months import add_months
from .reminders import Reminder, ReminderSchedule, Snoozed, parse_offsets, plan_reminders, snooze
from .steps import (
    RULES,
    Role,
    Stage,
    Step,
    StepRule,
    allowed_roles,
    may_change_level,
    may_perform,
    steps_from,
)

__all__ = [
    "COURSE_ZONE",
    "RESPONSIBLE",
    "RULES",
    "Course",
    "CourseDates",
    "CourseError",
    "CourseRules",
    "DateAfterNextStep",
    "DateBeforePreviousStep",
    "DateInFuture",
    "DateNotRecorded",
    "DateRequired",
    "Deadline",
    "DeadlineKind",
    "Event",
    "Reminder",
    "ReminderSchedule",
    "Role",
    "Snoozed",
    "Stage",
    "Step",
    "StepNotAllowed",
    "StepOutOfOrder",
    "StepRule",
    "add_months",
    "advance",
    "allowed_roles",
    "available_steps",
    "correct_date",
    "course_at_milestones",
    "deadlines",
    "may_change_level",
    "may_perform",
    "open_deadlines",
    "overdue",
    "parse_offsets",
    "plan_reminders",
    "snooze",
    "steps_from",
]
