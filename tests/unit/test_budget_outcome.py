"""Budget against outcome: the lag, levels and changes, the city reference and the quadrant labels."""

import pandas as pd
import pytest

from sozialraum.analysis.budget_outcome import (
    Comparison,
    YearsMissingError,
    budget_outcome_points,
    city_reference,
    quadrant_label,
    with_quadrants,
)


def spending():
    # Space 1 spends 100 € per young resident in 2017 and 150 € in 2020; space 2 stays at 200 €.
    return pd.DataFrame(
        {
            "area_id": [1, 1, 2, 2],
            "year": [2017, 2020, 2017, 2020],
            "actual": [100_000.0, 150_000.0, 400_000.0, 400_000.0],
            "residents": [1_000.0, 1_000.0, 2_000.0, 2_000.0],
        }
    )


def outcome():
    years = list(range(2017, 2024))
    return pd.DataFrame(
        {
            "area_id": [1] * len(years) + [2] * len(years),
            "year": years * 2,
            "value": [float(y - 2000) for y in years] + [float(2 * (y - 2000)) for y in years],
        }
    )


def test_lag_moves_the_outcome_years_not_the_spending_years():
    comparison = Comparison(year=2020, base_year=2017, lag=2, spending_change=True, outcome_change=True)
    assert comparison.spending_years() == [2017, 2020]
    assert comparison.outcome_years() == [2019, 2022]
    assert Comparison(year=2020, base_year=2017, lag=3).outcome_years() == [2023]


def test_levels_with_a_lag_pick_the_later_outcome_year():
    points = budget_outcome_points(spending(), outcome(), Comparison(year=2020, base_year=2017, lag=2))
    points = points.set_index("area_id")
    assert points.loc[1, "spending"] == pytest.approx(150.0)
    assert points.loc[1, "outcome"] == pytest.approx(22.0)  # the value of 2022, not 2020
    assert points.loc[2, "outcome"] == pytest.approx(44.0)


def test_changes_with_a_lag_compare_the_shifted_period():
    comparison = Comparison(year=2020, base_year=2017, lag=1, spending_change=True, outcome_change=True)
    points = budget_outcome_points(spending(), outcome(), comparison).set_index("area_id")
    assert points.loc[1, "spending"] == pytest.approx(50.0)
    assert points.loc[2, "spending"] == pytest.approx(0.0)
    assert points.loc[1, "outcome"] == pytest.approx(21.0 - 18.0)  # 2018 → 2021
    assert points.loc[2, "outcome"] == pytest.approx(6.0)


def test_a_lag_beyond_the_data_is_a_clear_message():
    with pytest.raises(YearsMissingError, match=r"Wirkungskennzahl fehlen Daten für 2024 \(vorhanden: 2017–2023\)"):
        budget_outcome_points(spending(), outcome(), Comparison(year=2020, base_year=2017, lag=4))


def test_a_plan_only_year_has_no_spending_to_compare():
    # Budget lines exist for 2020 but only as plan (Ansatz): no Ist, so no spending per resident.
    plan_only = spending().assign(actual=lambda frame: frame["actual"].where(frame["year"] != 2020))
    with pytest.raises(YearsMissingError, match=r"Ausgaben \(Ist\) fehlen Daten für 2020 \(vorhanden: 2017–2017\)"):
        budget_outcome_points(plan_only, outcome(), Comparison(year=2020, base_year=2017, spending_change=False))


def test_city_reference_divides_summed_money_by_summed_residents():
    city_outcome = pd.Series({2017: 10.0, 2020: 12.0, 2022: 11.0})
    x, y = city_reference(spending(), city_outcome, Comparison(year=2020, base_year=2017, lag=2))
    assert x == pytest.approx(550_000 / 3_000)  # not the mean of 150 and 200
    assert y == pytest.approx(11.0)
    x, y = city_reference(
        spending(), city_outcome, Comparison(year=2020, base_year=2017, spending_change=True, outcome_change=True)
    )
    assert x == pytest.approx(550_000 / 3_000 - 500_000 / 3_000)
    assert y == pytest.approx(2.0)


def test_quadrant_labels_read_the_outcome_by_polarity():
    level = Comparison(year=2020, base_year=2017)
    # Higher is worse (e.g. HzE-Quote): above-average values mean the outcome is below average.
    assert quadrant_label(True, True, level, -1) == "hoher Mitteleinsatz, Wirkung unter Durchschnitt"
    assert quadrant_label(False, True, level, 1) == "niedriger Mitteleinsatz, Wirkung über Durchschnitt"
    change = Comparison(year=2020, base_year=2017, spending_change=True, outcome_change=True)
    assert quadrant_label(False, False, change, -1) == (
        "Mitteleinsatz schwächer gestiegen, Entwicklung besser als Durchschnitt"
    )
    assert quadrant_label(True, False, level, 0) == "hoher Mitteleinsatz, Kennzahl unter Durchschnitt"


def test_with_quadrants_labels_each_space_and_leaves_missing_ones_out():
    points = pd.DataFrame({"area_id": [1, 2, 3], "spending": [10.0, 30.0, None], "outcome": [5.0, 1.0, 2.0]})
    labelled = with_quadrants(points, (20.0, 3.0), Comparison(year=2020, base_year=2017), -1)
    assert labelled["quadrant"].tolist()[:2] == [
        "niedriger Mitteleinsatz, Wirkung unter Durchschnitt",
        "hoher Mitteleinsatz, Wirkung über Durchschnitt",
    ]
    assert pd.isna(labelled["quadrant"].iloc[2])
