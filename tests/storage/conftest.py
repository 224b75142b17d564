from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.db import Database
from storage.migrate import upgrade


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty database of each kind."""
    database = Database(database_url)
    upgrade(database.engine)
    yield database
    database.dispose()
