"""Sozialraumbudget figures: per-capita spending from sums, the city row, the aid-type shift."""

import math
from datetime import date

import pandas as pd
import pytest

from sozialraum.analysis.space_budget import (
    aid_type_composition,
    composition_shift,
    population_by_space,
    space_budget_table,
    total_row,
)


def budget_lines():
    rows = [
        # area_id, key, year, aid_type, planned, actual, cases
        (1, "0101", 2017, "ambulant", 100_000.0, 90_000.0, 10),
        (1, "0101", 2017, "stationaer", 300_000.0, 310_000.0, 5),
        (1, "0101", 2025, "ambulant", 200_000.0, 220_000.0, 16),
        (1, "0101", 2025, "stationaer", 150_000.0, 160_000.0, 2),
        (1, "0101", 2025, "praeventiv", 20_000.0, 20_000.0, None),
        (2, "0102", 2025, "ambulant", 50_000.0, 50_000.0, 5),
        (None, None, 2025, "ambulant", 1_000.0, 1_000.0, 1),  # central line: no space
    ]
    frame = pd.DataFrame(rows, columns=["area_id", "area_key", "year", "aid_type", "planned", "actual", "cases"])
    return frame.assign(area_name=frame["area_key"].map({"0101": "Nord", "0102": "Süd"}), provider=None)


def population():
    return pd.DataFrame(
        {
            "area_id": [1, 1, 2],
            "year": [2017, 2025, 2025],
            "residents": [10_000.0, 10_000.0, 5_000.0],
            "target_residents": [2_000.0, 2_500.0, 500.0],
        }
    )


def test_cost_per_case_execution_rate_and_per_capita_per_space():
    table = space_budget_table(budget_lines(), population()).set_index(["area_key", "year"])
    north = table.loc[("0101", 2025)]
    assert north["planned"] == 370_000.0
    assert north["actual"] == 400_000.0
    assert north["execution_rate"] == pytest.approx(400_000 / 370_000 * 100)
    assert north["cost_per_case"] == pytest.approx(380_000 / 18)  # prevention has no cases
    assert north["actual_per_resident"] == pytest.approx(40.0)
    assert north["actual_per_target_resident"] == pytest.approx(160.0)
    assert len(table) == 3  # the central line belongs to no space


def test_city_row_is_a_ratio_of_sums_not_a_mean_of_ratios():
    table = space_budget_table(budget_lines(), population())
    total = total_row(table[table["year"] == 2025], "Gesamtstadt")
    assert total["actual"] == 450_000.0
    assert total["actual_per_target_resident"] == pytest.approx(450_000 / 3_000)  # mean of ratios would be 130
    assert total["cost_per_case"] == pytest.approx((380_000 + 50_000) / 23)
    assert total["execution_rate"] == pytest.approx(450_000 / 420_000 * 100)


def test_population_by_space_reads_load_values_output():
    values = pd.DataFrame(
        {
            "area_id": [1, 1, 1],
            "indicator_key": ["pop_total", "pop_u21", "pop_total"],
            "period": [date(2025, 12, 31), date(2025, 12, 31), date(2024, 12, 31)],
            "value": [10_000.0, 2_500.0, 9_900.0],
        }
    )
    result = population_by_space(values, "pop_total", "pop_u21").set_index("year")
    assert result.loc[2025, "residents"] == 10_000.0
    assert result.loc[2025, "target_residents"] == 2_500.0
    assert math.isnan(result.loc[2024, "target_residents"])
    assert population_by_space(values, "pop_total", None)["target_residents"].isna().all()


def test_composition_shares_and_shift_in_percentage_points():
    lines = budget_lines()
    shares = aid_type_composition(lines[lines["area_key"] == "0101"], ["year"]).set_index(["year", "aid_type"])
    assert shares.loc[(2025, "stationaer"), "share"] == pytest.approx(40.0)
    assert shares.loc[(2025, "praeventiv"), "share"] == pytest.approx(5.0)
    shift = composition_shift(lines, 2017, 2025).set_index("area_key")
    assert shift.loc["0101", "residential_share_base"] == pytest.approx(310 / 400 * 100)
    assert shift.loc["0101", "residential_share_now"] == pytest.approx(40.0)
    assert shift.loc["0101", "residential_share_change"] == pytest.approx(40.0 - 77.5)
    assert shift.loc["0101", "preventive_share_base"] == 0.0  # no preventive line that year
    # No lines in the base year: shares then are unknown, not zero.
    assert math.isnan(shift.loc["0102", "residential_share_base"])
    assert shift.loc["0102", "residential_share_now"] == 0.0
