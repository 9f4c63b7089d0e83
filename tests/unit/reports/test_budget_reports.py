"""The budget reports: their Params read the URL and every stored deck's settings, and their builds say
what the page and the slides show (on the demo city, SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import text

from sozialraum.demo.deck import demo_deck_slides
from sozialraum.formatting import format_euro
from sozialraum.reports.budget import hilfearten, soll_ist, stationaer, traeger, umsteuerung, verteilung, wirkung
from sozialraum.reports.budget.base import (
    BudgetParams,
    BudgetReportError,
    ComparisonParams,
    NoBudgetInYearError,
    load_frame,
)
from sozialraum.reports.source import Source
from sozialraum.slides import render_slide

YEAR = 2025


def test_the_default_product_rule_is_part_of_parsing():
    demo = pd.DataFrame({"code": ["36.2", "36.3"], "volume": [9e9, 1.0]})
    assert BudgetParams.from_query({}, demo).product == "36.3"
    assert BudgetParams.from_query({"produkt": "99.9"}, demo).product == "36.3"
    assert BudgetParams.from_query({"produkt": "36.2"}, demo).product == "36.2"
    koeln = pd.DataFrame({"code": ["0504", "0606", "0603"], "volume": [131_000.0, 199_910_498.0, 5e6]})
    assert BudgetParams.from_query({"produkt": "36.3"}, koeln).product == "0606"
    # Without the products known (a stored slide) the product stays as stored: a deleted one is reported.
    assert BudgetParams.from_query({"produkt": "99.9"}).product == "99.9"


@pytest.mark.parametrize(
    "params",
    [
        soll_ist.Params("36.3", 2025),
        hilfearten.Params("36.3", 2025),
        stationaer.Params("36.3", 2025, 2018),
        umsteuerung.Params("36.3", 2025, None),
        traeger.Params("36.3", 2025, "sozialraum"),
        wirkung.Params("36.3", 2025, 2018, "hze_rate", 2, True, False),
        verteilung.Params(
            "36.3", 2025, 1_000_000.01, "pop_u21", 40, (("sgb2_rate", 1.0), ("hze_rate", 2.5)), "tabelle"
        ),
        verteilung.Params("36.3", 2025),
    ],
)
def test_to_query_reads_back_the_same_params(params):
    query = params.to_query()
    assert all(isinstance(v, str) or all(isinstance(i, str) for i in v) for v in query.values())
    assert type(params).from_query(query) == params


def test_stored_settings_of_existing_decks_still_parse():
    # Decks stored before the reports held plain JSON values: ints, booleans, [key, weight] pairs.
    assert wirkung.Params.from_query(
        {"produkt": "36.3", "jahr": 2025, "vergleichsjahr": 2018, "kennzahl": "hze_rate", "verzoegerung": 1,
         "ausgaben_veraenderung": True, "wirkung_veraenderung": False}
    ) == wirkung.Params("36.3", 2025, 2018, "hze_rate", 1, True, False)  # fmt: skip
    stored = {"produkt": "36.3", "jahr": 2025, "gesamtbetrag": 1e6, "bezugsgruppe": "pop_u21", "bedarfsgewicht": 40}
    assert verteilung.Params.from_query({**stored, "kennzahlen": [["sgb2_rate", 1.0]]}).weights == (("sgb2_rate", 1.0),)
    assert verteilung.Params.from_query({**stored, "kennzahlen": []}).weights == ()
    assert ComparisonParams.from_query({"jahr": ["2024", "2025"]}).year == 2025  # the URL's last value wins
    assert traeger.Params.from_query({"produkt": "36.3", "jahr": 2025}).view == "traeger"


def test_the_demo_deck_renders_its_budget_slide(demo_engine):
    for kind, _, params, _ in demo_deck_slides(demo_engine):
        if kind.startswith("budget"):
            slide = render_slide(demo_engine, kind, params)
            assert slide.ok, slide.message


def test_soll_ist_names_only_areas_more_than_two_percent_over(demo_engine):
    report = soll_ist.build(Source(demo_engine), soll_ist.Params("36.3", YEAR))
    with demo_engine.connect() as connection:
        planned, actual = connection.execute(
            text(
                "SELECT SUM(planned), SUM(actual) FROM budget_line WHERE year = :y AND product = '36.3' "
                "AND area_id IS NOT NULL"
            ),
            {"y": YEAR},
        ).one()
    assert report.total["planned"] == pytest.approx(planned)
    assert {f.label: f.value for f in report.figures}["Ist"] == format_euro(actual)
    rates = report.frame.this_year.set_index("area_name")["execution_rate"]
    assert report.over_plan == [name for name, rate in rates.items() if rate > 102]
    assert all(rates[name] > 102 for name in report.over_plan)
    assert report.table.frame["Sozialraum"].iloc[-1] == "Gesamtstadt"
    assert report.over_plan_text in report.slide.notes


def test_comparison_year_defaults_and_checks(demo_engine):
    source = Source(demo_engine)
    frame = load_frame(source, "36.3", YEAR)
    assert frame.default_base_year == frame.earlier_years[-8]
    assert stationaer.build(source, stationaer.Params("36.3", YEAR)).base_year == frame.default_base_year
    assert umsteuerung.build(source, umsteuerung.Params("36.3", YEAR, 2018)).base_year == 2018
    with pytest.raises(BudgetReportError, match="Vor 2014 liegen zu Produkt 36.3 keine Budgetdaten vor"):
        umsteuerung.build(source, umsteuerung.Params("36.3", 2014))  # the first budget year: nothing to compare
    with pytest.raises(BudgetReportError, match="Vergleichsjahr 1999"):
        umsteuerung.build(source, umsteuerung.Params("36.3", YEAR, 1999))


def test_a_year_without_budget_names_the_years_with_one(demo_engine):
    with pytest.raises(NoBudgetInYearError) as raised:
        load_frame(Source(demo_engine), "36.3", 1850)
    assert raised.value.product == "36.3"
    assert YEAR in raised.value.product_years


def test_provider_report_has_both_tables_and_refuses_unknown_views(demo_engine):
    source = Source(demo_engine)
    report = traeger.build(source, traeger.Params("36.3", YEAR))
    assert report.by_provider.frame["Ist"].sum() == pytest.approx(report.by_provider_space.frame["Ist"].sum())
    with pytest.raises(BudgetReportError, match="Darstellung »karte«"):
        traeger.build(source, traeger.Params("36.3", YEAR, "karte"))


def test_outcome_report_defaults_and_missing_years(demo_engine):
    source = Source(demo_engine)
    report = wirkung.build(source, wirkung.Params("36.3", YEAR, 2018, spending_change=True, outcome_change=True))
    assert report.params.indicator == "hze_rate"
    assert report.points["quadrant"].notna().sum() == 16
    assert sum(len(names) for names in report.quadrants.values()) == 16
    with pytest.raises(wirkung.OutcomeYearsMissingError, match="fehlen Daten für 2027"):
        wirkung.build(source, wirkung.Params("36.3", YEAR, 2018, "hze_rate", lag=2))


def test_allocation_defaults_distribute_the_plan_to_the_cent(demo_engine):
    source = Source(demo_engine)
    report = verteilung.build(source, verteilung.Params("36.3", YEAR))
    assert report.params.basis == "pop_u21"
    assert report.params.intensity == 30
    assert report.settings.indicator_keys == ["sgb2_rate", "child_poverty", "hze_rate"]
    assert report.formula_sum == pytest.approx(round(report.current_sum, 2))
    with pytest.raises(BudgetReportError, match="nicht negativ"):
        verteilung.build(source, verteilung.Params("36.3", YEAR, total=-1.0))
    with pytest.raises(verteilung.AllocationFailedError, match="mindestens eine Bedarfskennzahl"):
        verteilung.build(source, verteilung.Params("36.3", YEAR, weights=()))
