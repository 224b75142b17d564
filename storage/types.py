"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

from domain.privacy import redact_cpr


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored in UTC.

    SQLite keeps no offset, so a local time would be stored as if it were UTC and compare wrongly;
    every value is converted to UTC going in and marked UTC coming out, on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class RedactedText(TypeDecorator[str]):
    """Text that came from outside (a display name, a team or organisation name): every CPR-like
    number is replaced by the marker on its way into the database, whoever writes it. The edges
    redact first; this is the last defence, so a new caller cannot store one by forgetting."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else redact_cpr(str(value)).text

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)


def redacted_name(max_length: int, *, required: bool = False) -> Any:
    """A model field for a name from outside, stored through ``RedactedText`` ("" by default)."""
    column: Column[str] = Column(RedactedText(max_length), nullable=False)
    return Field(sa_column=column) if required else Field(default="", sa_column=column)
