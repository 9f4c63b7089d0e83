"""Class breaks: each method against values whose right breaks are known by construction."""

import numpy as np
import pytest

from sozialraum.analysis.classification import ClassificationError, Method, classify, parse_manual_breaks

TWENTY = np.arange(1.0, 21.0)  # 1 … 20


def test_quantiles_put_equally_many_values_in_each_class():
    classification = classify(TWENTY, Method.QUANTILES, 4)
    assert classification.upper_bounds == (5.75, 10.5, 15.25, 20.0)
    assert np.bincount(classification.class_of(TWENTY)).tolist() == [5, 5, 5, 5]


def test_equal_intervals_split_the_range_evenly():
    classification = classify([0.0, 1.0, 2.0, 3.0, 7.0, 10.0], Method.EQUAL_INTERVAL, 5)
    assert classification.lowest == 0.0
    assert classification.upper_bounds == pytest.approx((2.0, 4.0, 6.0, 8.0, 10.0))


def test_natural_breaks_find_obvious_clusters():
    values = [1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1, 9.3]
    classification = classify(values, Method.NATURAL_BREAKS, 3)
    assert classification.upper_bounds == (1.2, 5.2, 9.3)


def test_natural_breaks_on_many_values_are_deterministic():
    values = np.random.default_rng(1).gamma(3.0, 2.0, 3000)
    first = classify(values, Method.NATURAL_BREAKS, 5)
    assert first == classify(values, Method.NATURAL_BREAKS, 5)
    assert first.upper_bounds[-1] == values.max()


def test_standard_deviation_classes_are_one_deviation_wide_around_the_mean():
    values = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])  # mean 5, population sd 2
    classification = classify(values, Method.STANDARD_DEVIATION, 4)
    # bounds at mean - 1 sd, mean, mean + 1 sd (mapclassify uses the sample sd, ddof=1)
    sd = values.std(ddof=1)
    assert classification.upper_bounds[:3] == pytest.approx((5 - sd, 5.0, 5 + sd))
    assert classification.upper_bounds[-1] == 9.0


def test_manual_breaks_read_german_numbers():
    assert parse_manual_breaks("5; 10,5; 1.000") == [5.0, 10.5, 1000.0]
    classification = classify(TWENTY, Method.MANUAL, manual_breaks=[5.0, 10.5])
    assert classification.upper_bounds == (5.0, 10.5, 20.0)
    assert classification.class_of([5.0, 5.1, 20.0]).tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [("5; zehn", "als Zahlen"), ("5", "2 bis 6 Klassengrenzen"), ("10; 5", "aufsteigend")],
)
def test_bad_manual_breaks_get_a_german_message(text, message):
    with pytest.raises(ClassificationError, match=message):
        parse_manual_breaks(text)


def test_fewer_distinct_values_than_classes_give_one_class_per_value():
    classification = classify([3.0, 3.0, 7.0], Method.QUANTILES, 5)
    assert classification.upper_bounds == (3.0, 7.0)


def test_missing_values_get_no_class_and_nothing_to_classify_gives_none():
    classification = classify([1.0, np.nan, 3.0, 4.0, 8.0], Method.EQUAL_INTERVAL, 3)
    assert classification.class_of([np.nan, 8.0]).tolist() == [-1, 2]
    assert classify([np.nan], Method.QUANTILES, 5) is None


def test_breaks_fixed_across_years_classify_every_year_alike():
    year_one, year_two = np.array([1.0, 2.0, 3.0]), np.array([7.5, 8.0, 9.0])
    pooled = classify(np.concatenate([year_one, year_two]), Method.EQUAL_INTERVAL, 4)  # bounds 3, 5, 7, 9
    assert pooled.class_of(year_one).tolist() == [0, 0, 0]
    assert pooled.class_of(year_two).tolist() == [3, 3, 3]


def test_class_count_outside_three_to_seven_is_refused():
    with pytest.raises(ClassificationError, match="3 bis 7"):
        classify(TWENTY, Method.QUANTILES, 9)
