"""Stored Sozialindex definitions and their components

Revision ID: 0003_social_index
Revises: 0002_region_invalid
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_social_index"
down_revision: str | None = "0002_region_invalid"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "social_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("min_population", sa.Float(), nullable=True),
        sa.Column("population_indicator_key", sa.String(length=64), nullable=True),
        sa.Column("change_years", sa.Integer(), nullable=True),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.Column("output_indicator_key", sa.String(length=64), nullable=False),
        sa.CheckConstraint("kind IN ('status', 'dynamics')", name="ck_social_index_kind"),
        sa.CheckConstraint("change_years IS NULL OR change_years >= 1", name="ck_social_index_change_years"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "social_index_component",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("index_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_key", sa.String(length=64), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("direction", sa.Integer(), nullable=False),
        sa.CheckConstraint("direction IN (-1, 1)", name="ck_social_index_component_direction"),
        sa.CheckConstraint("weight >= 0", name="ck_social_index_component_weight"),
        sa.ForeignKeyConstraint(["index_id"], ["social_index.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["indicator_key"], ["indicator.key"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("index_id", "indicator_key", name="uq_social_index_component_indicator"),
    )


def downgrade() -> None:
    op.drop_table("social_index_component")
    op.drop_table("social_index")
