"""Names that come from outside are stored through ``RedactedText``: no CPR number, whoever writes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import SQLModel, select

import storage.tables  # noqa: F401
from storage.models import UserRecord
from storage.types import RedactedText
from tests.cpr_forms import cpr_forms, synthetic_cpr

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def test_every_name_column_of_every_table_redacts_cpr_numbers():
    columns = [
        column
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if column.name == "name" or column.name.endswith("_name")
    ]
    plain = [str(column) for column in columns if not isinstance(column.type, RedactedText)]

    assert len(columns) >= 10
    assert plain == []


def test_a_name_written_with_a_cpr_number_is_read_back_with_the_marker(database: Any):
    number = synthetic_cpr(9)
    forms = cpr_forms(number)

    def write(session: Any) -> None:
        for index, form in enumerate(forms.values()):
            session.add(
                UserRecord(
                    teams_user_id=f"29:{index}",
                    name=f"Ny {form}"[:256],
                    first_seen_at=NOW,
                    last_seen_at=NOW,
                )
            )

    database.run_sync(write)
    names = database.run_sync(
        lambda session: [user.name for user in session.exec(select(UserRecord)).all()]
    )

    assert len(names) == len(forms)
    assert all(name.startswith("Ny [CPR]") for name in names)
