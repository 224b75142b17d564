"""meeting polls votes and case meetings

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 07:57:34.696733
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ki_case_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_reference"),
    )
    op.create_table(
        "meeting_polls",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("case_reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column(
            "tovholder_tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "tovholder_aad_object_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "tovholder_teams_user_id", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False
        ),
        sa.Column("tovholder_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("origin_tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column(
            "origin_conversation_id", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False
        ),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("citizen_points", sa.Text(), nullable=False),
        sa.Column("answer_by", sa.Date(), nullable=True),
        sa.Column("show_answers", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("chosen_slot", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting_polls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_polls_case_reference"), ["case_reference"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meeting_polls_status"), ["status"], unique=False)

    op.create_table(
        "meeting_poll_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("aad_object_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("upn", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["meeting_polls.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poll_id", "key"),
    )
    with op.batch_alter_table("meeting_poll_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_poll_participants_poll_id"), ["poll_id"], unique=False
        )

    op.create_table(
        "meeting_poll_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["meeting_polls.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poll_id", "key"),
    )
    with op.batch_alter_table("meeting_poll_slots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_poll_slots_poll_id"), ["poll_id"], unique=False
        )

    op.create_table(
        "meeting_poll_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("participant_key", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("slot_key", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["meeting_polls.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("poll_id", "participant_key", "slot_key"),
    )
    with op.batch_alter_table("meeting_poll_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_poll_votes_poll_id"), ["poll_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_poll_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_poll_votes_poll_id"))

    op.drop_table("meeting_poll_votes")
    with op.batch_alter_table("meeting_poll_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_poll_slots_poll_id"))

    op.drop_table("meeting_poll_slots")
    with op.batch_alter_table("meeting_poll_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_poll_participants_poll_id"))

    op.drop_table("meeting_poll_participants")
    with op.batch_alter_table("meeting_polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_polls_status"))
        batch_op.drop_index(batch_op.f("ix_meeting_polls_case_reference"))

    op.drop_table("meeting_polls")
    op.drop_table("ki_case_meetings")
