"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import audit, case_numbers, directory_tables, leases, models, reach_models  # noqa: F401
