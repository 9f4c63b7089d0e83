"""Where a report reads its data: one typed reader over ``store``, bound to one database.

``build(source, params)`` of every report takes a ``Source``. The CLI, the PDF and the slides pass a
``Source(engine)``, which memoises each read for the life of the object (a slide or a report run); the
pages pass ``ui.source.CachedSource``, which sends the same reads through Streamlit's data cache. So a page
and its slide run the same code on the same rows, and only the caching differs.

Arguments are plain hashable values (tuples, not lists), the contract of the cached loaders.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine

from sozialraum.analysis.social_index import IndexDefinition, IndexResult
from sozialraum.maps.geometry import map_shapes
from sozialraum.services import social_index as social_index_service
from sozialraum.store import goals, repository, social_index

#: Name -> reader: the reads a report may make, each ``reader(engine, *args)``. ``ui.source`` dispatches
#: cached calls by these names, so a name is stable across processes.
READERS: dict[str, Callable[..., Any]] = {
    "dataset_info": repository.dataset_info,
    "areas": repository.load_areas,
    "area_geometries": repository.load_area_geometries,
    "data_boundary_version": repository.data_boundary_version,
    "indicators": repository.load_indicators,
    "periods": repository.load_periods,
    "availability": repository.load_value_availability,
    "values": repository.load_values,
    "inventory": repository.observation_inventory,
    "budget_products": repository.load_budget_products,
    "budget": repository.load_budget,
    "budget_years": repository.load_budget_years,
    "boundary_versions": repository.load_boundary_versions,
    "goals": goals.load_goals,
    "index_definitions": social_index.list_definitions,
    "index_definition": social_index.load_definition,
    "index_periods": social_index_service.index_periods,
    "index_run": social_index_service.run_index,
    "goal_values": goals.all_goal_values,
    "indicator_coverage": repository.indicator_coverage,
    "indicator_coverage_by_period": repository.indicator_coverage_by_period,
    "import_log": repository.load_import_log,
    "map_geometries": lambda engine, *args: map_shapes(repository.load_area_geometries(engine, *args)),
}


class Source:
    """Typed reads for reports. Subclasses change how a read is made (``_read``), never what it returns."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._memo: dict[tuple[Any, ...], Any] = {}

    def _read(self, name: str, *args: Any) -> Any:
        key = (name, *args)
        if key not in self._memo:
            self._memo[key] = READERS[name](self.engine, *args)
        return self._memo[key]

    def dataset_info(self) -> dict[str, str]:
        return self._read("dataset_info")

    def areas(
        self, level: str | None = None, period: date | None = None, boundary_version: str | None = None
    ) -> pd.DataFrame:
        return self._read("areas", level, period, boundary_version)

    def area_geometries(
        self, level: str, period: date | None = None, boundary_version: str | None = None
    ) -> gpd.GeoDataFrame:
        return self._read("area_geometries", level, period, boundary_version)

    def data_boundary_version(self, indicator_key: str, period: date) -> str | None:
        return self._read("data_boundary_version", indicator_key, period)

    def indicators(self) -> pd.DataFrame:
        return self._read("indicators")

    def periods(self) -> list[date]:
        return self._read("periods")

    def availability(self) -> pd.DataFrame:
        return self._read("availability")

    def values(self, indicator_keys: tuple[str, ...], periods: tuple[date, ...], level: str) -> pd.DataFrame:
        return self._read("values", tuple(indicator_keys), tuple(periods), level)

    def inventory(self) -> pd.DataFrame:
        return self._read("inventory")

    def budget_products(self) -> pd.DataFrame:
        return self._read("budget_products")

    def budget(
        self, years: tuple[int, ...], product: str | None = None, area_ids: tuple[int, ...] | None = None
    ) -> pd.DataFrame:
        return self._read("budget", tuple(years), product, None if area_ids is None else tuple(area_ids))

    def budget_years(self) -> list[int]:
        return self._read("budget_years")

    def boundary_versions(self) -> pd.DataFrame:
        return self._read("boundary_versions")

    def goals(self) -> pd.DataFrame:
        return self._read("goals")

    def index_definitions(self) -> list[IndexDefinition]:
        return self._read("index_definitions")

    def index_definition(self, key: str) -> IndexDefinition | None:
        return self._read("index_definition", key)

    def index_periods(self, definition: IndexDefinition) -> list[date]:
        return self._read("index_periods", definition)

    def index_run(self, definition: IndexDefinition, period: date) -> IndexResult:
        return self._read("index_run", definition, period)

    def goal_values(self) -> pd.DataFrame:
        return self._read("goal_values")

    def indicator_coverage(self) -> pd.DataFrame:
        return self._read("indicator_coverage")

    def indicator_coverage_by_period(self, indicator_key: str) -> pd.DataFrame:
        return self._read("indicator_coverage_by_period", indicator_key)

    def import_log(self) -> pd.DataFrame:
        return self._read("import_log")

    def map_geometries(self, level: str, period: date, boundary_version: str) -> tuple[gpd.GeoDataFrame, str]:
        return self._read("map_geometries", level, period, boundary_version)
