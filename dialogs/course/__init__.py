"""KI courses in chat: the case card and its steps, nudges, escalation, lists and overview."""

from .actions import CourseActions
from .context import CourseContext
from .lists import CourseLists

__all__ = ["CourseActions", "CourseContext", "CourseLists"]
