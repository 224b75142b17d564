"""outlook_events: a decided meeting's Outlook invitation, queued with the decision and made,
moved or cancelled through Microsoft Graph by a background job (issue #22)

Revision ID: 0030
Revises: 0019
Create Date: 2026-12-07 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0030"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outlook_events",
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("event_id", sa.Text(), nullable=True),
        sa.Column("join_url", sa.Text(), nullable=True),
        sa.Column("wanted_sequence", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("done_sequence", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("poll_id"),
    )
    with op.batch_alter_table("outlook_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outlook_events_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_outlook_events_due_at"), ["due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outlook_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outlook_events_due_at"))
        batch_op.drop_index(batch_op.f("ix_outlook_events_state"))
    op.drop_table("outlook_events")
