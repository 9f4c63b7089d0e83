"""Budget against outcome: spending per resident of each social space beside an outcome indicator.

Either axis shows a level in one year or a change over a period. The outcome may lag the spending by
``lag`` years, because aid bought in one year shows in the figures of later years: spending in year
``t`` (or over ``base → t``) is compared with the outcome in ``t + lag`` (or over ``base + lag → t + lag``).
The city reference lines are ratios of sums over all spaces, not averages of the spaces' ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


class YearsMissingError(ValueError):
    """The chosen years (after the lag) are not in the data; the message is meant for the user."""


@dataclass(frozen=True)
class Comparison:
    """Which years the two axes compare. ``base_year`` is the start of the period of every change."""

    year: int
    base_year: int
    lag: int = 0
    spending_change: bool = False
    outcome_change: bool = False

    def spending_years(self) -> list[int]:
        return [self.base_year, self.year] if self.spending_change else [self.year]

    def outcome_years(self) -> list[int]:
        years = [self.base_year, self.year] if self.outcome_change else [self.year]
        return [year + self.lag for year in years]

    def axis_titles(self, per_label: str, outcome_name: str, outcome_unit: str) -> tuple[str, str]:
        """German titles of the spending (x) and outcome (y) axes, naming the years compared."""
        if self.spending_change:
            x_title = f"Veränderung Ist je {per_label} {self.base_year}–{self.year}, €"
        else:
            x_title = f"Ist je {per_label} {self.year}, €"
        outcome_years = self.outcome_years()
        if self.outcome_change:
            y_title = f"Veränderung {outcome_name} {outcome_years[0]}–{outcome_years[1]} ({outcome_unit})"
        else:
            y_title = f"{outcome_name} {outcome_years[0]} ({outcome_unit})"
        return x_title, y_title


def _require_years(needed: list[int], available: set[int], what: str) -> None:
    missing = sorted(set(needed) - available)
    if missing:
        raise YearsMissingError(
            f"Für {what} fehlen Daten für {', '.join(map(str, missing))}"
            + (f" (vorhanden: {min(available)}–{max(available)})." if available else ".")
        )


def _level_or_change(by_year: pd.DataFrame, years: list[int], change: bool) -> pd.Series:
    """``by_year``: areas as rows, years as columns. The value in the last year, or last minus first;
    NaN where a year is missing (a city without a city area has no outcome of its own)."""
    by_year = by_year.reindex(columns=list(dict.fromkeys([*by_year.columns, *years])))
    if change:
        return by_year[years[1]] - by_year[years[0]]
    return by_year[years[0]]


def spending_per_capita(spending: pd.DataFrame) -> pd.DataFrame:
    """``spending``: area_id, year, actual, residents (the chosen reference population) → per_capita added."""
    with np.errstate(divide="ignore", invalid="ignore"):
        per_capita = spending["actual"] / spending["residents"].where(spending["residents"] > 0)
    return spending.assign(per_capita=per_capita)


def budget_outcome_points(spending: pd.DataFrame, outcome: pd.DataFrame, comparison: Comparison) -> pd.DataFrame:
    """One row per social space: ``spending`` (x) and ``outcome`` (y) as the comparison defines them.

    ``spending``: area_id, year, actual, residents; ``outcome``: area_id, year, value.
    Spaces lacking a value in a needed year get NaN, so the caller can name them.
    """
    # A year counts only with values in it: a plan-only budget year has lines but no Ist (Berlin 2026/27).
    _require_years(comparison.spending_years(), set(spending.dropna(subset=["actual"])["year"]), "die Ausgaben (Ist)")
    _require_years(comparison.outcome_years(), set(outcome.dropna(subset=["value"])["year"]), "die Wirkungskennzahl")
    per_capita = spending_per_capita(spending).pivot_table(
        index="area_id", columns="year", values="per_capita", dropna=False
    )
    values = outcome.pivot_table(index="area_id", columns="year", values="value", dropna=False)
    points = pd.DataFrame(
        {
            "spending": _level_or_change(per_capita, comparison.spending_years(), comparison.spending_change),
            "outcome": _level_or_change(values, comparison.outcome_years(), comparison.outcome_change),
        }
    )
    return points.rename_axis("area_id").reset_index()


def city_reference(spending: pd.DataFrame, city_outcome: pd.Series, comparison: Comparison) -> tuple[float, float]:
    """The city's spending per capita (sum of money over sum of residents) and outcome, as the axes define them.

    ``city_outcome``: the indicator's value for the whole city, indexed by year.
    """
    sums = spending.groupby("year")[["actual", "residents"]].sum(min_count=1)
    city_spending = (sums["actual"] / sums["residents"]).to_frame().T
    outcome = city_outcome.to_frame().T
    x = _level_or_change(city_spending, comparison.spending_years(), comparison.spending_change).iloc[0]
    y = _level_or_change(outcome, comparison.outcome_years(), comparison.outcome_change).iloc[0]
    return float(x), float(y)


def quadrant_label(spending_above: bool, outcome_above: bool, comparison: Comparison, polarity: int) -> str:
    """Plain German for a quadrant, e.g. ``hoher Mitteleinsatz, Wirkung unter Durchschnitt``.

    Above-average outcome values are good for polarity +1, bad for -1; for a neutral indicator the
    label only says above or below.
    """
    if comparison.spending_change:
        money = "Mitteleinsatz stärker gestiegen" if spending_above else "Mitteleinsatz schwächer gestiegen"
    else:
        money = "hoher Mitteleinsatz" if spending_above else "niedriger Mitteleinsatz"
    if polarity == 0:
        if comparison.outcome_change:
            effect = "Kennzahl stärker gestiegen" if outcome_above else "Kennzahl schwächer gestiegen"
        else:
            effect = "Kennzahl über Durchschnitt" if outcome_above else "Kennzahl unter Durchschnitt"
        return f"{money}, {effect}"
    better = outcome_above == (polarity > 0)
    if comparison.outcome_change:
        effect = "Entwicklung besser als Durchschnitt" if better else "Entwicklung schlechter als Durchschnitt"
    else:
        effect = "Wirkung über Durchschnitt" if better else "Wirkung unter Durchschnitt"
    return f"{money}, {effect}"


def with_quadrants(
    points: pd.DataFrame, reference: tuple[float, float], comparison: Comparison, polarity: int
) -> pd.DataFrame:
    """Add the quadrant label of each space against the city reference (a value on the line counts as below)."""
    x_ref, y_ref = reference
    labels = [
        quadrant_label(x > x_ref, y > y_ref, comparison, polarity) if pd.notna(x) and pd.notna(y) else None
        for x, y in zip(points["spending"], points["outcome"], strict=True)
    ]
    return points.assign(quadrant=labels)
