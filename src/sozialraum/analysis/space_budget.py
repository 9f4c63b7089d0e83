"""The Sozialraumbudget view: one budget per social space, its per-capita figures and its mix of aid types.

Per-capita figures divide summed money by summed residents (never an average of per-capita values),
so a district or the city row is the ratio of its sums.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sozialraum.analysis.budget import plan_actual_by
from sozialraum.models import AidType

#: Aid types counted as residential and as preventive in the shift figures.
RESIDENTIAL = AidType.STATIONAER.value
PREVENTIVE = AidType.PRAEVENTIV.value
SPACE_COLUMNS = ["area_id", "area_key", "area_name"]


def _ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 1.0) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        return numerator / denominator.where(denominator != 0) * scale


def population_by_space(values: pd.DataFrame, residents_key: str, target_key: str | None) -> pd.DataFrame:
    """Residents and target-group residents per area and year from ``load_values`` output.

    Returns columns area_id, year, residents, target_residents (NaN without a target group).
    """
    frame = values.assign(year=pd.to_datetime(values["period"]).dt.year)
    wide = frame.pivot_table(index=["area_id", "year"], columns="indicator_key", values="value", aggfunc="sum")
    result = pd.DataFrame(index=wide.index)
    result["residents"] = wide.get(residents_key, np.nan)
    result["target_residents"] = wide.get(target_key, np.nan) if target_key else np.nan
    return result.reset_index()


def with_per_capita(figures: pd.DataFrame, population: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Add actual spending per resident and per target-group resident, joined on ``on`` (e.g. area_id, year)."""
    merged = figures.merge(population, on=on, how="left")
    merged["actual_per_resident"] = _ratio(merged["actual"], merged["residents"])
    merged["actual_per_target_resident"] = _ratio(merged["actual"], merged["target_residents"])
    return merged


def space_budget_table(budget: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Plan, actual, execution rate, cases, cost per case and per-capita spending per social space and year.

    ``budget``: lines as ``repository.load_budget`` returns them; lines without an area (central
    budget) are left out, since they belong to no space. ``population``: see ``population_by_space``.
    """
    spaces = budget.dropna(subset=["area_id"])
    figures = plan_actual_by(spaces, [*SPACE_COLUMNS, "year"])
    figures["area_id"] = figures["area_id"].astype(int)
    return with_per_capita(figures, population, ["area_id", "year"])


def total_row(table: pd.DataFrame, label: str) -> dict[str, float | str]:
    """The sum over the rows of ``space_budget_table``: money, cases and residents summed, ratios recomputed."""
    sums = {column: table[column].sum(min_count=1) for column in ("planned", "actual", "cases")}
    residents = table["residents"].sum(min_count=1)
    target_residents = table["target_residents"].sum(min_count=1)
    with_cases = table.dropna(subset=["cases"])
    cases = with_cases["cases"].sum()
    actual_with_cases = (with_cases["cost_per_case"] * with_cases["cases"]).sum()
    return {
        "area_name": label,
        **sums,
        "execution_rate": sums["actual"] / sums["planned"] * 100 if sums["planned"] else np.nan,
        "cost_per_case": actual_with_cases / cases if cases else np.nan,
        "residents": residents,
        "target_residents": target_residents,
        "actual_per_resident": sums["actual"] / residents if residents else np.nan,
        "actual_per_target_resident": sums["actual"] / target_residents if target_residents else np.nan,
    }


def aid_type_composition(budget: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Actual spending per aid type within each group of ``by`` and its share of the group in per cent."""
    summed = budget.groupby([*by, "aid_type"], as_index=False)["actual"].sum(min_count=1)
    group_total = summed.groupby(by)["actual"].transform("sum")
    summed["share"] = _ratio(summed["actual"], group_total, 100.0)
    return summed


def composition_shift(budget: pd.DataFrame, base_year: int, year: int) -> pd.DataFrame:
    """Per social space: share of residential and of preventive aid in ``base_year`` and ``year``, and the change.

    Shares are of the actual spending of the lines given (one product); changes are percentage points.
    A space without lines in a year has no shares for it (NaN); a missing aid type is a share of 0.
    """
    spaces = budget[budget["year"].isin([base_year, year])].dropna(subset=["area_id"])
    totals = spaces.groupby(["area_id", "year"])["actual"].sum(min_count=1)
    result = spaces[SPACE_COLUMNS].drop_duplicates().set_index("area_id")
    for aid, name in ((RESIDENTIAL, "residential"), (PREVENTIVE, "preventive")):
        of_aid = spaces[spaces["aid_type"] == aid].groupby(["area_id", "year"])["actual"].sum()
        share = _ratio(of_aid.reindex(totals.index, fill_value=0.0), totals, 100.0).unstack("year")
        for label, which in (("base", base_year), ("now", year)):
            column = share[which] if which in share.columns else pd.Series(np.nan, index=share.index)
            result[f"{name}_share_{label}"] = column.reindex(result.index)
        result[f"{name}_share_change"] = result[f"{name}_share_now"] - result[f"{name}_share_base"]
    return result.reset_index()
