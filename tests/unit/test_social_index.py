"""The social index method on an example small enough to compute by hand (numbers in the comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    DYNAMICS_THRESHOLDS,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexComponent,
    IndexDefinition,
    classify,
    combined_classes,
    compute_index,
    sensitivity,
    z_scores,
)

AREAS = ["A", "B", "C", "D", "E", "F"]
# E is too small, F is flagged invalid by the source: the method works on A–D only.
VALUES = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 40.0, 50.0], "y": [2.0, 2.0, 4.0, 4.0, 9.0, 9.0]}, index=AREAS)
POPULATION = pd.Series([1000, 1000, 1000, 1000, 120, 5000], index=AREAS)
INVALID = pd.Series([False, False, False, False, False, True], index=AREAS)


X_AND_Y = (IndexComponent("x"), IndexComponent("y"))


def _status(components=X_AND_Y, **kwargs) -> IndexDefinition:
    return IndexDefinition(
        key="status",
        name="Status",
        components=tuple(components),
        thresholds=STATUS_THRESHOLDS,
        classes=STATUS_CLASSES,
        **kwargs,
    )


def test_hand_computed_example():
    result = compute_index(VALUES, _status(), POPULATION, INVALID).table

    # x over A–D: mean 2.5, population SD sqrt(1.25) = 1.118034 → z = ∓1.341641, ∓0.447214
    assert result.loc["A", "z_x"] == pytest.approx(-1.341641, abs=1e-6)
    assert result.loc["B", "z_x"] == pytest.approx(-0.447214, abs=1e-6)
    # y over A–D: mean 3, SD 1 → z = -1, -1, 1, 1
    assert list(result.loc[["A", "B", "C", "D"], "z_y"]) == pytest.approx([-1, -1, 1, 1])
    # sums ∓2.341641, ∓1.447214; their SD sqrt((2.341641² + 1.447214²) / 2) = 1.946498
    assert result.loc["A", "weighted_sum"] == pytest.approx(-2.341641, abs=1e-6)
    assert list(result.loc[["A", "B", "C", "D"], "index"]) == pytest.approx(
        [-1.203002, -0.743496, 0.743496, 1.203002], abs=1e-6
    )
    assert list(result.loc[["A", "B", "C", "D"], "class_label"]) == ["hoch", "mittel", "mittel", "niedrig"]
    assert list(result.loc[["A", "B", "C", "D"], "class_code"]) == ["1", "2", "2", "3"]
    assert result.loc["E", "excluded"] == "weniger als 300 Einwohner"
    assert result.loc["F", "excluded"] == "von der Quelle als ungültig gekennzeichnet"
    assert result.loc[["E", "F"], "index"].isna().all()
    assert result.loc[["E", "F"], "class_label"].isna().all()
    assert result.loc[["A", "B", "C", "D"], "excluded"].isna().all()


def test_weight_and_direction_enter_the_sum():
    components = (IndexComponent("x", weight=1.0), IndexComponent("y", weight=2.0, direction=-1))
    result = compute_index(VALUES, _status(components), POPULATION, INVALID).table

    # A: -1.341641 - 2 × (-1) = 0.658359; B: -0.447214 + 2 = 1.552786; C: 0.447214 - 2; D: 1.341641 - 2
    assert list(result.loc[["A", "B", "C", "D"], "weighted_sum"]) == pytest.approx(
        [0.658359, 1.552786, -1.552786, -0.658359], abs=1e-6
    )
    spread = math.sqrt((0.658359**2 + 1.552786**2) / 2)
    assert result.loc["B", "index"] == pytest.approx(1.552786 / spread, abs=1e-5)


def test_index_is_standardised_over_valid_areas():
    index = compute_index(VALUES, _status(), POPULATION, INVALID).valid["index"]

    assert index.mean() == pytest.approx(0, abs=1e-12)
    assert index.std(ddof=0) == pytest.approx(1)


def test_missing_value_and_population_threshold_exclude_with_reasons():
    values = VALUES.copy()
    values.loc["B", "y"] = float("nan")
    result = compute_index(values, _status(min_population=1500), POPULATION, None).table

    assert result.loc["B", "excluded"] == "weniger als 1.500 Einwohner"
    assert result.loc["F", "excluded"] is None  # no validity flags given, 5,000 residents
    no_threshold = compute_index(values, _status(min_population=None)).table
    assert no_threshold.loc["B", "excluded"] == "Wert fehlt: y"
    assert no_threshold.loc["E", "excluded"] is None


def test_an_indicator_that_does_not_vary_moves_nothing():
    values = VALUES.assign(constant=7.0)
    with_constant = _status((IndexComponent("x"), IndexComponent("y"), IndexComponent("constant")))

    both = compute_index(values, with_constant, POPULATION, INVALID).table
    plain = compute_index(VALUES, _status(), POPULATION, INVALID).table
    assert list(both["index"].dropna()) == pytest.approx(list(plain["index"].dropna()))


def test_values_on_a_threshold_belong_to_the_class_nearer_zero():
    index = pd.Series([-1.0, -1.000001, 1.0, 1.000001, 1.5, 1.500001, float("nan")])

    positions = classify(index, STATUS_THRESHOLDS, STATUS_CLASSES)
    assert list(positions[:6]) == [1, 0, 1, 2, 2, 3]
    assert math.isnan(positions.iloc[6])


def test_combined_status_dynamics_class_follows_berlin_notation():
    status = compute_index(VALUES, _status(), POPULATION, INVALID)
    dynamics_definition = IndexDefinition(
        key="dyn",
        name="Dynamik",
        components=(IndexComponent("x"),),
        thresholds=DYNAMICS_THRESHOLDS,
        classes=DYNAMICS_CLASSES,
        kind="dynamics",
    )
    dynamics = compute_index(VALUES, dynamics_definition, POPULATION, INVALID)

    combined = combined_classes(status, dynamics)
    # dynamics of x alone: z = ∓1.341641, ∓0.447214 → positiv, stabil, stabil, negativ
    assert combined.loc["A", "code"] == "1+"
    assert combined.loc["B", "code"] == "2+/-"
    assert combined.loc["D", "label"] == "Status niedrig, Dynamik negativ"
    assert pd.isna(combined.loc["F", "code"])


def test_sensitivity_counts_areas_that_change_class():
    table = sensitivity(VALUES, _status(), POPULATION, INVALID).set_index(["indicator_key", "variant"])

    # Without y the index is z_x: -1.341641, -0.447214, … → A hoch, B mittel, C mittel, D niedrig (as before)
    assert table.loc[("y", "ohne diesen Indikator"), "changed"] == 0
    assert table.loc[("y", "ohne diesen Indikator"), "compared"] == 4
    # Weight of x doubled: sums -3.683282, -1.894427, … SD 2.930. index -1.2571, -0.6466 → unchanged classes
    assert table.loc[("x", "Gewicht × 2,0"), "changed"] == 0
    assert len(table) == 6


def test_sensitivity_finds_a_class_change():
    values = pd.DataFrame({"x": [1.0, 2.0, 3.0, 10.0], "y": [4.0, 1.0, 2.0, 3.0]}, index=list("ABCD"))
    table = sensitivity(values, _status(min_population=None)).set_index(["indicator_key", "variant"])

    base = compute_index(values, _status(min_population=None)).table["class_label"]
    without_y = compute_index(values, _status((IndexComponent("x"),), min_population=None)).table["class_label"]
    assert table.loc[("y", "ohne diesen Indikator"), "changed"] == int((base != without_y).sum()) > 0


def test_z_scores_use_the_population_standard_deviation():
    assert list(z_scores(pd.Series([1.0, 3.0]))) == [-1.0, 1.0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"components": ()}, "at least one indicator"),
        ({"components": (IndexComponent("x"), IndexComponent("x"))}, "only once"),
        ({"thresholds": (1.0, -1.0, 1.5)}, "strictly ascending"),
        ({"classes": STATUS_CLASSES[:3]}, "one class more"),
        ({"components": (IndexComponent("x", weight=0.0),)}, "weight must be positive"),
    ],
)
def test_invalid_definitions_are_refused(change, message):
    arguments = {
        "key": "k",
        "name": "n",
        "components": (IndexComponent("x"),),
        "thresholds": STATUS_THRESHOLDS,
        "classes": STATUS_CLASSES,
    } | change
    with pytest.raises(ValueError, match=message):
        IndexDefinition(**arguments)


def test_component_refuses_bad_direction_and_weight():
    with pytest.raises(ValueError, match="direction"):
        IndexComponent("x", direction=0)
    with pytest.raises(ValueError, match="weight"):
        IndexComponent("x", weight=-1)
