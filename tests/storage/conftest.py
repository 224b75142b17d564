from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.db import Database


@pytest.fixture
def database(migrated_database_url: str) -> Iterator[Database]:
    """A migrated, empty database of each kind."""
    database = Database(migrated_database_url)
    yield database
    database.dispose()
