"""Several areas side by side, and how far each lies from the city in comparable units."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sozialraum.analysis.steckbrief import shown_values
from sozialraum.models import Aggregation


def per_resident_counts(values: pd.DataFrame, catalogue: pd.DataFrame, population_key: str | None) -> pd.DataFrame:
    """``values`` with every count (aggregation ``sum``) turned into a count per resident, and the population
    itself and counts without a population left out: a count compared with other areas or the city total
    compares their sizes, not their situations."""
    is_count = values["indicator_key"].map(catalogue["aggregation"]) == Aggregation.SUM
    rates = values[~is_count]
    if population_key is None:
        return rates
    counts = values[is_count & (values["indicator_key"] != population_key)]
    residents = values[values["indicator_key"] == population_key].set_index(["area_id", "period"])["value"]
    index = pd.MultiIndex.from_frame(counts[["area_id", "period"]])
    with np.errstate(divide="ignore", invalid="ignore"):
        # As floats: a level without any values (Wien's Zählbezirke) gives empty frames of text dtype.
        per_resident = counts["value"].to_numpy(dtype=float) / residents.reindex(index).to_numpy(dtype=float)
    counts = counts.assign(value=np.where(np.isfinite(per_resident), per_resident, np.nan))
    return pd.concat([rates, counts], ignore_index=True)


def standardised_deviations(
    level_values: pd.DataFrame,
    city_values: pd.DataFrame,
    catalogue: pd.DataFrame,
    population_key: str | None = None,
) -> pd.DataFrame:
    """Deviation of every area from the city, in standard deviations across all areas of the level.

    Both frames hold one period. The centre is the city value (weighted) for rates, shares and means.
    Counts (aggregation ``sum``) are compared per resident (``population_key``): the city's total per
    city resident is the centre; without a population, and for the population itself, counts are left out.
    ``z`` is (value - centre) / spread; ``favourable`` turns it so that a positive number is better than
    the city when the indicator has a direction (for neutral indicators it stays ``z``: positive means
    higher). Indicators without spread or centre get NaN.
    """
    level = per_resident_counts(shown_values(level_values), catalogue, population_key)
    city = per_resident_counts(shown_values(city_values), catalogue, population_key)
    # Numbers even when a frame is empty (an empty concat may carry text dtype).
    level = level.assign(value=pd.to_numeric(level["value"], errors="coerce").astype(float))
    city = city.drop_duplicates("indicator_key").set_index("indicator_key")["value"]
    city = pd.to_numeric(city, errors="coerce").astype(float)
    spread = level.groupby("indicator_key")["value"].std(ddof=0)
    frame = level[["area_id", "indicator_key", "value"]].copy()
    frame["city"] = frame["indicator_key"].map(city).astype(float)
    frame["centre"] = frame["city"]
    frame["spread"] = frame["indicator_key"].map(spread).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["z"] = (frame["value"] - frame["centre"]) / frame["spread"].where(frame["spread"] > 0)
    polarity = frame["indicator_key"].map(catalogue["polarity"]).astype(int)
    frame["favourable"] = frame["z"] * polarity.where(polarity != 0, 1)
    return frame


def at_own_periods(
    values: pd.DataFrame, own_periods: Mapping[str, tuple[object | None, object | None]]
) -> pd.DataFrame:
    """The rows of ``values`` at each indicator's own Stichtag (the first of its ``own_periods`` pair); an
    indicator without a Stichtag in the year keeps no row, so it reads as missing, not as last year's value."""
    wanted = values["indicator_key"].map(lambda key: own_periods.get(key, (None, None))[0])
    return values[values["period"] == wanted]
