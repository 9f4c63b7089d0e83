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

from sozialraum.analysis.budget import plan_actual_by, plan_actual_total
from sozialraum.analysis.gaps import coverage_text, explain_gaps
from sozialraum.analysis.keyfigures import choose_population_indicator
from sozialraum.analysis.profile import ancestors, district_name, goals_with_latest, goals_with_status, profile_rows
from sozialraum.formatting import format_date
from sozialraum.store import repository

LEVEL_LABELS = {
    "city": "Gesamtstadt",
    "social_space": "Sozialraum",
    "district": "Bezirk",
    "planning_area": "Planungsraum",
}
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
        """The previous Stichtag all indicators are compared with, or None when they differ (each indicator
        is compared with its own previous Stichtag: Berlin's MSS every other year, population half-yearly)."""
        return _common(self.rows, "previous")

    @property
    def earlier(self) -> date | None:
        return _common(self.rows, "earlier")

    @property
    def is_city(self) -> bool:
        """The city profile: no city column, position or rank (the city is not compared with itself)."""
        return self.area.level == "city"


def _common(rows: pd.DataFrame, column: str) -> date | None:
    if rows.empty:
        return None
    found = {value for value in rows[column] if value is not None and not pd.isna(value)}
    return found.pop() if len(found) == 1 else None


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


def descendants(areas: pd.DataFrame, area_id: int) -> list[int]:
    """``area_id`` and every area below it (``areas`` has id and parent_id)."""
    children = areas.dropna(subset=["parent_id"]).groupby("parent_id")["id"].apply(list).to_dict()
    found, queue = [area_id], [area_id]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(int(child))
            queue.append(int(child))
    return found


def budget_areas(areas: pd.DataFrame, area_id: int, level: str) -> tuple[list[int], str | None]:
    """The areas whose budget the Steckbrief shows: a planning area shows its social space's budget (budgets
    are kept per social space there); any other area the budget lines of itself and every area below it,
    whether a city budgets per social space (Musterstadt) or per Bezirk (Berlin)."""
    by_id = areas.set_index("id")
    if level == "planning_area" and not pd.isna(by_id.loc[area_id, "parent_id"]):
        parent_id = int(by_id.loc[area_id, "parent_id"])
        if by_id.loc[parent_id, "level"] == "social_space":
            note = f"Budgets werden je Sozialraum geführt; gezeigt wird der Sozialraum {area_label(areas, parent_id)}."
            return [parent_id], note
    return descendants(areas, area_id), None


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
    inventory: pd.DataFrame | None = None,
) -> Steckbrief:
    population_key = choose_population_indicator(catalogue)
    rows = profile_rows(level_values, city_values, catalogue, area.id, period, periods, population_key)
    rows["note"] = row_notes(rows, level_values, catalogue, area, period, inventory, city_values)
    if area.level == "city":
        rows = rows.assign(city=float("nan"), rank=float("nan"), position="unknown")
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


def row_notes(
    rows: pd.DataFrame,
    level_values: pd.DataFrame,
    catalogue: pd.DataFrame,
    area: ProfileArea,
    period: date,
    inventory: pd.DataFrame | None,
    city_values: pd.DataFrame | None = None,
) -> list[str]:
    """Per profile row a German note: why its value is missing, how complete its sum is (the area's and the
    city's), or the Stichtag of a value older than the profile's (an indicator collected every other year);
    empty when there is nothing to say."""
    city_coverage = _city_coverage(city_values) if city_values is not None and area.level != "city" else {}
    notes = []
    for row in rows.itertuples():
        value_period = row.value_period if row.value_period is not None and not pd.isna(row.value_period) else None
        found = explain_gaps(
            level_values,
            catalogue,
            area.id,
            area.level,
            value_period or period,
            inventory,
            area.boundary_version,
            keys=[row.indicator_key],
        )
        note = found.get(row.indicator_key, "")
        if value_period is not None and value_period != period and not pd.isna(row.value):
            note = "; ".join(part for part in (f"Stand {format_date(value_period)}", note) if part)
        if city_note := city_coverage.get((row.indicator_key, value_period)):
            note = "; ".join(part for part in (note, f"Gesamtstadt: {city_note}") if part)
        notes.append(note)
    return notes


def _city_coverage(city_values: pd.DataFrame) -> dict[tuple[str, date], str]:
    """(indicator, Stichtag) -> »Summe aus 95 von 104 …« where the city's value is an incomplete sum."""
    found = {}
    for row in city_values.itertuples():
        text = coverage_text(
            getattr(row, "parts", None), getattr(row, "expected_parts", None), getattr(row, "source_level", None)
        )
        if text:
            found[(row.indicator_key, row.period)] = text
    return found


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
    residents = budget_residents(engine, catalogue, all_areas, budget_ids, budget_note, area_id, level, period)
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
        inventory=repository.observation_inventory(engine),
    )


def budget_residents(
    engine: Engine,
    catalogue: pd.DataFrame,
    areas: pd.DataFrame,
    budget_ids: list[int],
    note: str | None,
    area_id: int,
    level: str,
    period: date,
) -> float | None:
    """Residents the budget is divided by: of the shown social space for a planning area, else of the area
    itself (its latest count up to ``period``), not a sum over the levels below, which would count twice."""
    population_key = choose_population_indicator(catalogue)
    if population_key is None:
        return None
    target_id, target_level = (budget_ids[0], "social_space") if note else (area_id, level)
    periods = [p for p in repository.load_periods(engine) if p <= period]
    values = repository.load_values(engine, [population_key], periods[-4:], target_level)
    own = values[(values["area_id"] == target_id) & values["value"].notna()].sort_values("period")
    return float(own["value"].iloc[-1]) if len(own) else None


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
