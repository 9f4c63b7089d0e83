"""Early warning: adverse relative change ranked, threshold crossings first, neutral indicators ignored."""

from datetime import date

import pandas as pd

from sozialraum.analysis.early_warning import EarlyWarningRules, early_warnings

NOW, BEFORE = date(2025, 12, 31), date(2024, 12, 31)
POLARITY = {"poverty": -1, "childcare": 1, "age": 0}


def frame(rows: list[tuple[int, str, float, float]]) -> pd.DataFrame:
    records = []
    for area_id, key, previous, value in rows:
        records += [
            {"area_id": area_id, "indicator_key": key, "period": BEFORE, "value": previous},
            {"area_id": area_id, "indicator_key": key, "period": NOW, "value": value},
        ]
    return pd.DataFrame(records)


def test_worsenings_are_ranked_by_relative_change_in_the_adverse_direction():
    values = frame(
        [
            (1, "poverty", 10.0, 12.0),  # +20 %: worse
            (2, "poverty", 20.0, 21.0),  # +5 %: worse, at the minimum
            (3, "poverty", 20.0, 15.0),  # better
            (4, "childcare", 50.0, 40.0),  # -20 % of a good thing: worse
            (5, "age", 10.0, 20.0),  # neutral: never a warning
            (6, "childcare", 50.0, 49.0),  # -2 %: below the minimum
        ]
    )
    warnings = early_warnings(
        values, POLARITY, ["poverty", "childcare", "age"], NOW, BEFORE, EarlyWarningRules(thresholds={})
    )
    assert list(zip(warnings["area_id"], warnings["indicator_key"], strict=True)) == [
        (1, "poverty"),
        (4, "childcare"),
        (2, "poverty"),
    ]
    assert warnings["adverse_change_percent"].tolist() == [20.0, 20.0, 5.0]
    assert not warnings["crossed_threshold"].any()


def test_threshold_crossings_come_first_even_when_small():
    values = frame([(1, "poverty", 29.9, 30.1), (2, "poverty", 10.0, 15.0), (3, "poverty", 31.0, 40.0)])
    rules = EarlyWarningRules(thresholds={"poverty": 30.0})
    warnings = early_warnings(values, POLARITY, ["poverty"], NOW, BEFORE, rules)
    assert warnings["area_id"].tolist() == [1, 2, 3]  # 3 was above already: no crossing; +50 % before +29 %
    assert warnings["crossed_threshold"].tolist() == [True, False, False]


def test_crossing_downwards_for_an_indicator_that_should_rise():
    values = frame([(1, "childcare", 40.5, 39.8)])
    warnings = early_warnings(
        values, POLARITY, ["childcare"], NOW, BEFORE, EarlyWarningRules(thresholds={"childcare": 40})
    )
    assert warnings["crossed_threshold"].tolist() == [True]


def test_limit_and_missing_values():
    values = frame([(area, "poverty", 10.0, 10.0 + area) for area in range(1, 10)])
    values.loc[(values["area_id"] == 9) & (values["period"] == BEFORE), "value"] = None
    warnings = early_warnings(values, POLARITY, ["poverty"], NOW, BEFORE, EarlyWarningRules(limit=3, thresholds={}))
    assert warnings["area_id"].tolist() == [8, 7, 6]
    assert early_warnings(values.iloc[0:0], POLARITY, ["poverty"], NOW, BEFORE).empty
