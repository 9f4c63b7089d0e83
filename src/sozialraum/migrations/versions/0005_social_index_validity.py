"""Sozialindex definitions state the Stichtage their method applies to

Revision ID: 0005_social_index_validity
Revises: 0004_deck
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_social_index_validity"
down_revision: str | None = "0004_deck"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("social_index") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("social_index") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
