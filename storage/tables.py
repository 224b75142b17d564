"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import case_numbers, models  # noqa: F401
