"""privacy: cases get a random audit id, the audit log names cases by it (and can be purged
after its retention period), and one sent message may be listed under several keys

Revision ID: 0014
Revises: 0016
Create Date: 2026-12-06 23:21:11.226760

The audit log is append-only: its triggers are dropped for the conversion of case references to
audit ids and created again, now letting a DELETE through only for rows older than the cut-off
written in ``audit_log_purge`` by the same transaction (the retention job does that).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SENT_COPIES_OLD_UNIQUE = "uq_sent_copies_conversation_id_activity_id"
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}


def upgrade() -> None:
    _give_cases_audit_ids()
    _allow_changes_to_the_audit_log()
    _name_cases_by_audit_id()
    op.create_table(
        "audit_log_purge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _forbid_changes_except_purging()
    _key_sent_copies_by_card_key_too()


def downgrade() -> None:
    _unkey_sent_copies()
    _allow_changes_to_the_audit_log()
    op.drop_table("audit_log_purge")
    _name_cases_by_reference()
    _forbid_all_changes()
    with op.batch_alter_table("ki_cases", schema=None) as batch_op:
        batch_op.drop_constraint("uq_ki_cases_audit_id", type_="unique")
        batch_op.drop_column("audit_id")


# --- cases ------------------------------------------------------------------------------------


def _give_cases_audit_ids() -> None:
    with op.batch_alter_table("ki_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("audit_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    bind = op.get_bind()
    for (case_id,) in bind.execute(sa.text("SELECT id FROM ki_cases")).all():
        bind.execute(
            sa.text("UPDATE ki_cases SET audit_id = :audit_id WHERE id = :id"),
            {"audit_id": uuid.uuid4().hex, "id": case_id},
        )
    with op.batch_alter_table("ki_cases", schema=None) as batch_op:
        batch_op.alter_column(
            "audit_id", existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        )
        batch_op.create_unique_constraint("uq_ki_cases_audit_id", ["audit_id"])


# --- the audit log ----------------------------------------------------------------------------


def _name_cases_by_audit_id() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
    # A reference of a case that does not exist (typed on a poll, say) is dropped: it names no
    # case the bot knows, and it must not name one made later.
    op.execute(
        "UPDATE audit_log SET case_id = "
        "(SELECT ki_cases.audit_id FROM ki_cases WHERE ki_cases.reference = audit_log.case_reference)"
    )
    op.execute(
        "UPDATE audit_log SET subject_id = COALESCE(case_id, 'unknown-case') "
        "WHERE subject_kind = 'case'"
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_case_reference"))
        batch_op.create_index(batch_op.f("ix_audit_log_case_id"), ["case_id"], unique=False)
        batch_op.drop_column("case_reference")


def _name_cases_by_reference() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_reference", sa.VARCHAR(length=20), nullable=True))
    op.execute(
        "UPDATE audit_log SET case_reference = "
        "(SELECT ki_cases.reference FROM ki_cases WHERE ki_cases.audit_id = audit_log.case_id)"
    )
    op.execute(
        "UPDATE audit_log SET subject_id = COALESCE(case_reference, subject_id) "
        "WHERE subject_kind = 'case'"
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_case_id"))
        batch_op.create_index(
            batch_op.f("ix_audit_log_case_reference"), ["case_reference"], unique=False
        )
        batch_op.drop_column("case_id")


_POSTGRES_PURGEABLE = """
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM audit_log_purge WHERE OLD.at < audit_log_purge.cutoff
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql
"""
_POSTGRES_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql
"""
_POSTGRES_TRIGGER = (
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()"
)
_SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
)


def _forbid_changes_except_purging() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_PURGEABLE)
        op.execute(_POSTGRES_TRIGGER)
        return
    op.execute(_SQLITE_NO_UPDATE)
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "WHEN NOT EXISTS (SELECT 1 FROM audit_log_purge WHERE OLD.at < audit_log_purge.cutoff) "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def _forbid_all_changes() -> None:
    """The triggers of revision 0005."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_APPEND_ONLY)
        op.execute(_POSTGRES_TRIGGER)
        return
    op.execute(_SQLITE_NO_UPDATE)
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )


def _allow_changes_to_the_audit_log() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{event}")


# --- sent copies ------------------------------------------------------------------------------


def _key_sent_copies_by_card_key_too() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(
            "sent_copies_conversation_id_activity_id_key", "sent_copies", type_="unique"
        )
        op.create_unique_constraint(
            "uq_sent_copies_key_activity",
            "sent_copies",
            ["card_key", "conversation_id", "activity_id"],
        )
        return
    # SQLite: the old constraint has no name; the naming convention gives it one to drop.
    with op.batch_alter_table("sent_copies", naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint(_SENT_COPIES_OLD_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            "uq_sent_copies_key_activity", ["card_key", "conversation_id", "activity_id"]
        )


def _unkey_sent_copies() -> None:
    # Rows of one message under several keys cannot stay: keep the first of each message.
    op.execute(
        "DELETE FROM sent_copies WHERE id NOT IN "
        "(SELECT MIN(id) FROM sent_copies GROUP BY conversation_id, activity_id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("uq_sent_copies_key_activity", "sent_copies", type_="unique")
        op.create_unique_constraint(
            "sent_copies_conversation_id_activity_id_key",
            "sent_copies",
            ["conversation_id", "activity_id"],
        )
        return
    with op.batch_alter_table("sent_copies") as batch_op:
        batch_op.drop_constraint("uq_sent_copies_key_activity", type_="unique")
        batch_op.create_unique_constraint(
            _SENT_COPIES_OLD_UNIQUE, ["conversation_id", "activity_id"]
        )
