"""organisation language: what an organisation's people read unless they choose ("da" or "en")

Revision ID: 0021
Revises: 0014
Create Date: 2026-12-07 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("directory_organisations") as batch:
        batch.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="da",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_organisations") as batch:
        batch.drop_column("language")
