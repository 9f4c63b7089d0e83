"""Imports record the prior state of every row they change (undo); a data-version stamp for caches

Revision ID: 0006_import_undo
Revises: 0005_social_index_validity
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_import_undo"
down_revision: str | None = "0005_social_index_validity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_log") as batch:
        batch.add_column(sa.Column("changes_recorded", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("undone_at", sa.DateTime(), nullable=True))
    op.create_table(
        "import_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("log_id", sa.Integer(), sa.ForeignKey("import_log.id", ondelete="CASCADE"), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_key", sa.String(200), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after_digest", sa.String(64), nullable=True),
    )
    op.create_index("ix_import_change_log_id", "import_change", ["log_id"])
    op.create_index("ix_import_change_row", "import_change", ["table_name", "row_key"])
    data_version = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.bulk_insert(data_version, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("data_version")
    op.drop_index("ix_import_change_row", table_name="import_change")
    op.drop_index("ix_import_change_log_id", table_name="import_change")
    op.drop_table("import_change")
    with op.batch_alter_table("import_log") as batch:
        batch.drop_column("undone_at")
        batch.drop_column("changes_recorded")
