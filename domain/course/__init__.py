"""A KI course: its steps and who takes them, its deadlines, and the reminders before them."""

from . import keys
from .corrections import correct_date, has_recorded_date
from .course import (
    COURSE_ZONE,
    MEETINGS_HELD,
    Course,
    CourseDates,
    Event,
    advance,
    available_steps,
    timeline,
)
from .deadlines import (
    RESPONSIBLE,
    CourseRules,
    Deadline,
    DeadlineKind,
    deadlines,
    open_deadlines,
    overdue,
    plan_deadline,
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
    UnusualDay,
)
from .keys import EscalationKey, PlannedKey, ReminderKey
from .milestones import course_at_milestones
from .months import add_months
from .opening import opened
from .planned import Planned, tovholders, withdrawn
from .reminders import Reminder, ReminderSchedule, Snoozed, parse_offsets, plan_reminders, snooze
from .roles import coordinated, roles_on_case
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
from .waiting import Awaited, awaited

__all__ = [
    "COURSE_ZONE",
    "MEETINGS_HELD",
    "RESPONSIBLE",
    "RULES",
    "Awaited",
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
    "EscalationKey",
    "Event",
    "Planned",
    "PlannedKey",
    "Reminder",
    "ReminderKey",
    "ReminderSchedule",
    "Role",
    "Snoozed",
    "Stage",
    "Step",
    "StepNotAllowed",
    "StepOutOfOrder",
    "StepRule",
    "UnusualDay",
    "add_months",
    "advance",
    "allowed_roles",
    "available_steps",
    "awaited",
    "coordinated",
    "correct_date",
    "course_at_milestones",
    "deadlines",
    "has_recorded_date",
    "keys",
    "may_change_level",
    "may_perform",
    "open_deadlines",
    "opened",
    "overdue",
    "parse_offsets",
    "plan_deadline",
    "plan_reminders",
    "roles_on_case",
    "snooze",
    "steps_from",
    "timeline",
    "tovholders",
    "withdrawn",
]
