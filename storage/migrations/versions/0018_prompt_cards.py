"""prompt_cards: the cards that wait for one person's answer (the screening's questionnaires),
replacing the SDK's dialog state

Revision ID: 0018
Revises: 0009
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0018"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "prompt_cards",
        sa.Column("card_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "owner_teams_user_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("card_id"),
    )
    with op.batch_alter_table("prompt_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prompt_cards_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prompt_cards_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            "ix_prompt_cards_owner_conversation",
            ["owner_teams_user_id", "conversation_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("prompt_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_prompt_cards_owner_conversation")
        batch_op.drop_index(batch_op.f("ix_prompt_cards_changed_at"))
        batch_op.drop_index(batch_op.f("ix_prompt_cards_status"))
    op.drop_table("prompt_cards")
