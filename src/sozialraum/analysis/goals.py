"""Status of Wirkungsziele: latest value and a linear trend projected to the target year.

The rule, applied in this order:

* **keine Daten** – no value up to the reporting year.
* **erreicht** – the latest value is at or better than the target (in the goal's direction).
* **nicht auf Kurs** – the target year lies in the past of the data (the latest value is from the target
  year or later) and the target was missed: no time is left, so there is nothing to project.
* **keine Daten** – fewer than two values in the trend window: one value says where we stand, not
  where we are heading; the page shows the value but no traffic-light judgement.
* **auf Kurs** – the least-squares line through the last ``trend_periods`` years, projected to the
  target year, reaches the target.
* **gefährdet** – the projection misses but covers at least ``AT_RISK_SHARE`` (60 %) of the change
  still needed from the latest value.
* **nicht auf Kurs** – otherwise, including a trend running the wrong way.

An achieved goal still carries its projection (will it stay met?); a goal whose target year the data
have reached carries none.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_TREND_PERIODS = 5
AT_RISK_SHARE = 0.6


class GoalStatus(enum.StrEnum):
    ACHIEVED = "erreicht"
    ON_TRACK = "auf Kurs"
    AT_RISK = "gefährdet"
    OFF_TRACK = "nicht auf Kurs"
    NO_DATA = "keine Daten"


#: Traffic-light order for lists and counts: the good news first, as a leadership report reads.
STATUS_ORDER: tuple[GoalStatus, ...] = (
    GoalStatus.ACHIEVED,
    GoalStatus.ON_TRACK,
    GoalStatus.AT_RISK,
    GoalStatus.OFF_TRACK,
    GoalStatus.NO_DATA,
)


@dataclass(frozen=True)
class GoalAssessment:
    status: GoalStatus
    latest_value: float | None
    latest_year: int | None
    projected_value: float | None  # the trend line at the target year; None without a trend
    trend_slope: float | None  # change per year of the trend line
    progress_share: float | None  # share of the way from baseline to target covered by the latest value
    reason: str  # one German sentence saying why the status was given


def goal_direction(override: int | None, polarity: int, baseline: float, target: float) -> int:
    """+1 when the value should rise, -1 when it should fall: the override, else the indicator's polarity,
    else the side the target lies on. Raises ValueError when none of them says."""
    if override in (-1, 1):
        return int(override)
    if polarity in (-1, 1):
        return int(polarity)
    if target != baseline:
        return 1 if target > baseline else -1
    raise ValueError("Die Richtung des Ziels ist nicht bestimmbar.")


def _clean_series(values: pd.Series, as_of_year: int) -> pd.Series:
    series = pd.to_numeric(values, errors="coerce").dropna()
    series.index = series.index.astype(int)
    return series[series.index <= as_of_year].sort_index()


def linear_trend(series: pd.Series, trend_periods: int) -> tuple[float, float] | None:
    """Slope and intercept of the least-squares line through the values of the last ``trend_periods``
    years (counted back from the latest year, so a gap shortens the window); None with fewer than two."""
    if series.empty:
        return None
    window = series[series.index > series.index.max() - trend_periods]
    if len(window) < 2:
        return None
    slope, intercept = np.polyfit(window.index.to_numpy(dtype=float), window.to_numpy(dtype=float), 1)
    return float(slope), float(intercept)


def goal_status(
    values: pd.Series,
    baseline: float,
    target: float,
    target_year: int,
    direction: int,
    as_of_year: int,
    trend_periods: int = DEFAULT_TREND_PERIODS,
    at_risk_share: float = AT_RISK_SHARE,
) -> GoalAssessment:
    """Assess one goal. ``values`` is indexed by year; values after ``as_of_year`` and NaN are ignored."""
    if direction not in (-1, 1):
        raise ValueError("direction must be +1 or -1")
    if trend_periods < 2:
        raise ValueError("trend_periods must be at least 2")
    series = _clean_series(values, as_of_year)
    if series.empty:
        return GoalAssessment(GoalStatus.NO_DATA, None, None, None, None, None, "Kein Wert bis zum Berichtsjahr.")
    latest_year = int(series.index[-1])
    latest = float(series.iloc[-1])
    progress = (latest - baseline) / (target - baseline) if target != baseline else None

    def assessment(status: GoalStatus, projected: float | None, slope: float | None, reason: str) -> GoalAssessment:
        return GoalAssessment(status, latest, latest_year, projected, slope, progress, reason)

    trend = linear_trend(series, trend_periods) if latest_year < target_year else None
    slope, projected = (trend[0], trend[1] + trend[0] * target_year) if trend else (None, None)
    if (latest - target) * direction >= 0:
        # The projection is still reported: it shows whether the goal is likely to stay met.
        return assessment(GoalStatus.ACHIEVED, projected, slope, f"Der Wert von {latest_year} erreicht den Zielwert.")
    if latest_year >= target_year:
        return assessment(GoalStatus.OFF_TRACK, None, None, f"Zieljahr {target_year} erreicht, Zielwert verfehlt.")
    if trend is None:
        return assessment(GoalStatus.NO_DATA, None, None, "Zu wenige Werte für eine Trendprognose.")
    needed = (target - latest) * direction  # > 0 here: the target is not yet met
    gained = (projected - latest) * direction
    if gained >= needed:
        return assessment(GoalStatus.ON_TRACK, projected, slope, "Der Trend erreicht den Zielwert im Zieljahr.")
    if gained >= at_risk_share * needed:
        share = round(gained / needed * 100)
        return assessment(GoalStatus.AT_RISK, projected, slope, f"Der Trend schafft {share} % der nötigen Veränderung.")
    if gained <= 0:
        return assessment(GoalStatus.OFF_TRACK, projected, slope, "Der Trend läuft in die falsche Richtung.")
    share = round(gained / needed * 100)
    return assessment(
        GoalStatus.OFF_TRACK, projected, slope, f"Der Trend schafft nur {share} % der nötigen Veränderung."
    )


def assess_goals(
    goals: pd.DataFrame, yearly_values: pd.DataFrame, as_of_year: int, trend_periods: int = DEFAULT_TREND_PERIODS
) -> pd.DataFrame:
    """``goals`` (columns id, baseline_value, target_value, target_year, direction, polarity) joined with
    their assessment: columns status, latest_value, latest_year, projected_value, trend_slope,
    progress_share, reason, effective_direction. ``yearly_values`` has goal_id, year, value."""
    rows = []
    for goal in goals.itertuples():
        direction = goal_direction(
            None if pd.isna(goal.direction) else int(goal.direction),
            int(goal.polarity),
            goal.baseline_value,
            goal.target_value,
        )
        own = yearly_values[yearly_values["goal_id"] == goal.id]
        result = goal_status(
            own.set_index("year")["value"],
            goal.baseline_value,
            goal.target_value,
            int(goal.target_year),
            direction,
            as_of_year,
            trend_periods,
        )
        rows.append({**result.__dict__, "status": result.status.value, "effective_direction": direction})
    columns = [*GoalAssessment.__dataclass_fields__, "effective_direction"]
    assessed = pd.DataFrame(rows, columns=columns, index=goals.index)
    return pd.concat([goals, assessed], axis=1)


def status_counts(assessed: pd.DataFrame) -> dict[GoalStatus, int]:
    counts = assessed["status"].value_counts() if len(assessed) else pd.Series(dtype=int)
    return {status: int(counts.get(status.value, 0)) for status in STATUS_ORDER}
