"""The Budget page's further slides on the demo city (SQLite and PostgreSQL): stationary share, Umsteuerung,
provider budgets and the needs-based allocation, each equal to what the analysis core computes."""

import pandas as pd
import pytest

from sozialraum.analysis.budget_views import (
    AllocationSettings,
    city_residential_share,
    need_allocation,
    provider_budgets,
    residential_trend,
)
from sozialraum.analysis.space_budget import space_budget_table
from sozialraum.formatting import display_strings, format_number, format_percent, format_points
from sozialraum.periods import periods_by_year
from sozialraum.reports.budget import verteilung
from sozialraum.reports.budget.base import population_table
from sozialraum.reports.budget.tables import allocation_report, provider_report, shift_report
from sozialraum.reports.source import Source
from sozialraum.slides import SlideContext, render_slide
from sozialraum.store import repository

YEAR, BASE = 2025, 2018
PRODUCT = "36.3"
SHIFT = {"produkt": PRODUCT, "jahr": YEAR, "vergleichsjahr": BASE}
ALLOCATION = {
    "produkt": PRODUCT,
    "jahr": YEAR,
    "gesamtbetrag": 1_000_000.01,
    "bezugsgruppe": "pop_u21",
    "bedarfsgewicht": 40,
    "kennzahlen": [["sgb2_rate", 1.0], ["hze_rate", 2.5]],
}


def page_inputs(engine):
    """What the Budget page loads for product 36.3 in 2025: budget lines, spaces, parents, population."""
    context = SlideContext(engine)
    years = tuple(repository.load_budget_years(engine))
    budget = repository.load_budget(engine, years, PRODUCT).dropna(subset=["area_id"])
    areas = repository.load_areas(engine, "social_space", context.period_of_year(YEAR))
    parents = context.all_areas.set_index("id")["name"]
    district_of = areas.set_index("key")["parent_id"].map(parents).to_dict()
    by_year = periods_by_year(context.periods, repository.load_budget_years(engine))
    population = population_table(Source(engine), context.catalogue, by_year, "pop_u21", "social_space")
    return context, budget, areas, district_of, population


def test_residential_share_slide_draws_every_space_over_the_years(demo_engine):
    _, budget, _, district_of, _ = page_inputs(demo_engine)
    trend = residential_trend(budget, BASE, YEAR, district_of)
    slide = render_slide(demo_engine, "budget_stationaer", SHIFT)
    assert slide.ok, slide.message
    assert len(slide.figure.data) == 16
    for trace in slide.figure.data:
        expected = trend.shares[trend.shares["area_name"] == trace.name].sort_values("year")
        assert list(trace.y) == pytest.approx(list(expected["share"]))
    assert trend.moved  # the demo city tells a story of moving away from residential aid
    assert f"{len(trend.moved)} Sozialräume seit {BASE} deutlich gesunken" in slide.subtitle
    city_now = city_residential_share(budget, YEAR)
    actual = budget[budget["year"] == YEAR]
    assert city_now == pytest.approx(
        actual[actual["aid_type"] == "stationaer"]["actual"].sum() / actual["actual"].sum() * 100
    )
    assert f"{format_percent(city_now)} {YEAR}" in slide.notes
    for key in trend.moved:
        row = trend.shift.set_index("area_key").loc[key]
        assert f"{row['area_name']} ({format_points(row['residential_share_change'])})" in slide.notes
    assert "10 Prozentpunkte" in slide.method


def test_shift_slide_is_the_page_table_as_german_strings(demo_engine):
    _, budget, _, district_of, _ = page_inputs(demo_engine)
    shift = residential_trend(budget, BASE, YEAR, district_of).shift.sort_values("residential_share_change")
    report, spec = shift_report(shift, BASE, YEAR)
    slide = render_slide(demo_engine, "budget_umsteuerung", SHIFT)
    assert slide.ok, slide.message
    pd.testing.assert_frame_equal(slide.table, display_strings(report, spec).drop(columns="Schlüssel", errors="ignore"))
    first = shift.iloc[0]
    assert slide.table.iloc[0]["Anteil stationär 2025"] == format_percent(first["residential_share_now"])
    assert slide.table.iloc[0]["Veränderung stationär (Pp.)"] == format_number(
        first["residential_share_change"], 1, signed=True
    )
    assert slide.table.iloc[0]["Bezirk"] == district_of[first["area_key"]]
    assert f"In {int((shift['residential_share_change'] < 0).sum())} von 16 Sozialräumen" in slide.notes


@pytest.mark.parametrize(("view", "target_label"), [("traeger", None), ("sozialraum", "Einwohner unter 21 Jahren")])
def test_provider_slides_show_the_page_tables(demo_engine, view, target_label):
    _, budget, _, _, population = page_inputs(demo_engine)
    by_provider, by_space = provider_budgets(budget, YEAR, population)
    slide = render_slide(demo_engine, "budget_traeger", {**SHIFT, "darstellung": view})
    assert slide.ok, slide.message
    report, spec = provider_report(by_provider, None) if view == "traeger" else provider_report(by_space, target_label)
    pd.testing.assert_frame_equal(slide.table, display_strings(report, spec).drop(columns="Schlüssel", errors="ignore"))
    provider_lines = budget[(budget["year"] == YEAR) & budget["provider"].notna()]
    assert by_provider["actual"].sum() == pytest.approx(provider_lines["actual"].sum())
    assert f"{len(by_provider)} Träger" in slide.notes
    if target_label:
        assert f"Ist je {target_label}" in slide.table.columns


@pytest.mark.parametrize("view", ["diagramm", "tabelle"])
def test_allocation_slide_equals_the_core_allocation_for_the_same_settings(demo_engine, view):
    context, budget, areas, _, population = page_inputs(demo_engine)
    settings = AllocationSettings(1_000_000.01, "pop_u21", 40, (("sgb2_rate", 1.0), ("hze_rate", 2.5)))
    params = verteilung.Params.from_query(ALLOCATION)
    assert (params.total, params.basis, params.intensity, params.weights) == (
        settings.total,
        settings.basis_key,
        settings.intensity_percent,
        settings.weights,
    )
    assert verteilung.Params.from_query(params.to_query()) == params  # the URL form reads back the same
    table = space_budget_table(budget, population)
    current = table[table["year"] == YEAR].set_index("area_key")["planned"]
    values = repository.load_values(
        demo_engine, ("pop_u21", "sgb2_rate", "hze_rate"), (context.period_of_year(YEAR),), "social_space"
    )
    expected = need_allocation(values, areas, settings, context.catalogue["polarity"].to_dict(), current, YEAR)
    assert expected["formula_cents"].sum() == 100_000_001

    slide = render_slide(demo_engine, "budget_verteilung", {**ALLOCATION, "darstellung": view})
    assert slide.ok, slide.message
    report, spec = allocation_report(expected.sort_values("area_key"), "Unter 21-Jährige")
    pd.testing.assert_frame_equal(slide.table, display_strings(report, spec).drop(columns="Schlüssel", errors="ignore"))
    if view == "diagramm":
        bars = slide.figure.data[0]
        ordered = expected.sort_values("difference")
        assert list(bars.y) == list(ordered["area_name"])
        assert list(bars.x) == pytest.approx(list(ordered["difference"] / 1e3))
    else:
        assert slide.figure is None
    assert "Gesamtbetrag 1.000.000,01 €" in slide.notes
    assert "Bedarf: SGB-II-Quote 1,0, HzE-Quote 2,5 · Gewicht 40 %" in slide.subtitle
    assert "Gewicht des Bedarfs 40 %" in slide.method
    assert "größten Reste" in slide.method


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("budget_stationaer", {**SHIFT, "produkt": "99.9"}, "Budgetprodukt »99.9« gibt es nicht mehr"),
        ("budget_umsteuerung", {**SHIFT, "jahr": 1850}, "Für 1850 liegen keine Budgetdaten zu Produkt 36.3 mehr vor"),
        (
            "budget_umsteuerung",
            {**SHIFT, "vergleichsjahr": 1999},
            "Für das Vergleichsjahr 1999 liegen keine Budgetdaten",
        ),
        ("budget_traeger", {**SHIFT, "produkt": "99.9"}, "Budgetprodukt »99.9« gibt es nicht mehr"),
        ("budget_traeger", {**SHIFT, "jahr": 1850}, "Für 1850 liegen keine Budgetdaten"),
        ("budget_verteilung", {**ALLOCATION, "produkt": "99.9"}, "Budgetprodukt »99.9« gibt es nicht mehr"),
        ("budget_verteilung", {**ALLOCATION, "jahr": 1850}, "Für 1850 liegen keine Budgetdaten"),
        (
            "budget_verteilung",
            {**ALLOCATION, "kennzahlen": [["geloescht", 1.0]]},
            "Die Kennzahl »geloescht« ist nicht mehr in der Datenbank",
        ),
        ("budget_verteilung", {**ALLOCATION, "kennzahlen": []}, "Bitte mindestens eine Bedarfskennzahl wählen"),
    ],
)
def test_stale_budget_settings_become_a_german_message(demo_engine, kind, params, expected):
    slide = render_slide(demo_engine, kind, params, title="Alte Folie")
    assert not slide.ok
    assert expected in slide.message
    assert "bitte neu hinzufügen" in slide.message
