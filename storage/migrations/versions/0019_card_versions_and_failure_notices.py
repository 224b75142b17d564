"""Card versions for ordered, coalesced updates; who to tell when a message is not delivered

Revision ID: 0019
Revises: 0012
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_versions",
        sa.Column("card_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sent_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("card_key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("update_of", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        batch_op.add_column(sa.Column("card_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("on_failure_json", sa.Text(), nullable=True))
        batch_op.create_index("ix_outbox_update_of_status", ["update_of", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_update_of_status")
        batch_op.drop_column("on_failure_json")
        batch_op.drop_column("card_version")
        batch_op.drop_column("update_of")
    op.drop_table("card_versions")
