"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import (  # noqa: F401
    audit,
    case_numbers,
    course_tables,
    directory_tables,
    leases,
    meeting_tables,
    models,
    outlook_events,
    prompt_cards,
    reach_models,
    reminders,
    sparring,
)
