"""Area level "region" and observation flag "invalid"

Berlin's LOR have four levels below the city (Bezirk, Prognoseraum, Bezirksregion, Planungsraum), and
its MSS marks some values "ungültig". Both only widen CHECK constraints.

Revision ID: 0002_region_invalid
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_region_invalid"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS_BEFORE = "'city', 'district', 'social_space', 'planning_area'"
LEVELS_AFTER = "'city', 'district', 'region', 'social_space', 'planning_area'"
FLAGS_BEFORE = "'ok', 'suppressed', 'provisional', 'estimated'"
FLAGS_AFTER = "'ok', 'suppressed', 'provisional', 'estimated', 'invalid'"


def _replace_check(table: str, name: str, condition: str) -> None:
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(name, type_="check")
        batch.create_check_constraint(name, condition)


def upgrade() -> None:
    _replace_check("area", "ck_level_valid", f"level IN ({LEVELS_AFTER})")
    _replace_check("observation", "ck_flag_valid", f"flag IN ({FLAGS_AFTER})")


def downgrade() -> None:
    _replace_check("observation", "ck_flag_valid", f"flag IN ({FLAGS_BEFORE})")
    _replace_check("area", "ck_level_valid", f"level IN ({LEVELS_BEFORE})")
