"""Steckbrief figures: changes against one and five periods earlier, rank by polarity, weighted city value."""

import math
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from sozialraum.analysis.keyfigures import Assessment
from sozialraum.analysis.steckbrief import (
    ancestors,
    district_name,
    period_before,
    rank_areas,
    rank_label,
    steckbrief_rows,
)
from sozialraum.store import repository

PERIODS = [date(year, 12, 31) for year in range(2018, 2026)]  # 2018 … 2025
CATALOGUE = pd.DataFrame(
    {
        "name": ["SGB-II-Quote", "Betreuungsquote U3", "Anteil Alleinerziehender"],
        "topic": ["Arbeit", "Bildung", "Familie"],
        "unit": ["%", "%", "%"],
        "decimals": [1, 1, 1],
        "polarity": [-1, 1, 0],
        "definition": ["d1", "d2", "d3"],
        "source": ["s1", "s2", "s3"],
    },
    index=pd.Index(["sgb2_rate", "childcare_u3", "single_parent_share"], name="key"),
)


def rows_for(area_values: dict[int, list[float | None]], key: str = "sgb2_rate", flags=None) -> pd.DataFrame:
    records = []
    for area_id, series in area_values.items():
        for period, value in zip(PERIODS, series, strict=True):
            if value is None:
                continue  # a period without a row: a gap, not a zero
            flag = (flags or {}).get((area_id, period), "ok")
            records.append({"area_id": area_id, "indicator_key": key, "period": period, "value": value, "flag": flag})
    return pd.DataFrame(records)


def test_period_before_counts_periods_not_years():
    assert period_before(PERIODS, date(2025, 12, 31), 1) == date(2024, 12, 31)
    assert period_before(PERIODS, date(2025, 12, 31), 5) == date(2020, 12, 31)
    assert period_before(PERIODS, date(2021, 12, 31), 5) is None  # only three earlier periods exist
    assert period_before(PERIODS, date(2030, 12, 31), 1) is None
    mid_year = [date(2024, 6, 30), date(2024, 12, 31), date(2025, 6, 30)]
    assert period_before(mid_year, date(2025, 6, 30), 1) == date(2024, 12, 31)


def test_rank_one_is_the_most_favourable_value():
    values = pd.Series({10: 20.0, 11: 5.0, 12: 12.0, 13: math.nan})
    assert rank_areas(values, polarity=-1).to_dict() == {10: 3, 11: 1, 12: 2}  # lower is better
    assert rank_areas(values, polarity=1).to_dict() == {10: 1, 11: 3, 12: 2}  # higher is better
    assert rank_areas(values, polarity=0).to_dict() == {10: 1, 11: 3, 12: 2}  # neutral: highest first
    tied = pd.Series({1: 5.0, 2: 5.0, 3: 7.0})
    assert rank_areas(tied, polarity=-1).to_dict() == {1: 1, 2: 1, 3: 3}
    assert rank_label(2, 16, -1) == "2 von 16 (1 = günstigster Wert)"
    assert rank_label(1, 16, 0) == "1 von 16 (1 = höchster Wert)"
    assert rank_label(math.nan, 16, 1) == "–"


def test_profile_row_changes_rank_city_and_marks():
    level = rows_for(
        {
            1: [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.5],
            2: [20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0],
            3: [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
        }
    )
    city = rows_for({99: [12.0] * 8})
    rows = steckbrief_rows(level, city, CATALOGUE.loc[["sgb2_rate"]], 1, PERIODS[-1], PERIODS)
    row = rows.iloc[0]
    assert row["value"] == 17.5
    assert row["previous"] == date(2024, 12, 31)
    assert row["change_previous"] == pytest.approx(1.5)  # 17,5 - 16,0
    assert row["earlier"] == date(2020, 12, 31)
    assert row["change_earlier"] == pytest.approx(5.5)  # 17,5 - 12,0 (2020)
    assert row["city"] == 12.0
    assert (row["rank"], row["rank_count"]) == (2, 3)  # 5 < 17,5 < 20 with lower = better
    assert row["position"] == Assessment.WORSE  # a higher SGB-II rate than the city is bad news
    assert row["trend"] == Assessment.WORSE
    assert row["trend_earlier"] == Assessment.WORSE
    assert row["history"] == [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.5]


def test_positive_polarity_turns_marks_and_rank():
    level = rows_for({1: [30.0] * 7 + [32.0], 2: [40.0] * 8}, key="childcare_u3")
    city = rows_for({99: [35.0] * 8}, key="childcare_u3")
    row = steckbrief_rows(level, city, CATALOGUE.loc[["childcare_u3"]], 1, PERIODS[-1], PERIODS).iloc[0]
    assert row["trend"] == Assessment.BETTER  # more childcare places is good news
    assert row["position"] == Assessment.WORSE  # but still below the city
    assert row["rank"] == 2


def test_neutral_indicator_has_no_good_or_bad_mark():
    level = rows_for({1: [30.0] * 7 + [32.0], 2: [20.0] * 8}, key="single_parent_share")
    city = rows_for({99: [25.0] * 8}, key="single_parent_share")
    row = steckbrief_rows(level, city, CATALOGUE.loc[["single_parent_share"]], 1, PERIODS[-1], PERIODS).iloc[0]
    assert row["trend"] == Assessment.NEUTRAL
    assert row["position"] == Assessment.NEUTRAL


def test_gaps_and_suppressed_values_are_not_invented_or_ranked():
    level = rows_for(
        {1: [10.0, None, 12.0, 13.0, 14.0, 15.0, None, 3.0], 2: [20.0] * 8, 3: [8.0] * 8},
        flags={(1, PERIODS[-1]): "suppressed"},
    )
    city = rows_for({99: [12.0] * 8})
    row = steckbrief_rows(level, city, CATALOGUE.loc[["sgb2_rate"]], 1, PERIODS[-1], PERIODS).iloc[0]
    assert math.isnan(row["value"])  # withheld: neither shown …
    assert math.isnan(row["rank"])  # … nor ranked
    assert row["rank_count"] == 2
    assert row["flag"] == "suppressed"
    assert math.isnan(row["change_previous"])
    assert row["history"] == [10.0, None, 12.0, 13.0, 14.0, 15.0, None, None]


def test_ancestors_walk_up_to_the_city():
    areas = pd.DataFrame(
        {
            "id": [1, 10, 20, 30],
            "parent_id": pd.array([None, 1, 10, 20], dtype="Int64"),
            "level": ["city", "district", "social_space", "planning_area"],
            "name": ["Stadt", "Altstadt", "Kern", "Markt"],
        }
    )
    assert ancestors(areas, 30) == [30, 20, 10, 1]
    assert ancestors(areas, 1) == [1]
    assert district_name(areas, 30) == "Altstadt"
    assert district_name(areas, 10) == "Altstadt"
    assert district_name(areas, 1) is None


def test_city_value_in_the_profile_is_weighted_not_averaged(demo_engine):
    """The city column: summed numerators over summed denominators, checked against plain SQL."""
    period = date(2025, 12, 31)
    catalogue = repository.load_indicators(demo_engine).loc[["sgb2_rate"]]
    level_values = repository.load_values(demo_engine, ["sgb2_rate"], [period], "social_space")
    city_values = repository.load_values(demo_engine, ["sgb2_rate"], [period], "city")
    first_space = int(level_values["area_id"].iloc[0])
    row = steckbrief_rows(level_values, city_values, catalogue, first_space, period, [period]).iloc[0]
    with demo_engine.connect() as connection:
        numerator, denominator, mean_of_rates = connection.execute(
            text(
                "SELECT SUM(o.numerator), SUM(o.denominator), AVG(o.value) FROM observation o "
                "JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id "
                "WHERE i.key = 'sgb2_rate' AND a.level = 'social_space' AND o.period = :period"
            ),
            {"period": period},
        ).one()
    weighted = numerator / denominator * 100
    assert row["city"] == pytest.approx(weighted)
    assert abs(weighted - mean_of_rates) > 0.1  # the demo city is uneven enough for the difference to show
    assert row["rank_count"] == 16


def test_a_goal_series_runs_across_a_change_of_boundaries():
    # Berlin has one city (key 11) per LOR version; a city goal's values sit on the old city until 2020
    # and on the new one after (store.goals.goal_values follows them; see tests/unit/reports).
    from sozialraum.analysis.steckbrief import same_area_across_versions

    areas = pd.DataFrame(
        {"id": [1, 2, 3, 4], "key": ["11", "11", "01", "01"], "level": ["city", "city", "district", "district"]}
    )
    assert same_area_across_versions(areas, 1) == [1, 2]
    assert same_area_across_versions(areas, 4) == [3, 4]
    assert same_area_across_versions(None, 4) == [4]
