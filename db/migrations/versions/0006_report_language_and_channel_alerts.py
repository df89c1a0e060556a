"""The language a report was filed in (`reports.lang`), so the reporter hears back in it; `channel_alert_claims`,
so each edit is posted once to the servers' alert channels when several processes share the database.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("lang", sa.String(length=8), nullable=True))
    op.create_table(
        "channel_alert_claims",
        sa.Column("revision_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"],
                                name=op.f("fk_channel_alert_claims_revision_id_revisions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("revision_id", name=op.f("pk_channel_alert_claims")),
    )


def downgrade() -> None:
    op.drop_table("channel_alert_claims")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("lang")
