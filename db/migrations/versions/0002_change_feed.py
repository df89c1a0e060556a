"""Change feed between processes: `alert_claims` (watch alerts posted once) and, on PostgreSQL, a trigger
that sends `NOTIFY passerelle_changes, '<data version>'` in the transaction of every committed change.

The trigger fires for every writer (bot processes, `bot.py db …`, imports, hand-written SQL), so each bot
process listening on the channel (db/notify.py) reloads within milliseconds of the commit. SQLite has no
LISTEN/NOTIFY: processes there rely on db/notify.py's periodic data-version check.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "passerelle_changes"  # db.notify.CHANNEL


def upgrade() -> None:
    op.create_table(
        "alert_claims",
        sa.Column("revision_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_alert_claims_revision_id_revisions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("revision_id", name=op.f("pk_alert_claims")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE OR REPLACE FUNCTION passerelle_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{CHANNEL}', NEW.data_version::text);
                RETURN NULL;
            END $$
        """)
        op.execute("""
            CREATE TRIGGER db_state_notify_change AFTER UPDATE OF data_version ON db_state
            FOR EACH ROW WHEN (NEW.data_version IS DISTINCT FROM OLD.data_version)
            EXECUTE FUNCTION passerelle_notify_change()
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS db_state_notify_change ON db_state")
        op.execute("DROP FUNCTION IF EXISTS passerelle_notify_change()")
    op.drop_table("alert_claims")
