"""Which periods, levels and boundary versions hold values of an indicator, for defaults that lead to data.

Input is ``repository.load_value_availability``: columns indicator_key, period, level (a *stored*
level), boundary_version, areas (count of areas with a shown value). Pure pandas, no database.

»Year Y« of an indicator is *its* latest Stichtag in Y: Berlin's MSS sits on 31.12. in a year whose
population data end on 30.06. of the next half-year, and must not vanish behind another source's date.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def _of(availability: pd.DataFrame, indicator_key: str) -> pd.DataFrame:
    return availability[availability["indicator_key"] == indicator_key]


def years_with_values(availability: pd.DataFrame, indicator_key: str | None = None) -> list[int]:
    """Years in which ``indicator_key`` (or any indicator) has a stored value, ascending."""
    rows = availability if indicator_key is None else _of(availability, indicator_key)
    return sorted({period.year for period in rows["period"]})


def latest_data_year(availability: pd.DataFrame) -> int | None:
    """The latest year with any indicator value: the sensible default year (plan years come later)."""
    years = years_with_values(availability)
    return years[-1] if years else None


def indicator_periods(availability: pd.DataFrame, indicator_key: str) -> list[date]:
    return sorted(set(_of(availability, indicator_key)["period"]))


def indicator_period_in_year(availability: pd.DataFrame, indicator_key: str, year: int) -> date | None:
    """The indicator's latest Stichtag in ``year``; None when it has no value in that year."""
    in_year = [period for period in indicator_periods(availability, indicator_key) if period.year == year]
    return in_year[-1] if in_year else None


def latest_period_until(availability: pd.DataFrame, indicator_key: str, year: int) -> date | None:
    """The indicator's latest Stichtag up to the end of ``year`` (for plan years without any values)."""
    earlier = [period for period in indicator_periods(availability, indicator_key) if period.year <= year]
    return earlier[-1] if earlier else None


def data_versions(availability: pd.DataFrame, indicator_key: str, period: date) -> list[str]:
    """Boundary versions holding the indicator at ``period``, the one with most areas first."""
    rows = _of(availability, indicator_key)
    rows = rows[rows["period"] == period].groupby("boundary_version")["areas"].sum().sort_values(ascending=False)
    return list(rows.index)


def stored_levels(availability: pd.DataFrame, indicator_key: str, period: date) -> set[str]:
    rows = _of(availability, indicator_key)
    return set(rows.loc[rows["period"] == period, "level"])


def comparison_periods(
    availability: pd.DataFrame, indicator_key: str, period: date
) -> tuple[dict[int, date], dict[int, date]]:
    """Earlier years to compare ``period`` with, newest first, each with the indicator's latest Stichtag
    in it: ``(comparable, other_version)``. Comparable years have values on the boundary version the
    current values sit on (the same areas); the others only on another version (a boundary change)."""
    current = set(data_versions(availability, indicator_key, period))
    rows = _of(availability, indicator_key)
    rows = rows[rows["period"] < period]
    comparable: dict[int, date] = {}
    other: dict[int, date] = {}
    for earlier in sorted(set(rows["period"]), reverse=True):
        versions = set(rows.loc[rows["period"] == earlier, "boundary_version"])
        target = comparable if versions & current else other
        if earlier.year != period.year and earlier.year not in comparable and earlier.year not in other:
            target[earlier.year] = earlier
    return comparable, other
