"""sizes for what Teams and Entra send; case counters per year

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sa.types.TypeEngine[str]:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    case_counters = op.create_table(
        "case_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    rows = (
        op.get_bind()
        .execute(sa.text("SELECT year, MAX(sequence) FROM ki_cases GROUP BY year"))
        .all()
    )
    if rows:
        op.bulk_insert(case_counters, [{"year": y, "last_sequence": n} for y, n in rows])
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=_string(200), type_=_string(256))
        batch_op.alter_column("locale", existing_type=_string(20), type_=_string(64))
    with op.batch_alter_table("bot_state", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=_string(500), type_=_string(1000))


def downgrade() -> None:
    # Values longer than the old sizes are cut, as the bot would have had to refuse them.
    op.execute("UPDATE users SET name = SUBSTR(name, 1, 200), locale = SUBSTR(locale, 1, 20)")
    with op.batch_alter_table("bot_state", schema=None) as batch_op:
        batch_op.alter_column("key", existing_type=_string(1000), type_=_string(500))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("locale", existing_type=_string(64), type_=_string(20))
        batch_op.alter_column("name", existing_type=_string(256), type_=_string(200))
    op.drop_table("case_counters")
