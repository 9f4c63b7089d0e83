"""Repairs that used to need a new database: a boundary version's name and validity, a catalogue indicator
that should not exist. Both are one transaction under the import lock and raise the data-version stamp.

Deleting an indicator takes its values and the goals measured by it along (the confirmation names how
many: a goal without its indicator cannot be tracked), clears it as a budget product's target group, and is
refused while a Sozialindex uses it (as component, population or output indicator): an index definition is
deliberate work that must be edited or deleted on its own page first, not vanish as a side effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine, delete, func, or_, select, update

from sozialraum.db import import_transaction
from sozialraum.formatting import format_date, format_number
from sozialraum.importing import limits
from sozialraum.models import (
    BoundaryVersion,
    BudgetProduct,
    Goal,
    Indicator,
    Observation,
    SocialIndex,
    SocialIndexComponent,
)
from sozialraum.periods import read_stichtag
from sozialraum.store import data_version


class RepairError(Exception):
    """A repair that cannot be done; the text is the German message."""


def parse_day(text: str, label: str) -> date:
    """A date typed by a user (31.12.2020, 2020-12-31; a bare year is 1 January, as a version starts)."""
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) == 4:
        return date(int(stripped), 1, 1)
    day = read_stichtag(stripped)
    if day is None:
        raise RepairError(f"{label}: »{text}« ist kein Datum (z. B. 01.01.2021).")
    return day


def update_boundary_version(
    engine: Engine,
    key: str,
    name: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    open_ended: bool = False,
) -> str:
    """Change the name and/or validity of Gebietsstand ``key``; ``open_ended`` clears ``valid_to``.
    Returns a German sentence saying what changed."""
    with import_transaction(engine) as connection:
        version = connection.execute(select(BoundaryVersion).where(BoundaryVersion.key == key)).first()
        if version is None:
            known = ", ".join(connection.scalars(select(BoundaryVersion.key).order_by(BoundaryVersion.key)))
            raise RepairError(f"Gebietsstand »{key}« gibt es nicht (vorhanden: {known or 'keiner'}).")
        changes: dict[str, object] = {}
        if name is not None and name.strip() != version.name:
            if not name.strip():
                raise RepairError("Der Name des Gebietsstands darf nicht leer sein.")
            if problem := limits.text_problem(BoundaryVersion.__table__.c.name, name.strip()):
                raise RepairError(f"Name des Gebietsstands: {problem}")
            changes["name"] = name.strip()
        if valid_from is not None and valid_from != version.valid_from:
            changes["valid_from"] = valid_from
        if open_ended and version.valid_to is not None:
            changes["valid_to"] = None
        elif valid_to is not None and valid_to != version.valid_to:
            changes["valid_to"] = valid_to
        start = changes.get("valid_from", version.valid_from)
        end = changes.get("valid_to", version.valid_to)
        if end is not None and end < start:
            raise RepairError(f"»gültig bis« ({format_date(end)}) liegt vor »gültig ab« ({format_date(start)}).")
        if not changes:
            return f"Gebietsstand »{key}«: nichts zu ändern."
        connection.execute(update(BoundaryVersion).where(BoundaryVersion.id == version.id).values(**changes))
        data_version.bump(connection)
    validity = f"{format_date(start)} bis {format_date(end)}" if end else f"ab {format_date(start)}"
    return f"Gebietsstand »{key}« geändert: {changes.get('name', version.name)}, gültig {validity}."


@dataclass
class IndicatorDeletion:
    """What deleting one indicator takes along, and what stops it."""

    key: str
    name: str
    values: int
    goals: int
    budget_products: list[str] = field(default_factory=list)
    blocking_indices: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocking_indices

    def text(self) -> str:
        """»Kennzahl »ew« löschen: 0 Werte, 0 Ziele …«"""
        if not self.allowed:
            return (
                f"Kennzahl »{self.key}« ({self.name}) kann nicht gelöscht werden: der Sozialindex "
                f"{', '.join(f'»{name}«' for name in self.blocking_indices)} verwendet sie. "
                "Erst den Index auf der Seite Sozialindex ändern oder löschen."
            )
        text = (
            f"Kennzahl »{self.key}« ({self.name}) löschen: {format_number(self.values)} "
            f"{'Wert' if self.values == 1 else 'Werte'}, {format_number(self.goals)} "
            f"{'Ziel' if self.goals == 1 else 'Ziele'} werden mitgelöscht"
        )
        if self.budget_products:
            text += f"; Zielgruppe der Produkte {', '.join(self.budget_products)} wird geleert"
        return text + "."


def indicator_deletion(engine: Engine, key: str) -> IndicatorDeletion:
    """What deleting indicator ``key`` would take along (for the confirmation)."""
    with engine.connect() as connection:
        return _deletion_summary(connection, key)


def _deletion_summary(connection: Connection, key: str) -> IndicatorDeletion:
    indicator = connection.execute(select(Indicator.id, Indicator.name).where(Indicator.key == key)).first()
    if indicator is None:
        raise RepairError(f"Kennzahl »{key}« gibt es im Katalog nicht.")
    using_indices = (
        select(SocialIndex.name)
        .outerjoin(SocialIndexComponent)
        .where(
            or_(
                SocialIndexComponent.indicator_key == key,
                SocialIndex.population_indicator_key == key,
                SocialIndex.output_indicator_key == key,
            )
        )
        .distinct()
    )
    return IndicatorDeletion(
        key=key,
        name=indicator.name,
        values=connection.scalar(select(func.count()).where(Observation.indicator_id == indicator.id)),
        goals=connection.scalar(select(func.count()).where(Goal.indicator_id == indicator.id)),
        budget_products=list(
            connection.scalars(
                select(BudgetProduct.code)
                .where(BudgetProduct.target_group_indicator_key == key)
                .order_by(BudgetProduct.code)
            )
        ),
        blocking_indices=sorted(connection.scalars(using_indices)),
    )


def delete_indicator(engine: Engine, key: str) -> IndicatorDeletion:
    """Delete indicator ``key`` with its values and goals, in one transaction; refused (``RepairError``)
    while a Sozialindex uses it. Returns what went."""
    with import_transaction(engine) as connection:
        deletion = _deletion_summary(connection, key)  # read under the lock: what the user confirmed may be stale
        if not deletion.allowed:
            raise RepairError(deletion.text())
        indicator_id = connection.scalar(select(Indicator.id).where(Indicator.key == key))
        connection.execute(
            update(BudgetProduct)
            .where(BudgetProduct.target_group_indicator_key == key)
            .values(target_group_indicator_key=None)
        )
        connection.execute(delete(Goal).where(Goal.indicator_id == indicator_id))
        connection.execute(delete(Observation).where(Observation.indicator_id == indicator_id))
        connection.execute(delete(Indicator).where(Indicator.id == indicator_id))
        data_version.bump(connection)
    return deletion
