"""Everything the Steckbrief of one area shows, gathered once for the page, the PDF and the CLI.

``load_steckbrief`` reads the database; ``build_steckbrief`` only combines frames, so the page can feed
it from its cached loaders and the PDF and CLI from the repository, and all three show the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine

from sozialraum import repository
from sozialraum.analysis.budget import plan_actual_by, plan_actual_total
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.profile import ancestors, district_name, goals_with_latest, goals_with_status, profile_rows

LEVEL_LABELS = {"social_space": "Sozialraum", "district": "Bezirk", "planning_area": "Planungsraum"}
#: Simplification of the locator outlines (degrees): a few hundred points per area are plenty there.
OUTLINE_TOLERANCE = 0.0005


class SteckbriefError(ValueError):
    """The requested area or period does not exist; the message is German and names what was asked."""


@dataclass(frozen=True)
class ProfileArea:
    id: int
    key: str
    name: str
    level: str
    label: str  # name with its social space and district, as in the pickers
    district: str | None
    area_km2: float | None
    boundary_version: str


@dataclass(frozen=True)
class BudgetPart:
    """The budget block: totals and lines by product and aid type for the areas the budget is kept for."""

    year: int
    note: str | None  # why another area's budget is shown (planning areas)
    lines: pd.DataFrame  # plan_actual_by(product, aid_type); empty when there is no budget
    total: dict[str, float]
    residents: float | None
    product_names: dict[str, str]


@dataclass(frozen=True)
class Steckbrief:
    area: ProfileArea
    year: int
    period: date
    periods: list[date]  # all reference dates up to ``period``
    catalogue: pd.DataFrame
    rows: pd.DataFrame  # analysis.profile.profile_rows
    population: float | None
    outlines: gpd.GeoDataFrame  # all areas of the level (same boundary version), simplified
    budget: BudgetPart
    goals: pd.DataFrame  # goals of the area, its ancestors and the city, with latest value and status
    info: dict[str, str] = field(default_factory=dict)
    level_values: pd.DataFrame | None = None  # all areas of the level over ``periods`` (charts)
    city_values: pd.DataFrame | None = None

    @property
    def density(self) -> float | None:
        if self.population and self.area.area_km2:
            return self.population / self.area.area_km2
        return None

    @property
    def previous(self) -> date | None:
        return self.rows["previous"].iloc[0] if len(self.rows) else None

    @property
    def earlier(self) -> date | None:
        return self.rows["earlier"].iloc[0] if len(self.rows) else None


def area_label(areas: pd.DataFrame, area_id: int) -> str:
    """Name of the area with the social space and district above it: »Am Mühlbach (Lindenfeld)«."""
    by_id = areas.set_index("id")
    above = [
        str(by_id.loc[a, "name"])
        for a in ancestors(areas, area_id)[1:]
        if by_id.loc[a, "level"] in ("social_space", "district")
    ]
    name = str(by_id.loc[area_id, "name"])
    if by_id.loc[area_id, "level"] == "district" or not above:
        return name
    return f"{name} ({', '.join(above)})"


def find_area(areas: pd.DataFrame, level: str, key: str, period: date, versions: pd.DataFrame) -> int:
    """The id of the area of ``level`` with ``key``, preferring the boundary version valid at ``period``."""
    if level not in LEVEL_LABELS:
        raise SteckbriefError(f"Unbekannte Ebene »{level}«; möglich: {', '.join(LEVEL_LABELS)}.")
    matches = areas[(areas["level"] == level) & (areas["key"] == key)]
    if matches.empty:
        raise SteckbriefError(f"Kein {LEVEL_LABELS[level]} mit dem Schlüssel »{key}« vorhanden.")
    valid = versions[
        (versions["valid_from"] <= period) & (versions["valid_to"].isna() | (versions["valid_to"] >= period))
    ]["key"]
    current = matches[matches["boundary_version"].isin(set(valid))]
    return int((current if len(current) else matches)["id"].iloc[-1])


def budget_areas(areas: pd.DataFrame, area_id: int, level: str) -> tuple[list[int], str | None]:
    """The areas whose budget the Steckbrief shows: budgets are kept per social space, so a planning area
    shows its social space's budget and a district the sum of its social spaces."""
    by_id = areas.set_index("id")
    if level == "planning_area":
        parent_id = int(by_id.loc[area_id, "parent_id"])
        note = f"Budgets werden je Sozialraum geführt; gezeigt wird der Sozialraum {area_label(areas, parent_id)}."
        return [parent_id], note
    if level == "district":
        return areas.loc[areas["parent_id"] == area_id, "id"].astype(int).tolist(), None
    return [area_id], None


def build_steckbrief(
    *,
    area: ProfileArea,
    year: int,
    period: date,
    periods: Sequence[date],
    catalogue: pd.DataFrame,
    level_values: pd.DataFrame,
    city_values: pd.DataFrame,
    outlines: gpd.GeoDataFrame,
    budget: BudgetPart,
    goals: pd.DataFrame,
    info: dict[str, str],
) -> Steckbrief:
    rows = profile_rows(level_values, city_values, catalogue, area.id, period, periods)
    population_key = choose_population_indicator(catalogue)
    population = rows.set_index("indicator_key")["value"].get(population_key) if population_key else None
    return Steckbrief(
        area=area,
        year=year,
        period=period,
        periods=list(periods),
        catalogue=catalogue,
        rows=rows,
        population=None if population is None or pd.isna(population) else float(population),
        outlines=outlines,
        budget=budget,
        goals=goals,
        info=info,
        level_values=level_values,
        city_values=city_values,
    )


def load_steckbrief(engine: Engine, level: str, area_key: str, period: date, year: int | None = None) -> Steckbrief:
    """The Steckbrief of the area ``area_key`` of ``level`` at reference date ``period`` (for budget year
    ``year``, by default the period's year). Raises :class:`SteckbriefError` for unknown areas or periods."""
    all_periods = repository.load_periods(engine)
    if period not in all_periods:
        raise SteckbriefError(f"Zum Stichtag {period:%d.%m.%Y} liegen keine Kennzahlen vor.")
    year = year or period.year
    all_areas = repository.load_areas(engine)
    area_id = find_area(all_areas, level, area_key, period, repository.load_boundary_versions(engine))
    row = all_areas.set_index("id").loc[area_id]
    area = ProfileArea(
        id=area_id,
        key=str(row["key"]),
        name=str(row["name"]),
        level=level,
        label=area_label(all_areas, area_id),
        district=district_name(all_areas, area_id),
        area_km2=None if pd.isna(row["area_km2"]) else float(row["area_km2"]),
        boundary_version=str(row["boundary_version"]),
    )
    catalogue = repository.load_indicators(engine)
    periods = [p for p in all_periods if p <= period]
    keys = list(catalogue.index)
    level_values = repository.load_values(engine, keys, periods, level)
    city_values = repository.load_values(engine, keys, periods, "city")
    outlines = repository.load_area_geometries(engine, level, boundary_version=area.boundary_version)
    outlines["geometry"] = outlines.geometry.simplify(OUTLINE_TOLERANCE, preserve_topology=True)

    budget_ids, budget_note = budget_areas(all_areas, area_id, level)
    budget_lines = repository.load_budget(engine, [year], area_ids=budget_ids)
    population_key = choose_population_indicator(catalogue)
    residents = None
    if population_key and not budget_lines.empty:
        population = repository.load_values(engine, [population_key], [period], "social_space")
        residents = population[population["area_id"].isin(budget_ids)]["value"].sum(min_count=1)
    budget = make_budget_part(
        year, budget_note, budget_lines, residents, repository.load_budget_products(engine).set_index("code")["name"]
    )

    city = repository.load_areas(engine, "city", period)
    city_id = int(city["id"].iloc[0]) if len(city) else -1
    goals = repository.load_goals_for_areas(engine, ancestors(all_areas, area_id))
    goals = goals_with_values(engine, goals, catalogue, periods, all_areas, city_id, period, year)
    return build_steckbrief(
        area=area,
        year=year,
        period=period,
        periods=periods,
        catalogue=catalogue,
        level_values=level_values,
        city_values=city_values,
        outlines=outlines,
        budget=budget,
        goals=goals,
        info=repository.dataset_info(engine),
    )


def make_budget_part(
    year: int, note: str | None, lines: pd.DataFrame, residents: float | None, products: pd.Series
) -> BudgetPart:
    if lines.empty:
        return BudgetPart(year, note, lines, {}, None, dict(products))
    residents = None if residents is None or pd.isna(residents) or not residents else float(residents)
    return BudgetPart(
        year, note, plan_actual_by(lines, ["product", "aid_type"]), plan_actual_total(lines), residents, dict(products)
    )


def goals_with_values(
    engine: Engine,
    goals: pd.DataFrame,
    catalogue: pd.DataFrame,
    periods: Sequence[date],
    areas: pd.DataFrame,
    city_id: int,
    period: date,
    year: int,
) -> pd.DataFrame:
    """Goals with their latest value, progress and traffic light, from the values of each goal's level."""
    if goals.empty:
        return goals
    goal_keys = sorted(set(goals["indicator_key"]))
    goal_levels = sorted({"city", *goals["area_level"].dropna()})
    values = pd.concat(
        [repository.load_values(engine, goal_keys, list(periods), goal_level) for goal_level in goal_levels],
        ignore_index=True,
    )
    goals = goals_with_latest(goals, values, city_id, period, areas)
    return goals_with_status(goals, values, catalogue, city_id, year, areas)
