"""Key figures for the overview: a value, its change, and whether that change is good news."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from sozialraum.analysis.gaps import incomplete_sums

#: The rates a department head asks for first, when the catalogue has them.
PREFERRED_KEY_INDICATORS: tuple[str, ...] = (
    "sgb2_rate",
    "child_poverty",
    "unemployment_rate",
    "hze_rate",
    "language_support_need",
)
POPULATION_INDICATOR = "pop_total"
#: Population indicators of known sources, in order of preference (Berlin's open data call it ``ew``).
POPULATION_CANDIDATES: tuple[str, ...] = (POPULATION_INDICATOR, "ew")


class Assessment(enum.StrEnum):
    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    NEUTRAL = "neutral"  # the indicator has no good or bad direction
    UNKNOWN = "unknown"  # no change can be computed


def assess_change(change: float | None, polarity: int, tolerance: float = 0.0) -> Assessment:
    """Whether a change is good news, following the indicator's polarity (+1 higher is better)."""
    if change is None or math.isnan(change):
        return Assessment.UNKNOWN
    if polarity == 0:
        return Assessment.NEUTRAL
    if abs(change) <= tolerance:
        return Assessment.UNCHANGED
    return Assessment.BETTER if change * polarity > 0 else Assessment.WORSE


def choose_population_indicator(catalogue: pd.DataFrame) -> str | None:
    """The catalogue's resident count: a known key, else the first count of persons in »Bevölkerung«."""
    for key in POPULATION_CANDIDATES:
        if key in catalogue.index:
            return key
    persons = catalogue[
        (catalogue["kind"] == "count") & (catalogue["topic"] == "Bevölkerung") & (catalogue["unit"] == "Personen")
    ]
    return str(persons.index[0]) if len(persons) else None


def split_unavailable(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Figures with a value now or before, and the names of those without any at this level (e.g. rates
    a source publishes only for small areas, without numerators to aggregate)."""
    has_data = figures["value"].notna() | figures["previous"].notna()
    return figures[has_data], figures.loc[~has_data, "short_name"].tolist()


def choose_key_indicators(
    catalogue: pd.DataFrame, preferred: Sequence[str] = PREFERRED_KEY_INDICATORS, count: int = 5
) -> list[str]:
    """The preferred key indicators present in ``catalogue``, topped up with other rates that have a
    direction (polarity), in catalogue order, so any imported dataset gets a sensible overview."""
    chosen = [key for key in preferred if key in catalogue.index]
    rates = catalogue[catalogue["kind"].isin(["share", "rate"]) & (catalogue["polarity"] != 0)]
    for key in rates.index:
        if len(chosen) >= count:
            break
        if key not in chosen:
            chosen.append(key)
    return chosen[:count]


def year_periods(stichtage: Sequence[date], period: date) -> tuple[date | None, date | None]:
    """An indicator's own Stichtag for the year of ``period`` (its latest in that year, not after ``period``)
    and its latest Stichtag of an earlier year: »value of 2024 against the previous year« per indicator, so a
    survey every other year (Berlin's MSS) compares with its previous report, half-yearly data year with year."""
    in_year = [p for p in stichtage if p.year == period.year and p <= period]
    if not in_year:
        return None, None
    current = max(in_year)
    before = [p for p in stichtage if p.year < current.year]
    return current, (max(before) if before else None)


def periods_for_keys(
    inventory: pd.DataFrame, keys: Sequence[str], period: date
) -> dict[str, tuple[date | None, date | None]]:
    """``year_periods`` for every key, from ``repository.observation_inventory`` (indicator_key, period)."""
    stichtage = inventory.groupby("indicator_key")["period"].apply(lambda s: sorted(set(s))).to_dict()
    return {key: year_periods(stichtage.get(key, []), period) for key in keys}


def wanted_periods(periods_by_key: Mapping[str, tuple[date | None, date | None]]) -> tuple[date, ...]:
    """All Stichtage the figures need, for one ``load_values`` call."""
    return tuple(sorted({p for pair in periods_by_key.values() for p in pair if p is not None}))


def key_figures(
    values: pd.DataFrame,
    catalogue: pd.DataFrame,
    indicator_keys: Sequence[str],
    area_id: int,
    period: object,
    previous_period: object | None,
    periods_by_key: Mapping[str, tuple[object | None, object | None]] | None = None,
) -> pd.DataFrame:
    """One row per indicator: value in ``period``, value in ``previous_period``, change, assessment.

    ``values`` has columns area_id, indicator_key, period, value, flag (as from ``load_values``);
    ``periods_by_key`` overrides both periods per indicator (its own Stichtage, see ``year_periods``).
    """
    own = values[values["area_id"] == area_id]
    rows = []
    for key in indicator_keys:
        meta = catalogue.loc[key]
        key_period, key_previous = (periods_by_key or {}).get(key, (period, previous_period))
        current = own[(own["indicator_key"] == key) & (own["period"] == key_period)]
        earlier = own[(own["indicator_key"] == key) & (own["period"] == key_previous)]
        value = float(current["value"].iloc[0]) if len(current) else math.nan
        previous = float(earlier["value"].iloc[0]) if len(earlier) else math.nan
        # Sums of incomplete parts (»3 von 4«) are shown, but a change between them measures coverage.
        partial = bool(incomplete_sums(current).any() or incomplete_sums(earlier).any())
        change = math.nan if partial else value - previous
        rows.append(
            {
                "indicator_key": key,
                "period": key_period,
                "previous_period": key_previous,
                "name": meta["name"],
                "short_name": meta["short_name"],
                "unit": meta["unit"],
                "decimals": int(meta["decimals"]),
                "polarity": int(meta["polarity"]),
                "value": value,
                "previous": previous,
                "change": change,
                "flag": current["flag"].iloc[0] if len(current) else None,
                # A change that rounds to zero at the shown precision is shown as unchanged, not as red "0,0".
                "assessment": assess_change(
                    change, int(meta["polarity"]), tolerance=0.5 * 10 ** -int(meta["decimals"])
                ),
            }
        )
    return pd.DataFrame(rows)
