"""The numbers behind a map: per area the value, its rank, and the change against an earlier period."""

from __future__ import annotations

import enum
from datetime import date

import numpy as np
import pandas as pd

from sozialraum.models import ObservationFlag


class ChangeKind(enum.StrEnum):
    POINTS = "points"  # shares: the difference in percentage points
    PERCENT = "percent"  # everything else: the relative change in per cent


def change_kind(unit: str) -> ChangeKind:
    return ChangeKind.POINTS if unit == "%" else ChangeKind.PERCENT


def compute_change(current: pd.Series, earlier: pd.Series, kind: ChangeKind) -> pd.Series:
    """Difference (percentage points) or relative change (per cent; NaN where the earlier value is 0)."""
    current, earlier = current.astype(float), earlier.astype(float)
    if kind == ChangeKind.POINTS:
        return current - earlier
    with np.errstate(divide="ignore", invalid="ignore"):
        return (current / earlier.where(earlier != 0) - 1) * 100


def favourable_rank(values: pd.Series, polarity: int) -> pd.Series:
    """Rank 1 = most favourable value (highest if higher is better or neutral, lowest if higher is worse);
    ties share the better rank; missing values get no rank."""
    return values.rank(ascending=polarity < 0, method="min").astype("Int64")


def area_table(
    areas: pd.DataFrame,
    values: pd.DataFrame,
    indicator_key: str,
    period: date,
    earlier_period: date | None,
    polarity: int,
    unit: str,
) -> pd.DataFrame:
    """One row per area of ``areas`` (columns id, key, name) with value, flag, earlier value and flag,
    change and rank.

    ``values`` is what ``repository.load_values`` returns. Areas without an observation keep a row with
    flag ``missing``, so the map can draw them as *keine Daten*; suppressed values stay NaN.
    """
    mine = values[values["indicator_key"] == indicator_key]
    now = mine[mine["period"] == period].set_index("area_id")
    table = areas[["id", "key", "name"]].copy()
    table["value"] = table["id"].map(now["value"]).astype(float)
    table["flag"] = table["id"].map(now["flag"]).fillna("missing")
    table.loc[table["flag"] == ObservationFlag.SUPPRESSED, "value"] = np.nan
    if earlier_period is not None:
        before = mine[mine["period"] == earlier_period].set_index("area_id")
        table["earlier"] = table["id"].map(before["value"]).astype(float)
        table["earlier_flag"] = table["id"].map(before["flag"]).fillna("missing")
    else:
        table["earlier"] = np.nan
        table["earlier_flag"] = "missing"
    table.loc[table["earlier_flag"] == ObservationFlag.SUPPRESSED, "earlier"] = np.nan
    table["change"] = compute_change(table["value"], table["earlier"], change_kind(unit))
    table["rank"] = favourable_rank(table["value"], polarity)
    return table.reset_index(drop=True)


def city_value(values: pd.DataFrame, indicator_key: str, period: date) -> tuple[float, str]:
    """The city's value (aggregated from summed parts, not an average of rates) and its flag."""
    row = values[(values["indicator_key"] == indicator_key) & (values["period"] == period)]
    if row.empty:
        return np.nan, "missing"
    flag = str(row["flag"].iloc[0])
    return (np.nan if flag == ObservationFlag.SUPPRESSED else float(row["value"].iloc[0])), flag
