"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import audit, case_numbers, directory_tables, models, reach_models, sparring  # noqa: F401
