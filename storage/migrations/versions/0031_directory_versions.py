"""directory_versions: a token per part of the directory, changed by triggers in the same
transaction as every change to its tables, so each instance knows when its cached snapshot of the
directory is stale (issue #19)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 06:00:00

A random token, not a counter: a transaction that changed the directory reads its own new token
before it commits; were it a counter, a rolled-back change and the next committed one would share
a number, and a snapshot read inside the first could pass for the second.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0031"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARTS = {
    "directory_organisations": "people",
    "directory_partners": "people",
    "directory_people": "people",
    "directory_roles": "people",
    "directory_absences": "absences",
}
_POSTGRES_FUNCTION = """
CREATE FUNCTION directory_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO directory_versions (part, token)
    VALUES (TG_ARGV[0], replace(gen_random_uuid()::text, '-', ''))
    ON CONFLICT (part) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
# The row is written anew if it went missing (the tests empty every table between tests).
_BUMP = (
    "INSERT INTO directory_versions (part, token) VALUES ('{part}', {random}) "
    "ON CONFLICT (part) DO UPDATE SET token = excluded.token"
)
_SQLITE_RANDOM = "lower(hex(randomblob(16)))"
_POSTGRES_RANDOM = "replace(gen_random_uuid()::text, '-', '')"
_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "directory_versions",
        sa.Column("part", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("part"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_FUNCTION)
        for table, part in PARTS.items():
            # Per statement: a file load of thousands of rows changes the token once.
            op.execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION directory_changed('{part}')"
            )
    else:
        for table, part in PARTS.items():
            for event in _EVENTS:
                op.execute(
                    f"CREATE TRIGGER {table}_on_{event} AFTER {event.upper()} ON {table} "
                    f"BEGIN {_BUMP.format(part=part, random=_SQLITE_RANDOM)}; END"
                )
    postgres = op.get_bind().dialect.name == "postgresql"
    for part in sorted(set(PARTS.values())):
        op.execute(_BUMP.format(part=part, random=_POSTGRES_RANDOM if postgres else _SQLITE_RANDOM))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PARTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_changed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS directory_changed()")
    else:
        for table in PARTS:
            for event in _EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_on_{event}")
    op.drop_table("directory_versions")
