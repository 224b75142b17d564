"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import (  # noqa: F401
    audit,
    directory_tables,
    models,
)
