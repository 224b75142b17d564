"""sparring threads and messages

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-23 08:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "sparring_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asker_tenant_id", _text(64), nullable=False),
        sa.Column("asker_aad_object_id", _text(64), nullable=False),
        sa.Column("asker_name", _text(200), nullable=False),
        sa.Column("organisation_id", _text(40), nullable=False),
        sa.Column("origin_organisation_id", _text(40), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("case_reference", _text(20), nullable=True),
        sa.Column("sectors", _text(40), nullable=False),
        sa.Column("urgency", _text(10), nullable=False),
        sa.Column("screening_id", _text(32), nullable=True),
        sa.Column("screening_verdict", _text(32), nullable=True),
        sa.Column("screening_level", sa.Integer(), nullable=True),
        sa.Column("status", _text(12), nullable=False),
        sa.Column("claimer_tenant_id", _text(64), nullable=True),
        sa.Column("claimer_aad_object_id", _text(64), nullable=True),
        sa.Column("claimer_name", _text(200), nullable=False),
        sa.Column("proposal", _text(10), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_answer_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sparring_threads", schema=None) as batch_op:
        for column in (
            "asker_aad_object_id",
            "organisation_id",
            "status",
            "claimer_aad_object_id",
            "asked_at",
        ):
            batch_op.create_index(batch_op.f(f"ix_sparring_threads_{column}"), [column])

    op.create_table(
        "sparring_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_tenant_id", _text(64), nullable=False),
        sa.Column("author_aad_object_id", _text(64), nullable=False),
        sa.Column("kind", _text(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["sparring_threads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sparring_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sparring_messages_thread_id"), ["thread_id"])


def downgrade() -> None:
    with op.batch_alter_table("sparring_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sparring_messages_thread_id"))
    op.drop_table("sparring_messages")
    with op.batch_alter_table("sparring_threads", schema=None) as batch_op:
        for column in (
            "asked_at",
            "claimer_aad_object_id",
            "status",
            "organisation_id",
            "asker_aad_object_id",
        ):
            batch_op.drop_index(batch_op.f(f"ix_sparring_threads_{column}"))
    op.drop_table("sparring_threads")
