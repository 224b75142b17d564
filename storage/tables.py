"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import audit, case_numbers, course_tables, directory_tables, models, reach_models  # noqa: F401
