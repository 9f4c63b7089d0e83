"""Aggregation done right: rates from summed numerators and denominators, never averaged."""

from datetime import date

import pandas as pd
import pytest

from sozialraum.analysis.aggregation import (
    aggregate_observations,
    ancestor_at_level,
    finest_complete_source_level,
)

P = date(2025, 12, 31)
CATALOGUE = pd.DataFrame(
    {"aggregation": ["weighted", "sum", "none"], "scale": [100.0, 1.0, 1.0]},
    index=["sgb2_rate", "inobhutnahmen", "sozialindex"],
)
AREAS = pd.DataFrame(
    {
        "id": [1, 10, 11, 20, 21, 22],
        "parent_id": [None, 1, 1, 10, 10, 11],
        "level": ["city", "district", "district", "social_space", "social_space", "social_space"],
    }
)


def observation(area_id, key, value, numerator=None, denominator=None, flag="ok"):
    return {
        "area_id": area_id,
        "indicator_key": key,
        "period": P,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "flag": flag,
    }


def test_rates_are_weighted_not_averaged():
    # A small space with a high rate and a big one with a low rate: 50 % of 100 and 10 % of 900.
    frame = pd.DataFrame([observation(20, "sgb2_rate", 50.0, 50, 100), observation(21, "sgb2_rate", 10.0, 90, 900)])
    result = aggregate_observations(frame, CATALOGUE, ancestor_at_level(AREAS, "district"))
    district = result.set_index("area_id").loc[10]
    assert district["value"] == pytest.approx(14.0)  # 140 / 1000, where the mean of rates would say 30
    assert district["numerator"] == 140
    assert district["denominator"] == 1000
    assert district["parts"] == 2


def test_counts_are_summed_and_non_aggregable_kinds_stay_empty():
    frame = pd.DataFrame(
        [
            observation(20, "inobhutnahmen", 4, 4),
            observation(21, "inobhutnahmen", 7, 7),
            observation(20, "sozialindex", 0.5),
            observation(21, "sozialindex", -0.5),
        ]
    )
    result = aggregate_observations(frame, CATALOGUE, ancestor_at_level(AREAS, "city")).set_index("indicator_key")
    assert result.loc["inobhutnahmen", "value"] == 11
    assert pd.isna(result.loc["sozialindex", "value"])


def test_a_suppressed_part_suppresses_the_aggregate():
    frame = pd.DataFrame(
        [
            observation(20, "inobhutnahmen", None, None, flag="suppressed"),
            observation(21, "inobhutnahmen", 7, 7),
            observation(22, "inobhutnahmen", 3, 3),
        ]
    )
    result = aggregate_observations(frame, CATALOGUE, ancestor_at_level(AREAS, "district")).set_index("area_id")
    assert result.loc[10, "flag"] == "suppressed"
    assert pd.isna(result.loc[10, "value"])
    assert result.loc[11, "value"] == 3
    assert result.loc[11, "flag"] == "ok"


def test_provisional_parts_make_a_provisional_aggregate():
    frame = pd.DataFrame(
        [observation(20, "sgb2_rate", 10.0, 10, 100, flag="provisional"), observation(21, "sgb2_rate", 20.0, 20, 100)]
    )
    result = aggregate_observations(frame, CATALOGUE, ancestor_at_level(AREAS, "district"))
    assert result["flag"].tolist() == ["provisional"]
    assert result["value"].iloc[0] == pytest.approx(15.0)


def test_ancestors_are_found_across_levels():
    assert ancestor_at_level(AREAS, "district").to_dict() == {10: 10, 11: 11, 20: 10, 21: 10, 22: 11}
    assert set(ancestor_at_level(AREAS, "city").to_dict().values()) == {1}


@pytest.mark.parametrize(
    ("target", "stored", "expected"),
    [
        ("district", {"district", "social_space"}, "district"),
        ("district", {"social_space", "planning_area"}, "social_space"),
        ("city", {"planning_area"}, "planning_area"),
        ("social_space", {"district"}, None),
    ],
)
def test_source_level_is_the_coarsest_stored_one_at_or_below_the_target(target, stored, expected):
    assert finest_complete_source_level(target, stored) == expected


def test_budget_only_years_show_the_latest_earlier_reference_date():
    from sozialraum.periods import periods_by_year

    periods = [date(2020, 12, 31), date(2024, 6, 30), date(2024, 12, 31)]
    years = periods_by_year(periods, [2019, 2026, 2027])
    assert years == {
        2020: date(2020, 12, 31),
        2024: date(2024, 12, 31),
        2026: date(2024, 12, 31),
        2027: date(2024, 12, 31),
    }  # 2019: nothing to show before it
