"""written input once per participant: when a poll's participant gave it

Revision ID: 0016
Revises: 0017
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_poll_participants") as batch:
        batch.add_column(sa.Column("input_given_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meeting_poll_participants") as batch:
        batch.drop_column("input_given_at")
