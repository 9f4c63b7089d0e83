"""Needs-based allocation: exact cents, the need score's direction, the formula."""

import pandas as pd
import pytest

from sozialraum.analysis.allocation import (
    AllocationError,
    euros_to_cents,
    formula_allocation,
    need_score_from_indicators,
    split_cents,
)


@pytest.mark.parametrize(
    ("total_cents", "weights"),
    [
        (100, [1, 1, 1]),  # 33,33 … : one cent left over
        (1_000_000_01, [1 / 3, 1 / 7, 1 / 11, 2 / 9]),
        (1, [5, 5]),
        (8_387_670_000, [2977.0 * 0.93, 2828.0 * 0.6, 6648.0 * 1.41, 1.0e-9]),
        (999_999_999_999, [0.1] * 16),
    ],
)
def test_split_cents_sums_to_the_total_exactly(total_cents, weights):
    series = pd.Series(weights, index=[f"{i:04d}" for i in range(len(weights))])
    cents = split_cents(total_cents, series)
    assert int(cents.sum()) == total_cents
    assert cents.dtype == "int64"
    # Nobody is more than one cent away from their exact quota.
    quotas = series / series.sum() * total_cents
    assert ((cents - quotas).abs() < 1.0 + 1e-6).all()


def test_left_over_cents_go_to_the_largest_remainders_then_to_the_first():
    assert split_cents(100, pd.Series([1, 1, 1])).tolist() == [34, 33, 33]
    # Quotas 16.6, 33.3, 50.0 (of 100 ct over weights 1:2:3 → 16,67 / 33,33 / 50): the largest remainder wins.
    assert split_cents(100, pd.Series([1.0, 2.0, 3.0])).tolist() == [17, 33, 50]


def test_split_cents_rejects_impossible_weights():
    with pytest.raises(AllocationError, match="Verteilungsgewichte sind 0"):
        split_cents(100, pd.Series([0.0, 0.0]))
    with pytest.raises(AllocationError):
        split_cents(100, pd.Series([1.0, float("nan")]))
    with pytest.raises(AllocationError):
        split_cents(-1, pd.Series([1.0]))


def test_euros_to_cents_rounds_half_up_on_the_decimal_value():
    assert euros_to_cents(0.29) == 29
    assert euros_to_cents(1.005) == 101
    assert euros_to_cents("83876700.00") == 8_387_670_000


def test_need_score_follows_polarity_and_weights():
    values = pd.DataFrame({"poverty": [10.0, 20.0, 30.0], "childcare": [50.0, 40.0, 30.0]}, index=["a", "b", "c"])
    polarity = {"poverty": -1, "childcare": 1}
    poverty_only = need_score_from_indicators(values, {"poverty": 1.0}, polarity)
    # z-scores with the population spread: (x - 20) / 8.165
    assert poverty_only.tolist() == pytest.approx([-1.2247, 0.0, 1.2247], abs=1e-4)
    # Less childcare is more need: the same ranking as poverty, so the mix is the same score.
    both = need_score_from_indicators(values, {"poverty": 1.0, "childcare": 3.0}, polarity)
    assert both.tolist() == pytest.approx(poverty_only.tolist())
    assert both.mean() == pytest.approx(0.0)


def test_need_score_of_a_constant_indicator_is_zero_and_missing_values_stay_missing():
    values = pd.DataFrame({"flat": [5.0, 5.0, 5.0], "rate": [1.0, None, 3.0]}, index=["a", "b", "c"])
    score = need_score_from_indicators(values, {"flat": 1.0, "rate": 1.0}, {"flat": -1, "rate": -1})
    assert score["a"] == pytest.approx(-0.5)
    assert pd.isna(score["b"])
    with pytest.raises(AllocationError, match="mindestens eine"):
        need_score_from_indicators(values, {"flat": 0.0}, {})


def test_formula_allocation_matches_the_total_to_the_cent_and_favours_need():
    index = ["0101", "0102", "0103"]
    residents = pd.Series([1000.0, 1000.0, 2000.0], index=index)
    need = pd.Series([1.0, -1.0, 0.0], index=index)
    current = pd.Series([300_000.0, 300_000.0, 400_000.0], index=index)
    result = formula_allocation(1_000_000.01, residents, need, 0.5, current)
    assert result["formula_cents"].sum() == 100_000_001
    # Weights 1000*1.5, 1000*0.5, 2000*1.0 → shares 3/8, 1/8, 4/8 of 100,000,001 ct; the odd cent goes to
    # the largest remainder (0.5 ct of the last space, against 0.375 and 0.125).
    assert result["formula_cents"].tolist() == [37_500_000, 12_500_000, 50_000_001]
    assert result.loc["0101", "difference"] == pytest.approx(75_000.0, abs=0.01)
    assert result["formula_share"].sum() == pytest.approx(100.0)
    assert result["current_share"].tolist() == pytest.approx([30.0, 30.0, 40.0])


def test_formula_allocation_caps_negative_factors_at_zero_and_names_missing_areas():
    index = ["a", "b"]
    result = formula_allocation(
        100.0,
        pd.Series([10.0, 10.0], index=index),
        pd.Series([-3.0, 1.0], index=index),
        0.5,
        pd.Series([50.0, 50.0], index=index),
    )
    assert result.loc["a", "need_factor"] == 0.0
    assert result.loc["a", "formula_cents"] == 0
    assert result.loc["b", "formula_cents"] == 10_000
    with pytest.raises(AllocationError, match="b"):
        formula_allocation(
            100.0,
            pd.Series([10.0, None], index=index),
            pd.Series([0.0, 0.0], index=index),
            0.5,
            pd.Series([1.0, 1.0], index=index),
        )
