"""Bedarfsorientierte Mittelverteilung: split a total across social spaces by a transparent formula.

The formula: each space gets money per resident of the reference group (e.g. under 21), raised or
lowered by its need: ``weight = residents × max(0, 1 + intensity × need_score)``. With intensity 0.3 a
space one standard deviation above average need gets 30 % more per resident. Amounts are whole
cents whose sum is the total exactly (largest-remainder method).

``need_score_from_indicators`` is the stand-in for the Sozialindex: any Series of need scores per area
(mean 0, higher = more need) can replace it, e.g. a stored composite index.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd


class AllocationError(ValueError):
    """The inputs cannot be distributed; the message is meant for the user."""


def need_score_from_indicators(
    values: pd.DataFrame, weights: Mapping[str, float], polarity: Mapping[str, int]
) -> pd.Series:
    """A composite need score per area: weighted mean of z-scores, each signed so that higher means more need.

    ``values``: areas as rows, indicator keys as columns. An indicator with polarity -1 (higher is
    worse, e.g. SGB-II-Quote) raises need with its value, one with +1 lowers it; a neutral indicator
    (0) is read as "more is more need". An indicator that does not vary contributes 0. An area lacking
    a value of a chosen indicator gets NaN. z-scores use the spread over the areas given (ddof=0).
    """
    chosen = {key: float(weight) for key, weight in weights.items() if weight}
    if not chosen:
        raise AllocationError("Bitte mindestens eine Bedarfskennzahl mit einem Gewicht über 0 wählen.")
    if any(weight < 0 for weight in chosen.values()):
        raise AllocationError("Gewichte dürfen nicht negativ sein.")
    total_weight = sum(chosen.values())
    score = pd.Series(0.0, index=values.index)
    for key, weight in chosen.items():
        column = values[key].astype(float)
        spread = column.std(ddof=0)
        z = (column - column.mean()) / spread if spread > 0 else column * 0.0
        direction = 1.0 if polarity.get(key, 0) <= 0 else -1.0
        score = score + direction * z * weight / total_weight
    return score


def split_cents(total_cents: int, weights: pd.Series) -> pd.Series:
    """Split ``total_cents`` in proportion to ``weights`` into whole cents that sum to the total exactly.

    Largest-remainder (Hare) method on exact fractions: everyone gets the floor of their quota, the
    cents left over go to the largest remainders; ties go to the earlier entry.
    """
    if total_cents < 0:
        raise AllocationError("Der zu verteilende Betrag darf nicht negativ sein.")
    if weights.isna().any() or (weights < 0).any():
        raise AllocationError("Verteilungsgewichte müssen vorhanden und nicht negativ sein.")
    exact = [Fraction(float(weight)) for weight in weights]
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        raise AllocationError("Alle Verteilungsgewichte sind 0: nichts, wonach verteilt werden könnte.")
    quotas = [total_cents * weight / weight_sum for weight in exact]
    cents = [quota.numerator // quota.denominator for quota in quotas]
    left_over = total_cents - sum(cents)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - cents[i]), i))
    for position in by_remainder[:left_over]:
        cents[position] += 1
    return pd.Series(cents, index=weights.index, dtype="int64")


def euros_to_cents(amount: float | Decimal | str) -> int:
    """Euros to whole cents, rounded half-up; goes through the decimal text so 0.29 € is 29 ct, not 28."""
    return int((Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def formula_allocation(
    total: float | Decimal,
    residents: pd.Series,
    need_score: pd.Series,
    intensity: float,
    current: pd.Series,
) -> pd.DataFrame:
    """Current against formula-based allocation per area (all Series indexed by area).

    Returns residents, need_score, need_factor, weight, current, current_share, formula (euros,
    whole cents), formula_share, difference (formula − current); shares in per cent.
    """
    frame = pd.DataFrame({"residents": residents, "need_score": need_score, "current": current})
    lacking = frame.index[frame["residents"].isna() | frame["need_score"].isna()]
    if len(lacking):
        raise AllocationError(
            "Für diese Gebiete fehlen Einwohner- oder Bedarfswerte: " + ", ".join(map(str, lacking)) + "."
        )
    frame["need_factor"] = np.maximum(0.0, 1.0 + intensity * frame["need_score"])
    frame["weight"] = frame["residents"] * frame["need_factor"]
    total_cents = euros_to_cents(total)
    frame["formula_cents"] = split_cents(total_cents, frame["weight"])
    frame["formula"] = frame["formula_cents"] / 100
    current_cents = frame["current"].fillna(0.0).map(euros_to_cents)
    frame["difference"] = (frame["formula_cents"] - current_cents) / 100
    frame["current_share"] = frame["current"] / frame["current"].sum() * 100 if frame["current"].sum() else np.nan
    frame["formula_share"] = frame["formula_cents"] / total_cents * 100 if total_cents else 0.0
    return frame
