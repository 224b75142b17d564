from tests.storage.conftest import database

__all__ = ["database"]
