"""The goal status rule, its edge cases, and agreement with the demo city's designed statuses."""

from __future__ import annotations

import pandas as pd
import pytest

from sozialraum.analysis.goals import (
    GoalStatus,
    assess_goals,
    goal_direction,
    goal_status,
    linear_trend,
    status_counts,
)
from sozialraum.demo.goals import GOALS, Ambition
from sozialraum.store.goals import goal_values, load_goals

RISING = 1
FALLING = -1


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


def straight_line(start_year: int, end_year: int, start: float, slope: float) -> pd.Series:
    return series({year: start + slope * (year - start_year) for year in range(start_year, end_year + 1)})


def test_no_values_means_no_data():
    result = goal_status(series({}), 10, 20, 2030, RISING, 2025)
    assert result.status == GoalStatus.NO_DATA
    assert result.latest_value is None
    assert result.projected_value is None


def test_only_missing_or_later_values_mean_no_data():
    values = series({2020: float("nan"), 2026: 30.0})
    assert goal_status(values, 10, 20, 2030, RISING, 2025).status == GoalStatus.NO_DATA


def test_one_value_short_of_the_target_gives_no_judgement_but_the_value():
    result = goal_status(series({2025: 12.0}), 10, 20, 2030, RISING, 2025)
    assert result.status == GoalStatus.NO_DATA
    assert result.latest_value == 12.0
    assert result.latest_year == 2025
    assert result.projected_value is None
    assert result.progress_share == pytest.approx(0.2)
    assert "Zu wenige Werte" in result.reason


def test_one_value_that_meets_the_target_is_achieved():
    assert goal_status(series({2025: 21.0}), 10, 20, 2030, RISING, 2025).status == GoalStatus.ACHIEVED


def test_target_met_exactly_counts_as_achieved():
    values = straight_line(2020, 2025, 15, 1)  # 20 in 2025
    result = goal_status(values, 10, 20, 2030, RISING, 2025)
    assert result.status == GoalStatus.ACHIEVED
    assert result.progress_share == pytest.approx(1.0)


def test_achieved_even_when_the_trend_now_runs_the_wrong_way():
    values = straight_line(2020, 2025, 30, -1)  # falling, but still above the target of 20
    assert goal_status(values, 10, 20, 2030, RISING, 2025).status == GoalStatus.ACHIEVED


def test_on_track_when_the_line_reaches_the_target():
    values = straight_line(2016, 2025, 10, 1)  # 19 in 2025, 24 projected for 2030
    result = goal_status(values, 10, 22, 2030, RISING, 2025)
    assert result.status == GoalStatus.ON_TRACK
    assert result.projected_value == pytest.approx(24.0)
    assert result.trend_slope == pytest.approx(1.0)


def test_at_risk_when_the_line_covers_at_least_sixty_percent():
    values = straight_line(2016, 2025, 10, 1)  # needs +10 from 19, the trend gives +5 by 2030: 50 %
    assert goal_status(values, 10, 29, 2030, RISING, 2025).status == GoalStatus.OFF_TRACK
    # needs +7, gives +5: 71 %
    result = goal_status(values, 10, 26, 2030, RISING, 2025)
    assert result.status == GoalStatus.AT_RISK
    assert "71 %" in result.reason


def test_sixty_percent_is_the_border_between_at_risk_and_off_track():
    values = straight_line(2021, 2025, 10, 1)  # 14 in 2025, +5 by 2030
    assert goal_status(values, 10, 14 + 5 / 0.61, 2030, RISING, 2025).status == GoalStatus.AT_RISK
    assert goal_status(values, 10, 14 + 5 / 0.59, 2030, RISING, 2025).status == GoalStatus.OFF_TRACK


def test_trend_running_the_wrong_way_is_off_track():
    values = straight_line(2016, 2025, 20, -0.5)
    result = goal_status(values, 20, 25, 2030, RISING, 2025)
    assert result.status == GoalStatus.OFF_TRACK
    assert "falsche Richtung" in result.reason


def test_falling_direction_mirrors_rising():
    values = straight_line(2016, 2025, 40, -1)  # 31 in 2025, 26 projected for 2030
    assert goal_status(values, 40, 32, 2030, FALLING, 2025).status == GoalStatus.ACHIEVED
    assert goal_status(values, 40, 28, 2030, FALLING, 2025).status == GoalStatus.ON_TRACK
    assert goal_status(values, 40, 24, 2030, FALLING, 2025).status == GoalStatus.AT_RISK  # 5 of 7
    assert goal_status(values, 40, 20, 2030, FALLING, 2025).status == GoalStatus.OFF_TRACK  # 5 of 11
    rising = straight_line(2016, 2025, 20, 1)
    assert goal_status(rising, 20, 15, 2030, FALLING, 2025).status == GoalStatus.OFF_TRACK


def test_target_year_passed_and_missed_is_off_track_without_projection():
    values = straight_line(2016, 2025, 10, 1)  # 19 in 2025
    result = goal_status(values, 10, 30, 2024, RISING, 2025)
    assert result.status == GoalStatus.OFF_TRACK
    assert result.projected_value is None
    assert "Zieljahr 2024" in result.reason


def test_target_year_passed_and_met_is_achieved():
    values = straight_line(2016, 2025, 10, 1)
    assert goal_status(values, 10, 15, 2022, RISING, 2025).status == GoalStatus.ACHIEVED


def test_target_year_reached_by_the_latest_value_and_missed_is_off_track():
    values = straight_line(2016, 2025, 10, 1)
    assert goal_status(values, 10, 20, 2025, RISING, 2025).status == GoalStatus.OFF_TRACK


def test_reporting_year_cuts_later_values():
    values = straight_line(2016, 2025, 10, 1)
    result = goal_status(values, 10, 30, 2030, RISING, 2020)
    assert result.latest_year == 2020
    assert result.latest_value == 14.0


def test_trend_uses_only_the_last_periods():
    # Flat for years, then rising steeply: five years see the rise, ten years dilute it.
    values = series(
        {**{year: 10.0 for year in range(2011, 2021)}, **{year: 10.0 + 2 * (year - 2020) for year in range(2021, 2026)}}
    )
    assert goal_status(values, 10, 29, 2030, RISING, 2025, trend_periods=5).status == GoalStatus.ON_TRACK
    assert goal_status(values, 10, 29, 2030, RISING, 2025, trend_periods=15).status != GoalStatus.ON_TRACK


def test_a_gap_shortens_the_trend_window():
    values = series({2015: 0.0, 2024: 10.0, 2025: 11.0})
    slope, _ = linear_trend(values, 5)
    assert slope == pytest.approx(1.0)
    assert linear_trend(series({2015: 1.0, 2025: 2.0}), 5) is None


def test_invalid_arguments_are_refused():
    with pytest.raises(ValueError, match="direction"):
        goal_status(series({2025: 1.0}), 0, 2, 2030, 0, 2025)
    with pytest.raises(ValueError, match="trend_periods"):
        goal_status(series({2025: 1.0}), 0, 2, 2030, RISING, 2025, trend_periods=1)


def test_direction_follows_override_then_polarity_then_target():
    assert goal_direction(-1, 1, 0, 10) == -1
    assert goal_direction(None, -1, 0, 10) == -1
    assert goal_direction(None, 0, 10, 5) == -1
    assert goal_direction(None, 0, 5, 10) == 1
    with pytest.raises(ValueError, match="Richtung"):
        goal_direction(None, 0, 5, 5)


def test_assess_goals_adds_status_and_counts():
    goals = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "baseline_value": [10.0, 10.0, 10.0],
            "target_value": [12.0, 30.0, 5.0],
            "target_year": [2030, 2030, 2030],
            "direction": pd.array([pd.NA, pd.NA, 1], dtype="Int64"),
            "polarity": [1, 1, -1],
        }
    )
    values = pd.DataFrame({"goal_id": [1, 1, 2, 2], "year": [2024, 2025, 2024, 2025], "value": [13.0, 14.0, 10.0, 9.0]})
    assessed = assess_goals(goals, values, 2025)
    assert list(assessed["status"]) == ["erreicht", "nicht auf Kurs", "keine Daten"]
    assert list(assessed["effective_direction"]) == [1, 1, 1]
    counts = status_counts(assessed)
    assert counts[GoalStatus.ACHIEVED] == 1
    assert counts[GoalStatus.AT_RISK] == 0
    assert sum(counts.values()) == 3


INTENDED = {
    Ambition.ALREADY_MET: GoalStatus.ACHIEVED,
    Ambition.WITHIN_TREND: GoalStatus.ON_TRACK,
    Ambition.JUST_BEYOND_TREND: GoalStatus.AT_RISK,
    Ambition.FAR_BEYOND_TREND: GoalStatus.OFF_TRACK,
}


def test_demo_goals_get_the_status_they_were_designed_for(demo_engine):
    goals = load_goals(demo_engine)
    assessed = assess_goals(goals, goal_values(demo_engine, goals), as_of_year=2025).set_index("title")
    for plan in GOALS:
        assert assessed.loc[plan.title, "status"] == INTENDED[plan.ambition], plan.title
    counts = assessed["status"].value_counts()
    assert all(counts.get(status.value, 0) >= 2 for status in INTENDED.values())


def test_an_achieved_goal_still_reports_its_projection():
    values = straight_line(2016, 2025, 10, 1)
    result = goal_status(values, 10, 15, 2030, RISING, 2025)
    assert result.status == GoalStatus.ACHIEVED
    assert result.projected_value == pytest.approx(24.0)
