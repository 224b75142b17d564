"""A fake of ``storage.directory.DirectoryStore`` for dialogs that only read the directory: the
snapshot a test sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.directory import Directory


@dataclass
class FakeDirectoryStore:
    directory: Directory = field(default_factory=Directory)

    def snapshot(self, *, today: date | None = None) -> Directory:
        return self.directory
