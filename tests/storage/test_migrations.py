"""Alembic owns the schema: migrations build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import Database
from storage.migrate import downgrade, upgrade


def test_upgrade_creates_every_table_and_matches_the_models(database_url: str):
    database = Database(database_url)
    upgrade(database.engine)

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
        tables = set(inspect(connection).get_table_names())
    database.dispose()

    assert differences == []
    assert {"users", "conversation_references", "processed_activities", "bot_state"} <= tables


def test_downgrade_to_base_and_upgrade_again_works(database_url: str):
    database = Database(database_url)
    upgrade(database.engine)
    downgrade(database.engine, "base")
    with database.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    upgrade(database.engine)
    database.dispose()
