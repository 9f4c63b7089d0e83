"""Entwicklung and Vergleich: gaps stay gaps, index to a base year, boundary breaks, standardised deviations."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from sozialraum.analysis.comparison import standardised_deviations
from sozialraum.analysis.trends import boundary_breaks, index_to_base, series_on_grid
from sozialraum.store import repository

PERIODS = [date(2019, 12, 31), date(2020, 12, 31), date(2021, 12, 31), date(2022, 12, 31)]


def values(rows):
    return pd.DataFrame(rows, columns=["area_id", "indicator_key", "period", "value", "flag"])


def test_missing_periods_become_gaps_not_interpolations():
    frame = values(
        [
            (1, "sgb2_rate", PERIODS[0], 10.0, "ok"),
            (1, "sgb2_rate", PERIODS[2], 12.0, "ok"),
            (1, "sgb2_rate", PERIODS[3], 13.0, "suppressed"),
        ]
    )
    grid = series_on_grid(frame, PERIODS)
    assert grid["period"].tolist() == PERIODS
    assert grid["value"].tolist()[0] == 10.0
    assert math.isnan(grid["value"].tolist()[1])  # no row: a gap
    assert grid["value"].tolist()[2] == 12.0
    assert math.isnan(grid["value"].tolist()[3])  # suppressed: not shown


def test_index_to_base_year():
    frame = values(
        [
            (1, "k", PERIODS[0], 8.0, "ok"),
            (1, "k", PERIODS[1], 10.0, "ok"),
            (1, "k", PERIODS[2], 12.0, "ok"),
            (2, "k", PERIODS[1], 5.0, "ok"),  # no value in the base year
        ]
    )
    indexed = index_to_base(series_on_grid(frame, PERIODS), PERIODS[1])
    first = indexed[indexed["area_id"] == 1]["value"].tolist()
    assert first[:3] == pytest.approx([80.0, 100.0, 120.0])
    assert math.isnan(first[3])
    base_year_only = index_to_base(series_on_grid(frame, PERIODS), PERIODS[0])
    assert base_year_only[base_year_only["area_id"] == 2]["value"].isna().all()  # no base, no index


def test_boundary_break_where_the_valid_version_changes():
    versions = pd.DataFrame(
        {
            "key": ["lor-2006", "lor-2021"],
            "valid_from": [date(2006, 1, 1), date(2021, 1, 1)],
            "valid_to": [date(2020, 12, 31), None],
        }
    )
    assert boundary_breaks(PERIODS, versions) == [date(2021, 12, 31)]


def test_no_break_with_a_single_boundary_version(demo_engine):
    versions = repository.load_boundary_versions(demo_engine)
    assert len(versions) == 1
    assert boundary_breaks(repository.load_periods(demo_engine), versions) == []


def test_standardised_deviation_centres_rates_on_the_weighted_city_value():
    catalogue = pd.DataFrame(
        {"polarity": [-1, 0], "aggregation": ["weighted", "sum"]}, index=["sgb2_rate", "pop_total"]
    )
    level = values(
        [
            (1, "sgb2_rate", PERIODS[0], 10.0, "ok"),
            (2, "sgb2_rate", PERIODS[0], 20.0, "ok"),
            (3, "sgb2_rate", PERIODS[0], 30.0, "ok"),
            (1, "pop_total", PERIODS[0], 1000.0, "ok"),
            (2, "pop_total", PERIODS[0], 2000.0, "ok"),
            (3, "pop_total", PERIODS[0], 6000.0, "ok"),
        ]
    )
    city = values([(9, "sgb2_rate", PERIODS[0], 24.0, "ok"), (9, "pop_total", PERIODS[0], 9000.0, "ok")])
    result = standardised_deviations(level, city, catalogue).set_index(["area_id", "indicator_key"])
    spread = np.std([10.0, 20.0, 30.0])  # population standard deviation, 8,165
    assert result.loc[(1, "sgb2_rate"), "z"] == pytest.approx((10 - 24) / spread)
    # A lower SGB-II rate than the city is favourable: the sign turns.
    assert result.loc[(1, "sgb2_rate"), "favourable"] == pytest.approx((24 - 10) / spread)
    # The population is a size, not a situation: it is not compared with the city total at all.
    assert "pop_total" not in set(result.index.get_level_values("indicator_key"))


def test_counts_are_compared_per_resident_never_with_the_city_total():
    catalogue = pd.DataFrame({"polarity": [-1, 0], "aggregation": ["sum", "sum"]}, index=["inobhutnahmen", "pop_total"])
    level = values(
        [
            (1, "inobhutnahmen", PERIODS[0], 10.0, "ok"),
            (2, "inobhutnahmen", PERIODS[0], 40.0, "ok"),
            (1, "pop_total", PERIODS[0], 1000.0, "ok"),
            (2, "pop_total", PERIODS[0], 2000.0, "ok"),
        ]
    )
    city = values([(9, "inobhutnahmen", PERIODS[0], 50.0, "ok"), (9, "pop_total", PERIODS[0], 3000.0, "ok")])
    result = standardised_deviations(level, city, catalogue, "pop_total").set_index(["area_id", "indicator_key"])
    # 10 of 1000 against the city's 50 of 3000: per resident 0.01 vs 0.0167, favourable (fewer cases).
    assert result.loc[(1, "inobhutnahmen"), "centre"] == pytest.approx(50 / 3000)
    assert result.loc[(1, "inobhutnahmen"), "value"] == pytest.approx(0.01)
    assert result.loc[(1, "inobhutnahmen"), "favourable"] > 0
    assert result.loc[(2, "inobhutnahmen"), "favourable"] < 0
    # Without a population a count is not compared at all.
    assert standardised_deviations(level, city, catalogue).empty


def test_a_level_without_values_has_no_deviations_and_no_error():
    # Wien's Zählbezirke carry geometry but no values: the frames are empty and of text dtype.
    catalogue = pd.DataFrame({"polarity": [0, 0], "aggregation": ["sum", "sum"]}, index=["ew_frauen", "pop_total"])
    empty = values([]).astype(object)
    city = values([(9, "ew_frauen", PERIODS[0], 50.0, "ok"), (9, "pop_total", PERIODS[0], 100.0, "ok")])
    assert standardised_deviations(empty, city, catalogue, "pop_total").empty
