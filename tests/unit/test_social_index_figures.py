"""Figures, class map and page texts of a social index, on small frames whose classes are known."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from sozialraum.analysis.social_index import (
    DYNAMICS_CLASSES,
    DYNAMICS_THRESHOLDS,
    STATUS_CLASSES,
    STATUS_THRESHOLDS,
    IndexComponent,
    IndexDefinition,
    combined_classes,
    compute_index,
    sensitivity,
)
from sozialraum.charts.social_index import (
    class_distribution_figure,
    combined_matrix_figure,
    index_strip_figure,
    sensitivity_figure,
)
from sozialraum.maps.choropleth import NO_DATA
from sozialraum.maps.index_colours import EXCLUDED_COLOUR, class_colours, neutral_position
from sozialraum.maps.index_map import index_legend, index_map, index_map_rows
from sozialraum.reports.social_index_tables import (
    area_table,
    class_changes,
    class_ranges,
    combined_counts,
    index_inputs,
    method_lines,
    sensitivity_overview,
    what_if,
    what_if_definition,
)

# Twelve areas: x spreads them out, y is nearly the same order; L is too small, K flagged invalid.
KEYS = [f"{i:02d}" for i in range(1, 13)]
X = [1.0, 2.0, 2.5, 3.0, 3.2, 3.5, 4.0, 4.2, 5.0, 9.0, 7.0, 8.0]
Y = [2.0, 1.0, 3.0, 2.5, 3.0, 4.0, 3.5, 4.5, 5.0, 8.0, 6.0, 9.0]
VALUES = pd.DataFrame({"x": X, "y": Y}, index=KEYS)
POPULATION = pd.Series([1000] * 11 + [120], index=KEYS, dtype=float)
INVALID = pd.Series([False] * 10 + [True, False], index=KEYS)
NAMES = pd.Series([f"Gebiet {k}" for k in KEYS], index=KEYS)


def _definition(kind: str = "status", components=None) -> IndexDefinition:
    classes, thresholds = (
        (STATUS_CLASSES, STATUS_THRESHOLDS)
        if kind == "status"
        else (
            DYNAMICS_CLASSES,
            DYNAMICS_THRESHOLDS,
        )
    )
    return IndexDefinition(
        key=kind,
        name=kind.title(),
        components=components or (IndexComponent("x"), IndexComponent("y", weight=2.0)),
        thresholds=thresholds,
        classes=classes,
        kind=kind,
    )


def _result(kind: str = "status", components=None):
    """The result as ``social_index_data.run_index`` shapes it: names, raw values and residents included."""
    result = compute_index(VALUES, _definition(kind, components), POPULATION, INVALID)
    table = result.table
    table.insert(0, "area_name", NAMES)
    for key in result.definition.indicator_keys:
        table.insert(1, f"value_{key}", VALUES[key])
    table.insert(1, "population", POPULATION)
    return result


def test_palette_runs_from_calm_blue_through_pale_to_red():
    status = class_colours(STATUS_THRESHOLDS)
    dynamics = class_colours(DYNAMICS_THRESHOLDS)

    assert neutral_position(STATUS_THRESHOLDS) == 1  # "mittel" holds the mean
    assert status == ["#74add1", "#ffffbf", "#fdae61", "#d73027"]  # hoch, mittel, niedrig, sehr niedrig
    assert dynamics == ["#74add1", "#ffffbf", "#d73027"]  # positiv, stabil, negativ
    assert len(set(class_colours((-2.0, -1.0, 1.0, 2.0)))) == 5
    assert EXCLUDED_COLOUR not in status


def test_distribution_bars_count_valid_areas_per_class_and_excluded_in_grey():
    result = _result()
    counts = result.class_counts()
    figure = class_distribution_figure(result)
    bar = figure.data[0]

    assert list(bar.y) == ["hoch (1)", "mittel (2)", "niedrig (3)", "sehr niedrig (4)", "ausgeschlossen"]
    assert list(bar.x) == [*counts.tolist(), 2]
    assert sum(bar.x[:4]) == 10  # K invalid, L too small
    assert list(bar.marker.color) == [*class_colours(STATUS_THRESHOLDS), EXCLUDED_COLOUR]
    assert "10 gültige Gebiete" in figure.layout.title.text


def test_strip_plot_has_a_dot_per_valid_area_and_a_line_per_threshold():
    result = _result()
    figure = index_strip_figure(result, NAMES)

    assert sum(len(trace.x) for trace in figure.data) == 10
    by_name = {trace.name: trace for trace in figure.data}
    hoch = result.valid[result.valid["class_label"] == "hoch"]
    assert len(by_name["hoch (1)"].x) == len(hoch)
    assert [shape.x0 for shape in figure.layout.shapes] == [-1.0, 1.0, 1.5]
    assert [a.text for a in figure.layout.annotations] == ["-1,0", "1,0", "1,5"]
    assert any("Gebiet 01:" in text for trace in figure.data for text in trace.text)


def test_sensitivity_chart_shows_every_variant_per_indicator():
    table = sensitivity(VALUES, _definition(), POPULATION, INVALID)
    figure = sensitivity_figure(table, {"x": "Kennzahl X", "y": "Kennzahl Y"})

    assert [trace.name for trace in figure.data] == ["ohne diesen Indikator", "Gewicht × 0,5", "Gewicht × 2,0"]
    without = table[table["variant"] == "ohne diesen Indikator"].set_index("indicator_key")["changed"]
    assert list(figure.data[0].y) == ["Kennzahl X", "Kennzahl Y"]
    assert list(figure.data[0].x) == [without["x"], without["y"]]


def test_matrix_counts_areas_with_both_classes():
    status = _result()
    dynamics = _result("dynamics", (IndexComponent("x"),))
    counts = combined_counts(status, dynamics)

    assert list(counts.index) == ["hoch", "mittel", "niedrig", "sehr niedrig"]
    assert list(counts.columns) == ["positiv", "stabil", "negativ"]
    assert counts.to_numpy().sum() == 10
    pairs = pd.crosstab(status.valid["class_label"], dynamics.valid["class_label"])
    for status_label in pairs.index:
        for dynamics_label in pairs.columns:
            assert counts.loc[status_label, dynamics_label] == pairs.loc[status_label, dynamics_label]
    figure = combined_matrix_figure(counts)
    assert figure.data[0].customdata.tolist() == counts.to_numpy().tolist()
    assert figure.data[0].z[0][0] == 0  # status hoch, dynamics positiv: the calm corner
    assert figure.data[0].z[3][2] == 1  # status sehr niedrig, dynamics negativ: the alarming corner
    assert list(figure.data[0].y) == ["Status hoch", "Status mittel", "Status niedrig", "Status sehr niedrig"]


def test_class_ranges_follow_the_tie_rule_in_words():
    assert class_ranges(_definition()) == [
        "hoch (1): unter -1",
        "mittel (2): -1 bis 1",
        "niedrig (3): über 1 bis 1,5",
        "sehr niedrig (4): über 1,5",
    ]


def test_method_text_names_components_direction_weight_and_exclusions():
    definition = IndexDefinition(
        key="s",
        name="S",
        components=(IndexComponent("x", 3.0), IndexComponent("y", 1.0, direction=-1)),
        thresholds=STATUS_THRESHOLDS,
        classes=STATUS_CLASSES,
        change_years=2,
    )
    text = "\n".join(method_lines(definition, {"x": "SGB-II-Quote", "y": "Abiturquote"}))

    assert "  - **SGB-II-Quote**: höherer Wert = ungünstiger, Gewicht 3 (75 %)" in text
    assert "  - **Abiturquote**: höherer Wert = günstiger, Gewicht 1 (25 %)" in text
    assert "weniger als 300 Einwohnern" in text
    assert "Veränderung über 2 Jahre" in text
    assert "niedrig (3): über 1 bis 1,5" in text


def test_inputs_read_back_from_the_table_reproduce_the_index():
    result = _result()
    values, population, invalid = index_inputs(result)
    again = compute_index(values, result.definition, population, invalid)

    pd.testing.assert_series_equal(again.table["index"], result.table["index"])
    assert invalid.sum() == 1


def test_what_if_reports_the_areas_that_change_class():
    base = _result()
    unchanged = what_if(base, what_if_definition(base.definition, {}, set()))
    assert class_changes(base, unchanged).empty

    only_x = what_if_definition(base.definition, {"x": 1.0}, {"y"})
    assert only_x.indicator_keys == ["x"]
    variant = what_if(base, only_x)
    expected = compute_index(VALUES[["x"]], only_x, POPULATION, INVALID).table
    changes = class_changes(base, variant)
    moved = (base.table["class_position"] != expected["class_position"]) & expected["class_position"].notna()
    assert set(changes.index) == set(moved[moved].index)
    assert set(changes["area_name"]) == {f"Gebiet {k}" for k in moved[moved].index}
    assert what_if_definition(base.definition, {"x": 0.0, "y": 0.0}, set()) is None
    assert what_if_definition(base.definition, {}, {"x", "y"}) is None


def test_area_table_has_raw_and_z_values_and_the_reason():
    frame, spec = area_table(_result(), {"x": "Kennzahl X", "y": "Kennzahl Y"})

    assert list(frame.columns) == [
        "Schlüssel",
        "Gebiet",
        "Klasse",
        "Index",
        "Ausschlussgrund",
        "Einwohner",
        "Kennzahl X",
        "z Kennzahl X",
        "Kennzahl Y",
        "z Kennzahl Y",
    ]
    assert spec["Index"] == "factor"
    assert spec["Schlüssel"] == "text"
    assert frame["Klasse"].notna().sum() == 10
    assert frame["Index"].dropna().is_monotonic_decreasing
    excluded = frame.set_index("Schlüssel").loc[["11", "12"], "Ausschlussgrund"].tolist()
    assert excluded == ["von der Quelle als ungültig gekennzeichnet", "weniger als 300 Einwohner"]


def _grid() -> gpd.GeoDataFrame:
    shapes = [box(9.7 + 0.01 * i, 52.37, 9.71 + 0.01 * i, 52.38) for i in range(len(KEYS))]
    return gpd.GeoDataFrame({"key": KEYS}, geometry=shapes, crs=4326)


def test_map_colours_legend_and_tooltips_agree_with_the_bars():
    result = _result()
    rows = index_map_rows(result).set_index("key")
    colours = class_colours(STATUS_THRESHOLDS)

    for key, row in result.valid.iterrows():
        assert rows.loc[key, "fill"] == colours[int(row["class_position"])]
    assert rows.loc["11", "fill"] == rows.loc["12", "fill"] == NO_DATA
    assert rows.loc["12", "change_text"] == "weniger als 300 Einwohner"
    assert rows.loc["12", "rank_text"] == "ausgeschlossen"
    legend = index_legend(result, "Status 2025")
    counts = result.class_counts()
    assert [e.label for e in legend.entries][:4] == [
        f"{name} ({code}): {n} {'Gebiet' if n == 1 else 'Gebiete'}"
        for name, code, n in zip(counts.index, "1234", counts, strict=True)
    ]
    assert legend.entries[-1].label == "ausgeschlossen: 2 Gebiete"

    html = index_map(_grid(), "null", result, "Status 2025").get_root().render()
    features = json.loads(
        re.search(r'L\.geoJSON\((\{"type":"FeatureCollection".*?\]\}), \{\s*style', html, re.S).group(1)
    )["features"]
    assert len(features) == 12
    fills = [f["properties"]["f"] for f in features]
    assert fills.count(NO_DATA) == 2
    for colour, count in zip(colours, counts, strict=True):
        assert fills.count(colour) == count
    assert "unpkg" not in html
    assert "cdn" not in html.lower()


def test_an_area_without_a_result_row_is_drawn_grey_not_dropped():
    result = _result()
    grid = _grid()
    extra = gpd.GeoDataFrame({"key": ["99"]}, geometry=[box(9.9, 52.37, 9.91, 52.38)], crs=4326)
    html = index_map(pd.concat([grid, extra], ignore_index=True), "null", result, "T").get_root().render()
    assert html.count('"k":"99"') == 1
    assert "nicht berechnet" in html


@pytest.mark.parametrize("kind", ["status", "dynamics"])
def test_figures_accept_a_result_without_excluded_areas(kind):
    result = compute_index(VALUES.iloc[:10], _definition(kind), POPULATION.iloc[:10])
    figure = class_distribution_figure(result)
    assert "ausgeschlossen" not in list(figure.data[0].y)
    assert sum(figure.data[0].x) == 10


def test_sensitivity_overview_has_a_row_per_indicator_and_a_column_per_variant():
    single = _definition(components=(IndexComponent("x"),))
    table = sensitivity(VALUES, single, POPULATION, INVALID)
    frame, spec = sensitivity_overview(table, {"x": "Kennzahl X"})

    assert list(frame.columns) == [
        "Indikator",
        "ohne diesen Indikator",
        "Gewicht × 0,5",
        "Gewicht × 2,0",
        "verglichene Gebiete",
    ]
    assert frame["Indikator"].tolist() == ["Kennzahl X"]
    assert pd.isna(frame.loc[0, "ohne diesen Indikator"])  # the only indicator cannot be left out
    assert frame.loc[0, "Gewicht × 2,0"] == 0  # scaling the only weight changes nothing
    assert frame.loc[0, "verglichene Gebiete"] == 10
    assert spec["Gewicht × 0,5"] == "count"


def test_sensitivity_skips_leaving_out_the_only_weighted_indicator():
    definition = _definition(components=(IndexComponent("x"), IndexComponent("y", weight=0.0)))
    table = sensitivity(VALUES, definition, POPULATION, INVALID).set_index(["indicator_key", "variant"])
    assert pd.isna(table.loc[("x", "ohne diesen Indikator"), "changed"])
    assert table.loc[("y", "ohne diesen Indikator"), "changed"] == 0


def test_area_table_shows_the_combined_status_dynamics_class_when_given():
    status, dynamics = _result("status"), _result("dynamics")
    frame, spec = area_table(status, {"x": "X", "y": "Y"}, combined_classes(status, dynamics))

    assert list(frame.columns[:5]) == ["Schlüssel", "Gebiet", "Klasse", "Status/Dynamik", "Index"]
    assert spec["Status/Dynamik"] == "text"
    by_key = frame.set_index("Schlüssel")
    expected = combined_classes(status, dynamics)
    for key in ("01", "10"):
        assert by_key.loc[key, "Status/Dynamik"] == f"{expected.loc[key, 'code']} {expected.loc[key, 'label']}"
    assert pd.isna(by_key.loc["11", "Status/Dynamik"])
