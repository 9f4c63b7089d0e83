"""Views of the Budget page computed in one place for the page and its slides: the residential share over
the years, the provider budgets and the needs-based allocation (Bedarfsorientierte Mittelverteilung)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from sozialraum.analysis import allocation as alloc
from sozialraum.analysis.budget import plan_actual_by
from sozialraum.analysis.space_budget import RESIDENTIAL, aid_type_composition, composition_shift

#: A space counts as having moved away from residential aid when its share fell by this many points.
SHIFT_THRESHOLD_POINTS = 10.0


@dataclass(frozen=True)
class ResidentialTrend:
    shift: pd.DataFrame  # composition_shift with district, one row per space
    shares: pd.DataFrame  # residential share of actual per space and year (area_key, area_name, year, share)
    moved: set[str]  # keys of spaces whose residential share fell by at least the threshold


def residential_trend(
    budget: pd.DataFrame, base_year: int, year: int, district_of: Mapping[str, str]
) -> ResidentialTrend:
    """The shift of aid types from ``base_year`` to ``year`` and the residential share of every budget year."""
    shift = composition_shift(budget, base_year, year)
    shift["district"] = shift["area_key"].map(district_of)
    moved = set(shift.loc[shift["residential_share_change"] <= -SHIFT_THRESHOLD_POINTS, "area_key"])
    shares = aid_type_composition(budget, ["area_key", "area_name", "year"])
    return ResidentialTrend(shift, shares[shares["aid_type"] == RESIDENTIAL], moved)


def city_residential_share(budget: pd.DataFrame, year: int) -> float:
    """Residential aid's share of the actual spending of all spaces in ``year`` (ratio of sums), in per cent."""
    lines = budget[budget["year"] == year]
    total = lines["actual"].sum()
    return float(lines.loc[lines["aid_type"] == RESIDENTIAL, "actual"].sum() / total * 100) if total else float("nan")


def provider_budgets(budget: pd.DataFrame, year: int, population: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plan and actual of the lines with a provider in ``year``: per provider, and per provider and space with
    actual per target-group resident (``population``: area_id, year, target_residents). Empty without providers."""
    lines = budget[(budget["year"] == year) & budget["provider"].notna()]
    if lines.empty:
        return pd.DataFrame(), pd.DataFrame()
    by_provider = plan_actual_by(lines, "provider")
    by_space = plan_actual_by(lines, ["provider", "area_id", "area_key", "area_name"])
    target = population[population["year"] == year][["area_id", "target_residents"]]
    by_space = by_space.merge(target, on="area_id", how="left")
    by_space["actual_per_target_resident"] = by_space["actual"] / by_space["target_residents"]
    return by_provider, by_space


@dataclass(frozen=True)
class AllocationSettings:
    """Everything the user sets on the allocation tab; ``weights`` keeps the chosen indicators in order."""

    total: float
    basis_key: str
    intensity_percent: int
    weights: tuple[tuple[str, float], ...]

    @property
    def indicator_keys(self) -> list[str]:
        return [key for key, _ in self.weights]


def need_allocation(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    settings: AllocationSettings,
    polarity: Mapping[str, int],
    current: pd.Series,
    year: int,
) -> pd.DataFrame:
    """The formula allocation per space (``formula_allocation`` columns plus area_key and area_name).

    ``values``: ``load_values`` rows of the basis and need indicators in the year's period; ``areas``: the
    spaces (id, key, name); ``current``: the plan per area_key. Raises ``AllocationError`` (German).
    """
    chosen = settings.indicator_keys
    if not chosen:
        raise alloc.AllocationError("Bitte mindestens eine Bedarfskennzahl wählen.")
    wide = values.pivot_table(index="area_id", columns="indicator_key", values="value")
    wide.index = wide.index.map(areas.set_index("id")["key"])
    missing = [key for key in [settings.basis_key, *chosen] if key not in wide.columns]
    if missing:
        raise alloc.AllocationError(f"Für {year} fehlen Werte der Kennzahlen: {', '.join(missing)}.")
    need = alloc.need_score_from_indicators(wide[chosen], dict(settings.weights), polarity)
    allocation = alloc.formula_allocation(
        settings.total,
        wide[settings.basis_key],
        need,
        settings.intensity_percent / 100,
        current.reindex(wide.index),
    )
    allocation = allocation.rename_axis("area_key").reset_index()
    allocation["area_name"] = allocation["area_key"].map(areas.set_index("key")["name"])
    return allocation


def redistributed(allocation: pd.DataFrame) -> float:
    """The sum of the gains of the spaces that get more under the formula (what moves between spaces)."""
    return float(allocation["difference"].clip(lower=0).sum())
