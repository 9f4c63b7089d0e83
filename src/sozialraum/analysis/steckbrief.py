"""One area in full: each indicator's value, changes, city value, rank and whether it is good news.

Everything here works on frames shaped like ``repository.load_values`` (area_id, indicator_key, period,
value, flag); city values are the aggregated city-level rows, so they are weighted, never averaged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from sozialraum.analysis.gaps import incomplete_sums
from sozialraum.analysis.keyfigures import Assessment, assess_change
from sozialraum.models import Aggregation, ObservationFlag

#: How many periods back the long-run change looks.
LONG_RUN_STEPS = 5


def period_before(periods: Sequence[date], period: date, steps: int) -> date | None:
    """The period ``steps`` places before ``period`` in the sorted list of all periods, if there is one."""
    ordered = sorted(set(periods))
    if period not in ordered:
        return None
    position = ordered.index(period) - steps
    return ordered[position] if position >= 0 else None


def shown_values(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` with suppressed values blanked: a withheld figure is never shown or ranked."""
    return values.assign(value=values["value"].where(values["flag"] != ObservationFlag.SUPPRESSED))


def rank_areas(values: pd.Series, polarity: int) -> pd.Series:
    """Rank areas by value: 1 is the most favourable following ``polarity`` (highest value when neutral).

    ``values`` is indexed by area id; missing values get no rank; ties share the better rank.
    """
    ascending = polarity < 0
    return values.dropna().rank(ascending=ascending, method="min").astype(int)


def rank_label(rank: float | None, count: int, polarity: int) -> str:
    if rank is None or (isinstance(rank, float) and math.isnan(rank)):
        return "–"
    meaning = "höchster Wert" if polarity == 0 else "günstigster Wert"
    return f"{int(rank)} von {count} (1 = {meaning})"


def position_against_city(value: float, city_value: float, polarity: int, tolerance: float) -> Assessment:
    """Whether the area stands better or worse than the city, following the indicator's polarity."""
    return assess_change(value - city_value, polarity, tolerance)


def _value_at(frame: pd.DataFrame, period: date | None) -> float:
    if period is None:
        return math.nan
    row = frame[frame["period"] == period]
    return float(row["value"].iloc[0]) if len(row) else math.nan


def _change(own: pd.DataFrame, value: float, current: date | None, other: date | None) -> float:
    """``value`` minus the value at ``other``; NaN when either is a sum of incomplete parts (the change
    would measure how many smaller areas reported, not the area)."""
    incomplete = own.loc[incomplete_sums(own), "period"]
    if current in set(incomplete) or other in set(incomplete):
        return math.nan
    return value - _value_at(own, other)


def own_periods(stichtage: Sequence[date], period: date) -> tuple[date | None, date | None, date | None]:
    """An indicator's own Stichtage for a view of ``period``: its latest one in ``period``'s year (not after
    ``period``), the one before that and the one ``LONG_RUN_STEPS`` before. Berlin's MSS values (31.12. of
    every other year) so compare with their own previous report, not with a half-year population date."""
    ordered = sorted(set(stichtage))
    in_year = [p for p in ordered if p.year == period.year and p <= period]
    if not in_year:
        return None, None, None
    current = in_year[-1]
    return current, period_before(ordered, current, 1), period_before(ordered, current, LONG_RUN_STEPS)


def _per_resident(value: float, residents: float) -> float:
    return value / residents if residents and not math.isnan(residents) else math.nan


def steckbrief_rows(
    level_values: pd.DataFrame,
    city_values: pd.DataFrame,
    catalogue: pd.DataFrame,
    area_id: int,
    period: date,
    periods: Sequence[date],
    population_key: str | None = None,
) -> pd.DataFrame:
    """One row per catalogue indicator for ``area_id`` in the year of ``period``.

    ``level_values`` holds all areas of the area's level (for the rank) over ``periods`` (for changes
    and the sparkline); ``city_values`` the city's values. Each indicator is read at its own latest Stichtag
    in the year (``value_period``) and compared with its own previous Stichtage (``previous``, ``earlier``).
    Counts (aggregation ``sum``) are never compared with the city total: their position and rank use values
    per resident (``population_key``) or stay empty. Columns: indicator_key, name, topic, unit, decimals,
    polarity, aggregation, kind, value, value_period, flag, previous, change_previous, earlier, change_earlier,
    city, rank, rank_count, position (vs city), trend and trend_earlier (assessments of the two changes),
    history (values over ``periods``, None where missing).
    """
    ordered = sorted(set(periods))
    level_values = shown_values(level_values)
    city_values = shown_values(city_values)
    population = (
        level_values[level_values["indicator_key"] == population_key] if population_key else level_values.iloc[:0]
    )
    city_population = (
        city_values[city_values["indicator_key"] == population_key] if population_key else city_values.iloc[:0]
    )
    rows = []
    for key, meta in catalogue.iterrows():
        polarity, decimals = int(meta["polarity"]), int(meta["decimals"])
        tolerance = 0.5 * 10**-decimals  # differences that round to zero are no news
        indicator = level_values[level_values["indicator_key"] == key]
        current, previous, earlier = own_periods(indicator["period"].tolist(), period)
        own = indicator[indicator["area_id"] == area_id]
        value = _value_at(own, current)
        flag_rows = own.loc[own["period"] == current, "flag"]
        city = _value_at(city_values[city_values["indicator_key"] == key], current)
        at_period = indicator[indicator["period"] == current].set_index("area_id")["value"]
        count = meta.get("aggregation") == Aggregation.SUM
        position = position_against_city(value, city, polarity, tolerance)
        if count and key != population_key:
            # A count against the city total compares sizes; per resident it compares situations.
            residents = population[population["period"] == current].set_index("area_id")["value"]
            at_period = (at_period / residents.reindex(at_period.index)).dropna()
            own_rate = _per_resident(value, float(residents.get(area_id, math.nan)))
            city_rate = _per_resident(city, _value_at(city_population, current))
            position = position_against_city(own_rate, city_rate, polarity, abs(own_rate) * 1e-3)
            if polarity == 0:
                position = Assessment.UNKNOWN
        elif count:
            position = Assessment.UNKNOWN  # the population itself: a share of the city, no position
        ranks = rank_areas(at_period, polarity)
        history = own.set_index("period")["value"].reindex(ordered)
        change_previous = _change(own, value, current, previous)
        change_earlier = _change(own, value, current, earlier)
        rows.append(
            {
                "indicator_key": key,
                "name": meta["name"],
                "topic": meta["topic"],
                "unit": meta["unit"],
                "decimals": decimals,
                "polarity": polarity,
                "aggregation": meta.get("aggregation"),
                "kind": meta.get("kind"),
                "definition": meta["definition"],
                "source": meta["source"],
                "value": value,
                "value_period": current,
                "flag": flag_rows.iloc[0] if len(flag_rows) else None,
                "previous": previous,
                "change_previous": change_previous,
                "earlier": earlier,
                "change_earlier": change_earlier,
                "city": city,
                "rank": float(ranks[area_id]) if area_id in ranks.index else math.nan,
                "rank_count": int(len(ranks)),
                "position": position,
                "trend": assess_change(change_previous, polarity, tolerance),
                "trend_earlier": assess_change(change_earlier, polarity, tolerance),
                "history": [None if np.isnan(v) else float(v) for v in history.to_numpy(dtype=float)],
            }
        )
    return pd.DataFrame(rows)


def ancestors(areas: pd.DataFrame, area_id: int) -> list[int]:
    """``area_id`` and all areas above it, nearest first (``areas`` has id and parent_id)."""
    parent = areas.set_index("id")["parent_id"]
    chain = [area_id]
    while chain[-1] in parent.index and not pd.isna(parent[chain[-1]]):
        chain.append(int(parent[chain[-1]]))
    return chain


def same_area_across_versions(areas: pd.DataFrame | None, area_id: int) -> list[int]:
    """``area_id`` and the areas of other boundary versions with the same level and key (Berlin's city and
    Bezirke exist once per LOR version), so a goal's series runs across a change of boundaries.
    ``areas`` has columns id, key, level; without it only ``area_id`` itself."""
    if areas is None:
        return [area_id]
    by_id = areas.set_index("id")
    if area_id not in by_id.index:
        return [area_id]
    level, key = by_id.loc[area_id, "level"], by_id.loc[area_id, "key"]
    return areas.loc[(areas["level"] == level) & (areas["key"] == key), "id"].astype(int).tolist()


def district_name(areas: pd.DataFrame, area_id: int) -> str | None:
    """The name of the district ``area_id`` lies in (or is); ``areas`` has id, parent_id, level, name."""
    by_id = areas.set_index("id")
    for ancestor in ancestors(areas, area_id):
        if by_id.loc[ancestor, "level"] == "district":
            return str(by_id.loc[ancestor, "name"])
    return None
