"""Everything the Steckbrief of one area shows, gathered once for the page, the PDF, the CLI and the slide.

``SteckbriefParams`` is the view's settings, read from the URL or a slide's stored settings alike;
``build(source, params)`` reads through a ``Source`` and returns the ``Steckbrief`` every channel renders.
``build_steckbrief`` only combines frames (kept for callers that have them at hand).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine

from sozialraum.analysis.budget import plan_actual_by, plan_actual_total
from sozialraum.analysis.gaps import coverage_text, explain_gaps
from sozialraum.analysis.goals import DEFAULT_TREND_PERIODS, assess_goals
from sozialraum.analysis.keyfigures import choose_key_indicators, choose_population_indicator
from sozialraum.analysis.steckbrief import ancestors, district_name, steckbrief_rows
from sozialraum.formatting import format_date
from sozialraum.periods import periods_by_year
from sozialraum.reports.provenance import Provenance
from sozialraum.reports.query import first, integer
from sozialraum.reports.source import Source
from sozialraum.vocabulary import LEVEL_SINGULAR, level_from_word, word_for

LEVEL_LABELS = LEVEL_SINGULAR
#: Simplification of the locator outlines (degrees): a few hundred points per area are plenty there.
OUTLINE_TOLERANCE = 0.0005


#: The slide shows the population and this many key indicators; the full profile stays on the page.
KEY_ROWS = 8
TREND_RANGE = range(2, 11)  # the trend window the Wirkungsziele page offers


class SteckbriefError(ValueError):
    """The requested area or period does not exist; the message is German and names what was asked."""


@dataclass(frozen=True)
class SteckbriefParams:
    """The Steckbrief's settings: URL words ``ebene``, ``gebiet``, ``jahr``, ``stichtag``, ``trend``.

    ``level`` is the internal level name (``city`` for the city profile); ``area_key`` None means the
    city profile. ``period`` (a Stichtag, as the CLI's ``--period``) wins over ``year``; without either
    the latest Stichtag is shown. ``trend`` is the Wirkungsziele' trend window for the goals' traffic light.
    """

    level: str = "social_space"
    area_key: str | None = None
    year: int | None = None
    period: date | None = None
    trend: int = DEFAULT_TREND_PERIODS

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> SteckbriefParams:
        """From URL query parameters or a slide's stored settings (``{"ebene": "social_space", "gebiet":
        "0101", "jahr": 2025}`` as the pages stored them; URL words and internal level names alike)."""
        raw_level = str(first(query, "ebene") or "social_space")
        area_key = first(query, "gebiet")
        period = first(query, "stichtag")
        try:
            period = date.fromisoformat(str(period)) if period and not isinstance(period, date) else period or None
        except ValueError:
            period = None
        trend = integer(query, "trend")
        return cls(
            level=level_from_word(raw_level) or raw_level,
            area_key=str(area_key) if area_key not in (None, "") else None,
            year=integer(query, "jahr"),
            period=period,
            trend=trend if trend in TREND_RANGE else DEFAULT_TREND_PERIODS,
        )

    def to_query(self) -> dict[str, str | list[str]]:
        level = word_for(self.level) if self.level in LEVEL_LABELS else self.level
        query: dict[str, str | list[str]] = {"ebene": level}
        if self.area_key is not None:
            query["gebiet"] = self.area_key
        if self.year is not None:
            query["jahr"] = str(self.year)
        if self.period is not None:
            query["stichtag"] = self.period.isoformat()
        if self.trend != DEFAULT_TREND_PERIODS:
            query["trend"] = str(self.trend)
        return query


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
    rows: pd.DataFrame  # analysis.profile.steckbrief_rows
    population: float | None
    outlines: gpd.GeoDataFrame  # all areas of the level (same boundary version), simplified
    budget: BudgetPart
    goals: pd.DataFrame  # goals of the area, its ancestors and the city, assessed as on the Wirkungsziele page
    info: dict[str, str] = field(default_factory=dict)
    level_values: pd.DataFrame | None = None  # all areas of the level over ``periods`` (charts)
    city_values: pd.DataFrame | None = None
    params: SteckbriefParams | None = None
    provenance: Provenance | None = None

    @property
    def key_rows(self) -> pd.DataFrame:
        """The population and the key indicators with a value (own or the city's): what a slide shows."""
        population_key = choose_population_indicator(self.catalogue)
        wanted = [*([population_key] if population_key else []), *choose_key_indicators(self.catalogue, count=KEY_ROWS)]
        by_key = self.rows.set_index("indicator_key", drop=False)
        rows = by_key.loc[[key for key in dict.fromkeys(wanted) if key in by_key.index]]
        return rows[rows["value"].notna() | rows["city"].notna()].reset_index(drop=True)

    @property
    def rank_count(self) -> int:
        return int(self.rows["rank_count"].max()) if len(self.rows) and self.rows["rank_count"].notna().any() else 0

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
    params: SteckbriefParams | None = None,
    provenance: Provenance | None = None,
) -> Steckbrief:
    population_key = choose_population_indicator(catalogue)
    rows = steckbrief_rows(level_values, city_values, catalogue, area.id, period, periods, population_key)
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
        params=params,
        provenance=provenance,
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


def resolve_period(source: Source, year: int | None, period: date | None) -> tuple[date, int]:
    """The Stichtag and budget year a Steckbrief shows: ``period`` as given, else the year's Stichtag as the
    sidebar picks it (a budget-only year shows the latest Stichtag before it), else the latest one."""
    all_periods = source.periods()
    if period is not None:
        if period not in all_periods:
            raise SteckbriefError(f"Zum Stichtag {period:%d.%m.%Y} liegen keine Kennzahlen vor.")
        return period, year or period.year
    if not all_periods:
        raise SteckbriefError("Die Datenbank enthält keine Kennzahlen.")
    if year is None:
        return all_periods[-1], all_periods[-1].year
    by_year = periods_by_year(all_periods, source.budget_years())
    if year not in by_year:
        raise SteckbriefError(f"Für das Jahr {year} liegen keine Daten vor.")
    return by_year[year], year


def _area(source: Source, level: str, area_key: str | None, period: date) -> ProfileArea:
    all_areas = source.areas()
    if area_key is None:
        if level != "city":
            raise SteckbriefError(f"Bitte einen {LEVEL_LABELS.get(level, 'Gebiet')} wählen.")
        city = source.areas("city", period)
        if city.empty:
            raise SteckbriefError("Es ist kein Gebiet der Ebene Gesamtstadt gespeichert.")
        area_key = str(city["key"].iloc[0])
    area_id = find_area(all_areas, level, area_key, period, source.boundary_versions())
    row = all_areas.set_index("id").loc[area_id]
    return ProfileArea(
        id=area_id,
        key=str(row["key"]),
        name=str(row["name"]),
        level=level,
        label=area_label(all_areas, area_id),
        district=district_name(all_areas, area_id),
        area_km2=None if pd.isna(row["area_km2"]) else float(row["area_km2"]),
        boundary_version=str(row["boundary_version"]),
    )


def build(source: Source, params: SteckbriefParams) -> Steckbrief:
    """The Steckbrief ``params`` asks for, read through ``source``. Raises :class:`SteckbriefError` (German)
    for unknown levels, areas, years or Stichtage."""
    if params.level not in LEVEL_LABELS:
        raise SteckbriefError(f"Unbekannte Ebene »{params.level}«; möglich: {', '.join(LEVEL_LABELS)}.")
    period, year = resolve_period(source, params.year, params.period)
    area = _area(source, params.level, params.area_key, period)
    level, all_areas = area.level, source.areas()
    catalogue = source.indicators()
    periods = tuple(p for p in source.periods() if p <= period)
    keys = tuple(catalogue.index)
    outlines = source.area_geometries(level, None, area.boundary_version)
    outlines = outlines.assign(geometry=outlines.geometry.simplify(OUTLINE_TOLERANCE, preserve_topology=True))

    budget_ids, budget_note = budget_areas(all_areas, area.id, level)
    residents = budget_residents(source, catalogue, budget_ids, budget_note, area.id, level, period)
    budget = make_budget_part(
        year,
        budget_note,
        source.budget((year,), None, tuple(budget_ids)),
        residents,
        source.budget_products().set_index("code")["name"],
    )
    return build_steckbrief(
        area=area,
        year=year,
        period=period,
        periods=periods,
        catalogue=catalogue,
        level_values=source.values(keys, periods, level),
        city_values=source.values(keys, periods, "city"),
        outlines=outlines,
        budget=budget,
        goals=area_goals(source, all_areas, area.id, year, params.trend),
        info=source.dataset_info(),
        inventory=source.inventory(),
        params=params,
        provenance=Provenance.of(source),
    )


def load_steckbrief(engine: Engine, level: str, area_key: str, period: date, year: int | None = None) -> Steckbrief:
    """``build`` for one area at the Stichtag ``period`` straight from ``engine`` (tests, benchmarks)."""
    return build(Source(engine), SteckbriefParams(level=level, area_key=area_key, year=year, period=period))


def area_goals(source: Source, areas: pd.DataFrame, area_id: int, year: int, trend: int) -> pd.DataFrame:
    """The goals set for the area, the areas above it and the whole city, assessed exactly as on the
    Wirkungsziele page and in the cockpit (``analysis.goals.assess_goals``, the same trend window)."""
    goals = source.goals()
    if goals.empty:
        return goals
    own = goals["area_id"].isin(ancestors(areas, area_id)) | (goals["area_level"] == "city")
    mine = goals[own.fillna(False).astype(bool)]
    return assess_goals(mine, source.goal_values(), year, trend).reset_index(drop=True)


def budget_residents(
    source: Source,
    catalogue: pd.DataFrame,
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
    periods = tuple(p for p in source.periods() if p <= period)
    values = source.values((population_key,), periods[-4:], target_level)
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
