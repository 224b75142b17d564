"""A fake of ``storage.directory.DirectoryStore`` as dialogs read it: one snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.directory import Directory


@dataclass
class FakeDirectoryStore:
    directory: Directory = field(default_factory=lambda: Directory.of([]))

    def snapshot(self, *, today: date | None = None) -> Directory:
        return self.directory
