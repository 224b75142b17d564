"""processed_activities keep what an invoke was answered, so a re-delivery gets the same answer

Revision ID: 0012
Revises: 0021
Create Date: 2026-12-06 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invoke_status", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("invoke_body", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processed_activities", schema=None) as batch_op:
        batch_op.drop_column("invoke_body")
        batch_op.drop_column("invoke_status")
