"""docs/privacy.md, the data map, names every table and column the bot stores, with whether it
holds personal data, of whom, why, who can see it and how long it is kept."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers every table)

DOC = Path(__file__).parents[1] / "docs" / "privacy.md"
_TABLE = re.compile(r"^### `([a-z_]+)`\s*$")
_ROW = re.compile(r"^\| `([a-z_]+)` \| (yes|no) \| ([^|]+) \| ([^|]+) \|\s*$")


def documented(text: str) -> dict[str, dict[str, tuple[str, str, str]]]:
    """Each table section's columns: (personal data, of whom, purpose)."""
    tables: dict[str, dict[str, tuple[str, str, str]]] = {}
    current: str | None = None
    for line in text.splitlines():
        if heading := _TABLE.match(line):
            current = heading.group(1)
            tables[current] = {}
        elif line.startswith("## "):
            current = None
        elif current is not None and (row := _ROW.match(line)):
            personal, whom, purpose = row.group(2), row.group(3).strip(), row.group(4).strip()
            tables[current][row.group(1)] = (personal, whom, purpose)
    return tables


def problems(metadata: MetaData, text: str) -> list[str]:
    """Columns without an entry, entries of columns that no longer exist, sections without who
    can see the table or how long it is kept, and personal data without whose."""
    found = documented(text)
    sections = _sections(text)
    wrong = []
    for table in metadata.sorted_tables:
        entries = found.get(table.name)
        if entries is None:
            wrong.append(f"table {table.name} has no section")
            continue
        for column in table.columns:
            entry = entries.get(column.name)
            if entry is None:
                wrong.append(f"{table.name}.{column.name} has no entry")
            elif entry[0] == "yes" and entry[1] in ("", "–"):
                wrong.append(f"{table.name}.{column.name} is personal data of nobody")
            elif not entry[2]:
                wrong.append(f"{table.name}.{column.name} has no purpose")
        for column in set(entries) - {c.name for c in table.columns}:
            wrong.append(f"{table.name}.{column} is documented but does not exist")
        for must in ("Who can see it:", "Retention:"):
            if must not in sections.get(table.name, ""):
                wrong.append(f"table {table.name} does not say {must!r}")
    for table in set(found) - set(metadata.tables):
        wrong.append(f"table {table} is documented but does not exist")
    return wrong


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### `([a-z_]+)`\s*$", text, flags=re.MULTILINE)
    return {
        parts[i]: " ".join(parts[i + 1].split("\n## ")[0].split())
        for i in range(1, len(parts) - 1, 2)
    }


def test_every_table_and_column_has_an_entry_in_the_data_map():
    assert problems(SQLModel.metadata, DOC.read_text("utf-8")) == []


def test_a_column_added_without_an_entry_fails_the_check():
    metadata = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("ki_cases", metadata, Column("citizen_nickname", String(40)), extend_existing=True)
    Table("new_table", metadata, Column("id", String(8), primary_key=True))

    assert sorted(problems(metadata, DOC.read_text("utf-8"))) == [
        "ki_cases.citizen_nickname has no entry",
        "table new_table has no section",
    ]


def test_the_data_map_says_what_leaves_the_bot_and_what_microsoft_keeps():
    text = DOC.read_text("utf-8")

    for words in ("Teams messages", "chat history", "Microsoft Graph", "RETENTION_DAYS",
                  "AUDIT_RETENTION_DAYS", "privacy forget", "privacy export"):  # fmt: skip
        assert words in text
