"""ki_courses, ki_course_steps: indexes for the Monday overview and the statistics counted in SQL
(issue #19): an organisation's open deadlines of each kind by the day they count from, its courses
by the day they started, its plans by the day they were written, and the follow-up meetings held
by their day

Revision ID: 0032
Revises: 0030
Create Date: 2026-12-07 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kind of deadline, the day it counts from, the day that meets it (domain.course.COUNTED_FROM)
OPEN = (
    ("plan", "meeting_held_on", "plan_written_on"),
    ("forward", "plan_sent_on", "plan_forwarded_on"),
    ("follow_up", "period_started_on", "follow_up_held_on"),
)


def upgrade() -> None:
    with op.batch_alter_table("ki_courses", schema=None) as batch_op:
        for kind, counted_from, met_by in OPEN:
            batch_op.create_index(
                f"ix_ki_courses_open_{kind}",
                ["organisation_id", counted_from, "stage"],
                unique=False,
                postgresql_where=sa.text(f"{met_by} IS NULL"),
                sqlite_where=sa.text(f"{met_by} IS NULL"),
            )
        batch_op.create_index(
            "ix_ki_courses_started", ["organisation_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_ki_courses_plans",
            ["organisation_id", "plan_written_on", "meeting_held_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_ki_courses_organisation_course", ["organisation_id", "id"], unique=False
        )
    with op.batch_alter_table("ki_course_steps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ki_course_steps_held", ["step", "day", "corrected", "course_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ki_course_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_ki_course_steps_held")
    with op.batch_alter_table("ki_courses", schema=None) as batch_op:
        batch_op.drop_index("ix_ki_courses_organisation_course")
        batch_op.drop_index("ix_ki_courses_plans")
        batch_op.drop_index("ix_ki_courses_started")
        for kind, _, _ in reversed(OPEN):
            batch_op.drop_index(f"ix_ki_courses_open_{kind}")
