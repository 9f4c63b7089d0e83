"""A Sozialindex on the database: its inputs read through ``repository``, its values written back.

``run_index`` gathers one Stichtag's component values at the definition's level, on the boundary
version the data sit on, and hands them to the pure method in ``analysis.social_index``.
``materialise_index`` then stores the index values as an ordinary catalogue indicator (topic
»Sozialindex«), so maps, trends, the Steckbrief and the needs-based allocation use it unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from sozialraum.analysis.aggregation import finest_complete_source_level
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.social_index import (
    IndexDefinition,
    IndexResult,
    class_ranges,
    compute_index,
    plain_number,
    validity_text,
)
from sozialraum.formatting import format_date, format_number
from sozialraum.models import (
    Aggregation,
    Area,
    Indicator,
    IndicatorKind,
    Observation,
    ObservationFlag,
)
from sozialraum.store import repository
from sozialraum.store.social_index import check_indicators, output_indicator_key, write_definition
from sozialraum.vocabulary import LEVEL_PLURAL

INDEX_TOPIC = "Sozialindex"


def years_before(period: date, years: int) -> date:
    """The same Stichtag ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return period.replace(year=period.year - years)
    except ValueError:
        return period.replace(year=period.year - years, day=28)


def index_periods(engine: Engine, definition: IndexDefinition) -> list[date]:
    """Stichtage the method applies to (``IndexDefinition.applies_to``) at which every component has values
    at the definition's level: stored there, or at a finer level when the indicator may be aggregated; for
    a change index also n years earlier."""
    statement = (
        select(Indicator.key, Indicator.aggregation, Observation.period, Area.level)
        .select_from(Observation)
        .join(Indicator)
        .join(Area, Observation.area_id == Area.id)
        .where(Indicator.key.in_(definition.indicator_keys))
        .distinct()
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    levels: dict[tuple[str, date], set[str]] = {}
    aggregation: dict[str, str] = {}
    for key, rule, period, level in rows:
        levels.setdefault((key, period), set()).add(level)
        aggregation[key] = rule

    def available(key: str, stored: set[str]) -> bool:
        source = finest_complete_source_level(definition.level, stored)
        return source == definition.level or (source is not None and aggregation[key] != Aggregation.NONE)

    per_key = [
        {period for (k, period), stored in levels.items() if k == key and available(key, stored)}
        for key in definition.indicator_keys
    ]
    common = {period for period in set.intersection(*per_key) if definition.applies_to(period)}
    if definition.change_years:
        common = {period for period in common if years_before(period, definition.change_years) in common}
    return sorted(common)


def _values_on_version(
    engine: Engine, definition: IndexDefinition, period: date, areas_of_version: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Component values (area key × indicator key) and the source's invalid flag per area key."""
    keys = definition.indicator_keys
    rows = repository.load_values(engine, keys, [period], definition.level)
    key_of = areas_of_version.set_index("id")["key"]
    rows = rows[rows["area_id"].isin(key_of.index)].assign(area_key=lambda f: f["area_id"].map(key_of))
    missing = [key for key in keys if key not in set(rows["indicator_key"])]
    if missing:
        raise ValueError(
            f"Für {', '.join(missing)} liegen am {format_date(period)} keine Werte auf der Ebene "
            f"{LEVEL_PLURAL.get(definition.level, definition.level)} vor."
        )
    value = rows["value"].astype(float).where(rows["flag"] != ObservationFlag.SUPPRESSED)
    wide = rows.assign(value=value).pivot_table(
        index="area_key", columns="indicator_key", values="value", aggfunc="first", dropna=False
    )
    wide = wide.reindex(index=areas_of_version["key"], columns=keys)
    invalid = (rows["flag"] == ObservationFlag.INVALID).groupby(rows["area_key"]).any()
    return wide, invalid.reindex(areas_of_version["key"], fill_value=False)


def _areas_for(engine: Engine, definition: IndexDefinition, period: date) -> pd.DataFrame:
    version = repository.data_boundary_version(engine, definition.indicator_keys[0], period)
    if version is None:
        raise ValueError(
            f"Sozialindex »{definition.name}«: am {format_date(period)} liegen keine Werte für "
            f"{definition.indicator_keys[0]} vor."
        )
    return repository.load_areas(engine, level=definition.level, boundary_version=version)


def _population_key(engine: Engine, definition: IndexDefinition) -> str | None:
    if definition.population_indicator_key:
        return definition.population_indicator_key
    return choose_population_indicator(repository.load_indicators(engine))


def run_index(engine: Engine, definition: IndexDefinition, period: date) -> IndexResult:
    """The index at ``period``; the table is indexed by area key (``area_key``) with ``area_id``,
    ``area_name``, ``population``, ``invalid`` (the source's flag), ``value_<key>`` per component (the
    change for a ``change_years`` index) and the method's columns (see ``IndexResult``).

    Raises ``ValueError`` (German) when a component has no value at all at the period."""
    areas = _areas_for(engine, definition, period)
    values, invalid = _values_on_version(engine, definition, period, areas)
    if definition.change_years:
        earlier = years_before(period, definition.change_years)
        before, invalid_before = _values_on_version(
            engine, definition, earlier, _areas_for(engine, definition, earlier)
        )
        values = values - before.reindex(values.index)
        invalid = invalid | invalid_before.reindex(invalid.index, fill_value=False)

    population = pd.Series(np.nan, index=areas["key"].to_numpy(), dtype=float)
    population_key = _population_key(engine, definition)
    if population_key:
        rows = repository.load_values(engine, [population_key], [period], definition.level)
        key_of = areas.set_index("id")["key"]
        rows = rows[rows["area_id"].isin(key_of.index)]
        population = rows.set_index(rows["area_id"].map(key_of))["value"].astype(float).reindex(population.index)

    if definition.min_population is not None and population.isna().all():
        # Otherwise every area would be left out as »Einwohnerzahl fehlt«: a silent, empty index.
        raise ValueError(
            f"Für »{definition.name}« fehlt am {format_date(period)} die Einwohnerzahl auf der Ebene "
            f"{LEVEL_PLURAL.get(definition.level, definition.level)}"
            + (f" (Kennzahl {population_key})" if population_key else "")
            + ". Bitte eine Einwohner-Kennzahl angeben oder die Mindesteinwohnerzahl auf 0 setzen."
        )
    result = compute_index(values, definition, population, invalid)
    info = pd.DataFrame(
        {"area_id": areas["id"].to_numpy(), "area_name": areas["name"].to_numpy()}, index=areas["key"].to_numpy()
    )
    info["population"] = population
    info["invalid"] = invalid.astype(bool)
    for key in definition.indicator_keys:
        info[f"value_{key}"] = values[key]
    table = info.join(result.table)
    table.index.name = "area_key"
    return IndexResult(definition, table)


def method_inputs(result: IndexResult) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """``values``, ``population`` and ``invalid`` of a ``run_index`` result, as ``compute_index`` and
    ``sensitivity`` take them: variants of the index without reading the database again."""
    table = result.table
    keys = result.definition.indicator_keys
    values = table[[f"value_{key}" for key in keys]].set_axis(keys, axis=1)
    return values, table["population"], table["invalid"]


# --- materialising: the index as a catalogue indicator ---------------------------------------------------


def index_indicator_text(definition: IndexDefinition, names: dict[str, str]) -> str:
    """The German definition text of the materialised indicator, generated from the method."""
    parts = []
    for component in definition.components:
        detail = f"Gewicht {plain_number(component.weight)}"
        if component.direction < 0:
            detail += ", umgekehrt gepolt"
        parts.append(f"{names.get(component.indicator_key, component.indicator_key)} ({detail})")
    change = f"Veränderung über {definition.change_years} Jahre von " if definition.change_years else ""
    level = LEVEL_PLURAL.get(definition.level, definition.level)
    text = (
        f"Zusammengesetzter Sozialindex »{definition.name}«: {change}{'; '.join(parts)}, jeweils über die "
        f"gültigen {level} z-standardisiert (Standardabweichung der Grundgesamtheit), gewichtet summiert und die "
        "Summe erneut standardisiert (Mittelwert 0, Standardabweichung 1). Höhere Werte bedeuten größere "
        "Benachteiligung."
    )
    if definition.min_population is not None:
        text += f" Gebiete mit weniger als {format_number(definition.min_population)} Einwohnern bleiben außen vor,"
    else:
        text += " Außen vor bleiben"
    text += " ebenso von der Quelle als ungültig gekennzeichnete oder fehlende Werte."
    text += " Klassen: " + "; ".join(class_ranges(definition)) + "."
    if validity := validity_text(definition):
        text += f" {validity}"
    return text


def compute_materialisation(
    engine: Engine, definition: IndexDefinition, periods: Sequence[date] | None = None
) -> pd.DataFrame:
    """The rows to store: ``area_id``, ``period``, ``value`` of every valid area and computable period."""
    frames = []
    for period in index_periods(engine, definition) if periods is None else periods:
        valid = run_index(engine, definition, period).valid
        frames.append(pd.DataFrame({"area_id": valid["area_id"], "period": period, "value": valid["index"]}))
    if not frames:
        return pd.DataFrame(columns=["area_id", "period", "value"])
    return pd.concat(frames, ignore_index=True)


def write_materialisation(
    session: Session, definition: IndexDefinition, rows: pd.DataFrame, periods: Sequence[date] | None = None
) -> int:
    """Create or update the indicator ``index_<key>`` and replace its values (all, or those at ``periods``)."""
    key = output_indicator_key(definition.key)
    indicator = session.scalar(select(Indicator).where(Indicator.key == key))
    if indicator is not None and indicator.topic != INDEX_TOPIC:
        raise ValueError(
            f"Die Kennzahl {key} gibt es schon, und sie ist kein Sozialindex; bitte anderen Schlüssel wählen."
        )
    catalogue = {
        k: (name, source)
        for k, name, source in session.execute(
            select(Indicator.key, Indicator.short_name, Indicator.source).where(
                Indicator.key.in_(definition.indicator_keys)
            )
        )
    }
    if indicator is None:
        last = session.scalar(select(func.max(Indicator.sort_order))) or 0
        indicator = Indicator(key=key, sort_order=last + 10, public=True)
        session.add(indicator)
    sources = list(dict.fromkeys(source for _, source in catalogue.values() if source))
    indicator.name = definition.name
    indicator.short_name = definition.name[:80]
    # Dimensionless (standard deviations): a unit "Index" would print "1,41 Index" and "(in Index)".
    indicator.unit = ""
    indicator.topic = INDEX_TOPIC
    indicator.definition = index_indicator_text(definition, {k: name for k, (name, _) in catalogue.items()})
    indicator.source = "Berechnet im Sozialraum-Monitor" + (f" aus: {'; '.join(sources)}" if sources else "")
    indicator.polarity = -1  # higher index, more disadvantage
    indicator.kind = IndicatorKind.INDEX.value
    indicator.aggregation = Aggregation.NONE.value
    indicator.scale = 1.0
    indicator.decimals = 2
    indicator.numerator_label = None
    indicator.denominator_label = None
    session.flush()
    old = delete(Observation).where(Observation.indicator_id == indicator.id)
    if periods is not None:
        old = old.where(Observation.period.in_(list(periods)))
    session.execute(old)
    records = [
        {
            "area_id": int(row.area_id),
            "indicator_id": indicator.id,
            "period": row.period,
            "value": float(row.value),
            "flag": ObservationFlag.OK.value,
        }
        for row in rows.itertuples(index=False)
    ]
    if records:
        session.execute(insert(Observation), records)
    return len(records)


def materialisation_is_current(engine: Engine, definition: IndexDefinition, rows: pd.DataFrame) -> bool:
    """Whether ``index_<key>`` holds exactly ``rows`` (``compute_materialisation``'s result) already, so a
    repeated save can leave the database untouched."""
    statement = (
        select(Observation.area_id, Observation.period, Observation.value)
        .join(Indicator)
        .where(Indicator.key == output_indicator_key(definition.key))
    )
    with engine.connect() as connection:
        stored = {(area_id, period, float(value)) for area_id, period, value in connection.execute(statement)}
    wanted = {(int(row.area_id), row.period, float(row.value)) for row in rows.itertuples(index=False)}
    return stored == wanted


def materialise_index(engine: Engine, definition: IndexDefinition, periods: Sequence[date] | None = None) -> int:
    """Write the index values as observations of ``index_<key>`` (topic »Sozialindex«) for every period
    where the index can be computed (or for ``periods``), replacing earlier values, in one transaction.
    Returns the number of values written."""
    rows = compute_materialisation(engine, definition, periods)
    with Session(engine) as session, session.begin():
        return write_materialisation(session, definition, rows, periods)


def save_definition(
    engine: Engine, definition: IndexDefinition, *, materialise: bool = True, values: pd.DataFrame | None = None
) -> int:
    """Store ``definition`` (upsert by key) and, unless ``materialise`` is False, write its values as the
    catalogue indicator ``index_<key>`` for every period where it can be computed — all in one
    transaction; returns the number of values written. Unknown indicator keys raise ``ValueError`` with a
    German message; nothing is changed. ``values`` are the rows ``compute_materialisation`` gave, when
    the caller has them already.

    Here and not in ``store``: the store writes rows, this service decides what to compute and write."""
    with Session(engine) as session:
        check_indicators(session, definition)
    if values is None and materialise:
        values = compute_materialisation(engine, definition)
    with Session(engine) as session, session.begin():
        write_definition(session, definition)
        if values is None:
            return 0
        return write_materialisation(session, definition, values)
