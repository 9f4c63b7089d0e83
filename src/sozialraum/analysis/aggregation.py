"""Values of higher levels from lower ones, done right.

Counts are summed; rates and shares come from summed numerators and denominators (weighted),
never from averaging rates; an aggregate of which any part is suppressed is itself suppressed,
because a withheld value cannot be added.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sozialraum.models import AREA_LEVELS, Aggregation, ObservationFlag

OBSERVATION_COLUMNS = ["area_id", "indicator_key", "period", "value", "numerator", "denominator", "flag"]


def ancestor_at_level(areas: pd.DataFrame, target_level: str) -> pd.Series:
    """Map every area id to its ancestor (or itself) at ``target_level``.

    ``areas`` has columns ``id``, ``parent_id``, ``level``. Areas above the target level, or without an
    ancestor there, are left out.
    """
    parent = areas.set_index("id")["parent_id"]
    level = areas.set_index("id")["level"]
    current = pd.Series(areas["id"].to_numpy(), index=areas["id"].to_numpy(), dtype="Int64")
    for _ in range(len(AREA_LEVELS)):
        at_target = current.map(level) == target_level
        if at_target.fillna(False).all():
            break
        current = current.where(at_target, current.map(parent).astype("Int64"))
    resolved = current[current.map(level) == target_level]
    return resolved.astype("int64")


def aggregate_observations(observations: pd.DataFrame, indicators: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Aggregate ``observations`` of child areas to the group areas given by ``groups``.

    ``indicators`` is indexed by indicator key with columns ``aggregation`` and ``scale``; ``groups``
    maps child area id to group area id. Returns the observation columns plus ``parts`` (children
    that contributed a row).
    """
    if observations.empty:
        return pd.DataFrame(columns=[*OBSERVATION_COLUMNS, "parts"])
    frame = observations.assign(group_id=observations["area_id"].map(groups)).dropna(subset=["group_id"])
    frame["suppressed"] = frame["flag"] == ObservationFlag.SUPPRESSED
    frame["provisional"] = frame["flag"] == ObservationFlag.PROVISIONAL
    summed = frame.groupby(["group_id", "indicator_key", "period"], as_index=False).agg(
        value=("value", lambda s: s.sum(min_count=len(s))),
        numerator=("numerator", lambda s: s.sum(min_count=len(s))),
        denominator=("denominator", lambda s: s.sum(min_count=len(s))),
        suppressed=("suppressed", "any"),
        provisional=("provisional", "any"),
        parts=("area_id", "size"),
    )
    rule = summed["indicator_key"].map(indicators["aggregation"])
    scale = summed["indicator_key"].map(indicators["scale"]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = (summed["numerator"] / summed["denominator"].where(summed["denominator"] != 0)) * scale
    value = np.select(
        [rule == Aggregation.SUM, rule == Aggregation.WEIGHTED],
        [summed["value"].astype(float), weighted.astype(float)],
        default=np.nan,
    )
    summed["value"] = value
    summed.loc[summed["suppressed"], ["value", "numerator", "denominator"]] = np.nan
    summed["flag"] = np.select(
        [summed["suppressed"], summed["provisional"]],
        [ObservationFlag.SUPPRESSED.value, ObservationFlag.PROVISIONAL.value],
        default=ObservationFlag.OK.value,
    )
    summed = summed.rename(columns={"group_id": "area_id"})
    summed["area_id"] = summed["area_id"].astype("int64")
    return summed[[*OBSERVATION_COLUMNS, "parts"]]


def finest_complete_source_level(target_level: str, stored_levels: set[str]) -> str | None:
    """The level to read for ``target_level``: itself if stored, else the coarsest stored finer level."""
    if target_level in stored_levels:
        return target_level
    order = [level.value for level in AREA_LEVELS]
    for level in order[order.index(target_level) + 1 :]:
        if level in stored_levels:
            return level
    return None


def source_levels(stored: pd.DataFrame, target_level: str) -> pd.DataFrame:
    """Per indicator and period, the level to read for ``target_level`` (see ``finest_complete_source_level``).

    ``stored`` has one row per indicator_key, period and level that holds observations. Deciding per period,
    not per indicator, lets a value published for the target level (a district's share from the statistics
    office) win where it exists, while other periods are still summed up from smaller areas.
    Returns columns indicator_key, period, source_level.
    """
    rows = [
        (key, period, finest_complete_source_level(target_level, set(group["level"])))
        for (key, period), group in stored.groupby(["indicator_key", "period"], sort=False)
    ]
    frame = pd.DataFrame(rows, columns=["indicator_key", "period", "source_level"])
    return frame.dropna(subset=["source_level"])


def expected_parts(areas: pd.DataFrame, source_level: str, target_level: str) -> pd.Series:
    """How many areas of ``source_level`` lie in each area of ``target_level`` (by target area id): what a
    complete sum adds up, so a sum of fewer parts can say »Summe aus 95 von 104«."""
    finer = areas[areas["level"] == source_level]
    if finer.empty:
        return pd.Series(dtype="int64")
    groups = ancestor_at_level(areas, target_level)
    return groups[groups.index.isin(finer["id"])].value_counts()


def change_between(values: pd.DataFrame, period: object, earlier: object) -> pd.Series:
    """``value(period) - value(earlier)`` per (area_id, indicator_key); NaN where either is missing."""
    pivot = values.pivot_table(index=["area_id", "indicator_key"], columns="period", values="value")
    if period not in pivot.columns or earlier not in pivot.columns:
        return pd.Series(np.nan, index=pivot.index, dtype=float)
    return pivot[period] - pivot[earlier]
