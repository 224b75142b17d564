"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import (
    leases,  # noqa: F401
    models,  # noqa: F401
)
