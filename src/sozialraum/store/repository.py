"""Read queries: an Engine and plain arguments in, DataFrames out.

Queries filter by indicator, period and level in the database, so a page never loads the whole
observation table. Aggregation to coarser levels happens in ``analysis.aggregation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Engine, and_, func, or_, select, true

from sozialraum.analysis.aggregation import (
    OBSERVATION_COLUMNS,
    aggregate_observations,
    ancestor_at_level,
    expected_parts,
    source_levels,
)
from sozialraum.models import (
    Area,
    BoundaryVersion,
    BudgetLine,
    BudgetProduct,
    DatasetInfo,
    Goal,
    ImportLog,
    Indicator,
    Observation,
)

VALUE_COLUMNS = [*OBSERVATION_COLUMNS, "parts", "expected_parts", "source_level"]
AREA_COLUMNS = ["id", "key", "name", "level", "parent_id", "area_km2", "boundary_version"]


def _frame(engine: Engine, statement, columns: list[str] | None = None) -> pd.DataFrame:
    with engine.connect() as connection:
        result = connection.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=columns or list(result.keys()))


def dataset_info(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(select(DatasetInfo.key, DatasetInfo.value)).all())


def _valid_at(period: date | None):  # SQL expression
    if period is None:
        return true()
    return and_(
        BoundaryVersion.valid_from <= period,
        or_(BoundaryVersion.valid_to.is_(None), BoundaryVersion.valid_to >= period),
    )


def load_areas(
    engine: Engine, level: str | None = None, period: date | None = None, boundary_version: str | None = None
) -> pd.DataFrame:
    """Areas (optionally of one level, of the boundary version valid at ``period`` or of the named
    ``boundary_version``), sorted by key."""
    statement = (
        select(
            Area.id,
            Area.key,
            Area.name,
            Area.level,
            Area.parent_id,
            Area.area_km2,
            BoundaryVersion.key.label("boundary_version"),
        )
        .join(BoundaryVersion)
        .where(_version_condition(period, boundary_version))
        .order_by(Area.key)
    )
    if level is not None:
        statement = statement.where(Area.level == level)
    frame = _frame(engine, statement, AREA_COLUMNS)
    frame["parent_id"] = frame["parent_id"].astype("Int64")
    return frame


def load_area_geometries(
    engine: Engine, level: str, period: date | None = None, boundary_version: str | None = None
) -> gpd.GeoDataFrame:
    """Areas of ``level`` that have a boundary; areas imported from a list (no geometry yet) are left out,
    so maps draw what exists and callers compare with ``load_areas`` to name the rest."""
    statement = (
        select(Area.id, Area.key, Area.name, Area.parent_id, Area.area_km2, Area.geometry)
        .join(BoundaryVersion)
        .where(Area.level == level, _version_condition(period, boundary_version), Area.geometry.is_not(None))
        .order_by(Area.key)
    )
    frame = _frame(engine, statement)
    geometry = shapely.from_wkb(frame.pop("geometry").to_numpy())
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def _version_condition(period: date | None, boundary_version: str | None):  # SQL expression
    if boundary_version is not None:
        return BoundaryVersion.key == boundary_version
    return _valid_at(period)


def data_boundary_version(engine: Engine, indicator_key: str, period: date) -> str | None:
    """The boundary version whose areas hold ``indicator_key`` at ``period``: usually the one valid then,
    but not always (Berlin's MSS 2021 has Stichtag 31.12.2020 and is published on the LOR 2021)."""
    statement = (
        select(BoundaryVersion.key, func.count(Observation.id).label("rows"))
        .select_from(Observation)
        .join(Indicator)
        .join(Area, Observation.area_id == Area.id)
        .join(BoundaryVersion)
        .where(Indicator.key == indicator_key, Observation.period == period)
        .group_by(BoundaryVersion.key)
        .order_by(func.count(Observation.id).desc())
    )
    with engine.connect() as connection:
        row = connection.execute(statement).first()
    return row[0] if row else None


def load_indicators(engine: Engine) -> pd.DataFrame:
    """The indicator catalogue, indexed by key, in display order."""
    columns = [
        "key",
        "name",
        "short_name",
        "unit",
        "topic",
        "definition",
        "source",
        "polarity",
        "kind",
        "numerator_label",
        "denominator_label",
        "scale",
        "aggregation",
        "decimals",
        "public",
        "sort_order",
    ]
    statement = select(*(getattr(Indicator, column) for column in columns)).order_by(
        Indicator.sort_order, Indicator.key
    )
    return _frame(engine, statement, columns).set_index("key", drop=False)


def load_periods(engine: Engine) -> list[date]:
    with engine.connect() as connection:
        return list(connection.scalars(select(Observation.period).distinct().order_by(Observation.period)))


def _per_indicator_period_level(*counts):
    """Observations grouped by indicator, period, level and boundary version, with ``counts`` per group."""
    return (
        select(
            Indicator.key.label("indicator_key"),
            Observation.period,
            Area.level,
            BoundaryVersion.key.label("boundary_version"),
            *counts,
        )
        .select_from(Observation)
        .join(Indicator)
        .join(Area, Observation.area_id == Area.id)
        .join(BoundaryVersion)
        .group_by(Indicator.key, Observation.period, Area.level, BoundaryVersion.key)
    )


def load_value_availability(engine: Engine) -> pd.DataFrame:
    """Where stored values exist: one row per indicator, period, stored level and boundary version with
    the number of areas that have a (not suppressed) value. Small (a few hundred rows for a city), so
    pages decide defaults (year, level, comparison period) from it without loading values."""
    statement = _per_indicator_period_level(func.count(Observation.id).label("areas")).where(
        Observation.value.is_not(None), or_(Observation.flag.is_(None), Observation.flag != "suppressed")
    )
    return _frame(engine, statement, ["indicator_key", "period", "level", "boundary_version", "areas"])


def _stored_levels(engine: Engine, indicator_keys: Sequence[str], periods: Sequence[date]) -> pd.DataFrame:
    statement = (
        select(Indicator.key.label("indicator_key"), Observation.period, Area.level)
        .select_from(Observation)
        .join(Indicator)
        .join(Area)
        .where(Indicator.key.in_(indicator_keys), Observation.period.in_(periods))
        .distinct()
    )
    return _frame(engine, statement, ["indicator_key", "period", "level"])


def _stored_observations(
    engine: Engine, indicator_keys: Sequence[str], periods: Sequence[date], level: str
) -> pd.DataFrame:
    statement = (
        select(
            Observation.area_id,
            Indicator.key,
            Observation.period,
            Observation.value,
            Observation.numerator,
            Observation.denominator,
            Observation.flag,
        )
        .join(Indicator)
        .join(Area)
        .where(Indicator.key.in_(indicator_keys), Observation.period.in_(periods), Area.level == level)
    )
    frame = _frame(engine, statement, OBSERVATION_COLUMNS)
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame


def load_values(engine: Engine, indicator_keys: Sequence[str], periods: Sequence[date], level: str) -> pd.DataFrame:
    """Values of ``indicator_keys`` at ``level`` for ``periods``: stored where the level is stored,
    else aggregated from the coarsest finer level that is.

    Columns: area_id, indicator_key, period, value, numerator, denominator, flag, parts (None for
    stored values), expected_parts (areas of the source level in the area, None for stored values: a sum of
    fewer parts is incomplete), source_level.
    """
    indicator_keys, periods = list(indicator_keys), list(periods)
    if not indicator_keys or not periods:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    stored = _stored_levels(engine, indicator_keys, periods)
    indicators = load_indicators(engine)
    areas = load_areas(engine)
    # One query and one aggregation per source level, not per indicator: a profile asks for all of them.
    # The source is chosen per indicator and period: a published district value wins over a computed one.
    sources = source_levels(stored, level)
    pieces: list[pd.DataFrame] = []
    for source, chosen in sources.groupby("source_level", sort=False):
        keys, source_periods = sorted(set(chosen["indicator_key"])), sorted(set(chosen["period"]))
        frame = _stored_observations(engine, keys, source_periods, source)
        wanted = pd.MultiIndex.from_frame(chosen[["indicator_key", "period"]])
        frame = frame[pd.MultiIndex.from_frame(frame[["indicator_key", "period"]]).isin(wanted)]
        if source != level:
            frame = aggregate_observations(frame, indicators, ancestor_at_level(areas, level))
            frame["expected_parts"] = frame["area_id"].map(expected_parts(areas, source, level))
        else:
            frame = frame.assign(parts=pd.NA, expected_parts=pd.NA)
        pieces.append(frame.assign(source_level=source))
    if not pieces:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    return pd.concat(pieces, ignore_index=True)[VALUE_COLUMNS]


def observation_inventory(engine: Engine) -> pd.DataFrame:
    """Which indicator has values at which Stichtag, level and boundary version, and how many rows: small
    (indicators x periods x levels), and it tells a page whether a gap means »not collected then«, »on another
    Gebietsstand« or »not for this area«, and which Stichtag is an indicator's own latest or previous one.

    Columns: indicator_key, period, level, boundary_version, rows, numerators (rows with a numerator).
    """
    statement = _per_indicator_period_level(
        func.count(Observation.id).label("rows"), func.count(Observation.numerator).label("numerators")
    ).order_by(Indicator.key, Observation.period)
    columns = ["indicator_key", "period", "level", "boundary_version", "rows", "numerators"]
    return _frame(engine, statement, columns)


def load_budget_products(engine: Engine) -> pd.DataFrame:
    """Products (code, name, target_group_indicator_key) with ``volume``, the sum of their lines' Ansatz,
    else Ist, over all years: the page opens on the product that carries the money."""
    volume = (
        select(BudgetLine.product, func.sum(func.coalesce(BudgetLine.planned, BudgetLine.actual, 0)).label("volume"))
        .group_by(BudgetLine.product)
        .subquery()
    )
    return _frame(
        engine,
        select(
            BudgetProduct.code,
            BudgetProduct.name,
            BudgetProduct.target_group_indicator_key,
            func.coalesce(volume.c.volume, 0).label("volume"),
        )
        .outerjoin(volume, volume.c.product == BudgetProduct.code)
        .order_by(BudgetProduct.code),
    )


def load_budget(
    engine: Engine, years: Sequence[int], product: str | None = None, area_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Budget lines (with area key and name) for ``years``, optionally one product and some areas."""
    statement = (
        select(
            BudgetLine.area_id,
            Area.key.label("area_key"),
            Area.name.label("area_name"),
            BudgetLine.year,
            BudgetLine.product,
            BudgetLine.aid_type,
            BudgetLine.provider,
            BudgetLine.planned,
            BudgetLine.actual,
            BudgetLine.cases,
        )
        .outerjoin(Area, BudgetLine.area_id == Area.id)
        .where(BudgetLine.year.in_(list(years)))
        .order_by(Area.key, BudgetLine.year, BudgetLine.aid_type)
    )
    if product is not None:
        statement = statement.where(BudgetLine.product == product)
    if area_ids is not None:
        statement = statement.where(BudgetLine.area_id.in_(list(area_ids)))
    frame = _frame(engine, statement)
    for column in ("planned", "actual"):
        frame[column] = frame[column].astype(float)
    return frame


def load_budget_years(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(select(BudgetLine.year).distinct().order_by(BudgetLine.year)))


def count_summary(engine: Engine) -> dict[str, object]:
    """What the database holds, for ``sozialraum info`` and the data page."""
    with engine.connect() as connection:
        levels = dict(connection.execute(select(Area.level, func.count()).group_by(Area.level)).all())
        first, last = connection.execute(select(func.min(Observation.period), func.max(Observation.period))).one()
        return {
            "areas_per_level": levels,
            "boundary_versions": connection.scalar(select(func.count(BoundaryVersion.id))),
            "indicators": connection.scalar(select(func.count(Indicator.id))),
            "observations": connection.scalar(select(func.count(Observation.id))),
            "periods": connection.scalar(select(func.count(func.distinct(Observation.period)))),
            "first_period": first,
            "last_period": last,
            "budget_lines": connection.scalar(select(func.count(BudgetLine.id))),
            "budget_years": connection.execute(select(func.min(BudgetLine.year), func.max(BudgetLine.year))).one(),
            "goals": connection.scalar(select(func.count(Goal.id))),
            "imports": connection.scalar(select(func.count(ImportLog.id))),
        }


@dataclass(frozen=True)
class BoundaryVersionSummary:
    """One Gebietsstand and how many areas of each level it holds (levels without areas left out)."""

    key: str
    name: str
    valid_from: date
    valid_to: date | None
    areas_per_level: dict[str, int]


def boundary_version_summary(engine: Engine) -> list[BoundaryVersionSummary]:
    """Every Gebietsstand, oldest first, with its own area counts: counts summed over versions count each
    area once per version it appears in (Berlin's 448 and 542 Planungsräume are not 990 of them)."""
    statement = (
        select(BoundaryVersion.id, Area.level, func.count(Area.id))
        .select_from(BoundaryVersion)
        .join(Area, Area.boundary_version_id == BoundaryVersion.id)
        .group_by(BoundaryVersion.id, Area.level)
    )
    with engine.connect() as connection:
        counts: dict[int, dict[str, int]] = {}
        for version_id, level, count in connection.execute(statement):
            counts.setdefault(version_id, {})[level] = int(count)
        versions = connection.execute(
            select(
                BoundaryVersion.id,
                BoundaryVersion.key,
                BoundaryVersion.name,
                BoundaryVersion.valid_from,
                BoundaryVersion.valid_to,
            ).order_by(BoundaryVersion.valid_from, BoundaryVersion.key)
        ).all()
    return [
        BoundaryVersionSummary(key, name, valid_from, valid_to, counts.get(version_id, {}))
        for version_id, key, name, valid_from, valid_to in versions
    ]


def indicator_coverage(engine: Engine) -> pd.DataFrame:
    """Per indicator: how many periods and areas have values, first and last period, suppressed count."""
    statement = (
        select(
            Indicator.key.label("indicator_key"),
            func.count(func.distinct(Observation.period)).label("periods"),
            func.count(func.distinct(Observation.area_id)).label("areas"),
            func.count(Observation.id).label("observations"),
            func.min(Observation.period).label("first_period"),
            func.max(Observation.period).label("last_period"),
        )
        .select_from(Indicator)
        .outerjoin(Observation)
        .group_by(Indicator.key)
    )
    return _frame(engine, statement).set_index("indicator_key")


def indicator_coverage_by_period(engine: Engine, indicator_key: str) -> pd.DataFrame:
    """For one indicator: number of areas with a value per period and level (rows periods, columns levels)."""
    statement = (
        select(Observation.period, Area.level, func.count(Observation.id).label("areas"))
        .join(Indicator)
        .join(Area)
        .where(Indicator.key == indicator_key, Observation.value.is_not(None))
        .group_by(Observation.period, Area.level)
    )
    frame = _frame(engine, statement, ["period", "level", "areas"])
    if frame.empty:
        return frame
    return frame.pivot_table(index="period", columns="level", values="areas", fill_value=0).sort_index()


def load_import_log(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """The newest imports first."""
    statement = (
        select(
            ImportLog.id,
            ImportLog.started_at,
            ImportLog.kind,
            ImportLog.file_name,
            ImportLog.rows,
            ImportLog.outcome,
            ImportLog.sha256,
            ImportLog.messages,
            ImportLog.changes_recorded,
            ImportLog.undone_at,
        )
        .order_by(ImportLog.id.desc())
        .limit(limit)
    )
    return _frame(engine, statement)


def load_boundary_versions(engine: Engine) -> pd.DataFrame:
    """Boundary versions (key, name, valid_from, valid_to) in order of validity."""
    statement = select(
        BoundaryVersion.key, BoundaryVersion.name, BoundaryVersion.valid_from, BoundaryVersion.valid_to
    ).order_by(BoundaryVersion.valid_from)
    return _frame(engine, statement, ["key", "name", "valid_from", "valid_to"])
