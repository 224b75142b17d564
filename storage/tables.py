"""Imports every table module so SQLModel.metadata is complete (for Alembic and tests)."""

from . import models, reach_models  # noqa: F401
