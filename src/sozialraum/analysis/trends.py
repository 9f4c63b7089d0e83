"""Indicator series over time: gaps kept as gaps, an optional index to a base year, boundary breaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from sozialraum.analysis.steckbrief import shown_values


def series_on_grid(values: pd.DataFrame, periods: Sequence[date]) -> pd.DataFrame:
    """One row per (area_id, indicator_key, period) for every period in ``periods``; value NaN where no
    value exists (or it is suppressed), so a line chart shows a gap instead of bridging it."""
    shown = shown_values(values)
    keys = shown[["area_id", "indicator_key"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"period": sorted(set(periods))}), how="cross")
    merged = grid.merge(shown[["area_id", "indicator_key", "period", "value"]], how="left")
    return merged.sort_values(["indicator_key", "area_id", "period"], ignore_index=True)


def namesakes(areas: pd.DataFrame, chosen_ids: Sequence[int]) -> dict[int, int]:
    """Area id -> chosen area id, for each chosen area and the areas of the same level, key and name in
    other boundary versions. A district that keeps key and name across a boundary reform (Berlin's
    Bezirke) is one line over time; a renamed or re-keyed area is not assumed to be the same one."""
    indexed = areas.set_index("id")
    mapping: dict[int, int] = {}
    for chosen in chosen_ids:
        if chosen not in indexed.index:
            continue
        row = indexed.loc[chosen]
        same = areas[(areas["level"] == row["level"]) & (areas["key"] == row["key"]) & (areas["name"] == row["name"])]
        mapping.update({int(other): int(chosen) for other in same["id"] if int(other) not in mapping})
        mapping[int(chosen)] = int(chosen)
    return mapping


def follow_areas(values: pd.DataFrame, id_map: dict[int, int]) -> pd.DataFrame:
    """``values`` of the areas in ``id_map``, relabelled to the area each stands for; where two rows
    stand for one area and period (two boundary versions), a shown value wins over a missing one."""
    mine = values[values["area_id"].isin(list(id_map))]
    mine = mine.assign(area_id=mine["area_id"].map(id_map).astype("int64"))
    hidden = mine["value"].isna() | (mine["flag"] == "suppressed")
    mine = mine.assign(_hidden=hidden).sort_values("_hidden", kind="stable")
    return mine.drop_duplicates(["area_id", "indicator_key", "period"]).drop(columns="_hidden")


def index_to_base(series: pd.DataFrame, base_period: date) -> pd.DataFrame:
    """``value`` replaced by value / value at ``base_period`` * 100 per area and indicator.

    Series without a (non-zero) base value become all NaN: an index without a base would be invented.
    """
    base = series[series["period"] == base_period].set_index(["area_id", "indicator_key"])["value"]
    keys = pd.MultiIndex.from_frame(series[["area_id", "indicator_key"]])
    base_aligned = base.reindex(keys).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        indexed = series["value"].to_numpy(dtype=float) / np.where(base_aligned == 0, np.nan, base_aligned) * 100
    return series.assign(value=indexed)


def boundary_breaks(periods: Sequence[date], versions: pd.DataFrame) -> list[date]:
    """The periods at which the valid boundary version differs from the one of the period before.

    ``versions`` has columns key, valid_from, valid_to (None = open). A chart marks these periods,
    because values before and after refer to differently drawn areas.
    """
    spans = [
        (row.key, row.valid_from, None if pd.isna(row.valid_to) else row.valid_to) for row in versions.itertuples()
    ]
    breaks: list[date] = []
    previous_key: str | None = None
    for period in sorted(set(periods)):
        valid = [key for key, start, end in spans if start <= period and (end is None or end >= period)]
        key = valid[-1] if valid else None
        if previous_key is not None and key is not None and key != previous_key:
            breaks.append(period)
        previous_key = key or previous_key
    return breaks


def trend_table(
    series: pd.DataFrame, city: pd.DataFrame, labels: dict[int, str], periods: Sequence[date]
) -> pd.DataFrame:
    """The lines of a trend chart as a table: one row per period, one column per area and the city."""
    from sozialraum.formatting import format_date

    wide = series.pivot_table(index="period", columns="area_id", values="value", dropna=False)
    table = pd.DataFrame({"Stichtag": [format_date(p) for p in sorted(set(periods))]})
    for area_id, label in labels.items():
        column = wide[area_id] if area_id in wide.columns else pd.Series(dtype=float)
        table[label] = column.reindex(sorted(set(periods))).to_numpy()
    if not city.empty:
        table["Gesamtstadt"] = city.set_index("period")["value"].reindex(sorted(set(periods))).to_numpy()
    return table
