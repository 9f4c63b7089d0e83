"""Where an indicator has values at a level (stored or computed from smaller areas), cached per page
server; the basis for defaults that lead to data (default level, default indicator, level reasons)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from sozialraum.analysis.availability import indicator_periods, stored_levels
from sozialraum.ui import data
from sozialraum.vocabulary import AREA_LEVELS_BELOW_CITY, LEVEL_PLURAL

COVERAGE_COLUMNS = ["period", "boundary_version", "areas"]


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def level_coverage(url: str, indicator_key: str, level: str) -> pd.DataFrame:
    """Per period and boundary version: how many areas of ``level`` show a value of ``indicator_key``
    (stored there, or aggregated from a finer level as ``repository.load_values`` does)."""
    periods = tuple(indicator_periods(data.availability(url), indicator_key))
    if not periods:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    values = data.values(url, (indicator_key,), periods, level)
    shown = values[values["value"].notna() & (values["flag"] != "suppressed")]
    areas = data.areas(url, level)[["id", "boundary_version"]]
    merged = shown.merge(areas, left_on="area_id", right_on="id")
    if merged.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    return merged.groupby(["period", "boundary_version"]).size().rename("areas").reset_index()


def has_values(url: str, indicator_key: str, level: str, period: date) -> bool:
    coverage = level_coverage(url, indicator_key, level)
    return bool((coverage["period"] == period).any())


def periods_on_version(url: str, indicator_key: str, level: str, boundary_version: str) -> list[date]:
    coverage = level_coverage(url, indicator_key, level)
    return sorted(set(coverage.loc[coverage["boundary_version"] == boundary_version, "period"]))


def missing_reason(url: str, indicator_key: str, level: str, period: date) -> str:
    """Why ``level`` shows no value of the indicator at ``period``, in a few German words."""
    stored = stored_levels(data.availability(url), indicator_key, period)
    order = list(AREA_LEVELS_BELOW_CITY)
    finer = [s for s in stored if s in order and order.index(s) > order.index(level)]
    if finer:
        # Shares without numerators, or values that cannot be added (indices), stay on their own level.
        plural = LEVEL_PLURAL[finer[0]]
        return f"aus {plural if plural.endswith('n') else plural + 'n'} nicht berechenbar"
    if stored:
        return "nur für andere Ebenen erhoben"
    return "keine Werte zu diesem Stichtag"


def first_level_with_values(url: str, indicator_key: str, levels: Sequence[str], period: date | None) -> str | None:
    """The first of ``levels`` where the indicator has values (at ``period``, or at any period if None)."""
    for level in levels:
        coverage = level_coverage(url, indicator_key, level)
        if (coverage["period"] == period).any() if period is not None else not coverage.empty:
            return level
    return None
