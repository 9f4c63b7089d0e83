"""The slide registry on the demo city (SQLite and PostgreSQL): every kind renders the view's figures from
the database, and stale settings become a German message instead of an exception."""

from datetime import date

import pytest
from sqlalchemy import text

from sozialraum.formatting import format_percent, format_value
from sozialraum.slides import RenderedSlide, register, registered_kinds, registry, render_slide

YEAR = 2025
PERIOD = date(YEAR, 12, 31)


def scalar(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def space_rate(engine, indicator: str, space: str | None = None) -> float:
    """A weighted rate of the social spaces (or one space) straight from SQL: sum of numerators over denominators."""
    return scalar(
        engine,
        "SELECT SUM(o.numerator) * 100.0 / SUM(o.denominator) FROM observation o "
        "JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id "
        "WHERE i.key = :key AND a.level = 'social_space' AND o.period = :period "
        "AND (CAST(:space AS VARCHAR) IS NULL OR a.key = :space)",
        key=indicator,
        period=PERIOD,
        space=space,
    )


def test_map_slide_draws_every_area_in_its_class_with_the_city_value(demo_engine):
    slide = render_slide(demo_engine, "karte", {"kennzahl": "sgb2_rate", "ebene": "social_space", "jahr": YEAR})
    assert slide.ok, slide.message
    city = format_percent(space_rate(demo_engine, "sgb2_rate"))
    assert slide.title == "SGB-II-Quote 2025 (in %)"
    assert f"Gesamtstadt {city}" in slide.subtitle
    assert f"Gesamtstadt: {city}." in slide.notes
    classes = [trace for trace in slide.figure.data if trace.fill == "toself"]
    counted = sum(int(trace.name.split("(")[1].split(" ")[0]) for trace in classes)
    assert counted == 16  # the demo city's social spaces, each in exactly one class
    assert all(trace.type == "scatter" for trace in slide.figure.data)  # no geo subplot: nothing fetched
    top = slide.table.iloc[0]
    assert top["Wert 2025"] == format_percent(
        scalar(
            demo_engine,
            "SELECT MAX(o.value) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
            "JOIN area a ON a.id = o.area_id WHERE i.key = 'sgb2_rate' AND a.level = 'social_space' "
            "AND o.period = :period",
            period=PERIOD,
        )
    )
    assert "Quantile" in slide.method
    assert slide.demo
    assert "fiktive Beispieldaten" in slide.source_line()
    assert "Datenstand: 31.12.2025" in slide.source_line()


def test_map_slide_as_ranking_and_as_change(demo_engine):
    ranking = render_slide(demo_engine, "karte", {"kennzahl": "sgb2_rate", "jahr": YEAR, "darstellung": "rangfolge"})
    assert ranking.ok
    assert ranking.figure.data[0].orientation == "h"
    assert len(ranking.figure.data[0].y) == 16
    change = render_slide(
        demo_engine,
        "karte",
        {"kennzahl": "sgb2_rate", "ebene": "planning_area", "jahr": YEAR, "ansicht": "veraenderung", "vergleich": 2020},
    )
    assert change.ok
    assert change.title == "SGB-II-Quote: Veränderung 2020–2025 in Prozentpunkten"
    assert "Pp." in change.notes


def test_trend_slide_has_one_line_per_area_and_the_city(demo_engine):
    slide = render_slide(
        demo_engine, "entwicklung", {"kennzahl": "child_poverty", "ebene": "social_space", "gebiete": ["0101", "0303"]}
    )
    assert slide.ok, slide.message
    names = [trace.name for trace in slide.figure.data]
    assert names[0].startswith("Altstadt-Kern")
    assert "Gesamtstadt" in names
    latest = space_rate(demo_engine, "child_poverty", "0101")
    assert list(slide.figure.data[0].y)[-1] == pytest.approx(latest, abs=0.05)
    assert f"{format_percent(latest)} (31.12.2025)" in slide.notes


def test_comparison_and_profile_tables_show_the_stored_values(demo_engine):
    params = {"ebene": "social_space", "gebiete": ["0101", "0303"], "jahr": YEAR}
    chart = render_slide(demo_engine, "vergleich", params)
    assert chart.ok
    assert chart.figure is not None
    assert len(chart.figure.data) == 2
    table = render_slide(demo_engine, "vergleich", {**params, "darstellung": "tabelle"})
    assert table.figure is None
    row = table.table.set_index("Kennzahl").loc["SGB-II-Quote"]
    assert row.iloc[0] == format_percent(space_rate(demo_engine, "sgb2_rate", "0101"))
    assert row["Gesamtstadt"] == format_percent(space_rate(demo_engine, "sgb2_rate"))

    profile = render_slide(demo_engine, "steckbrief", {"ebene": "social_space", "gebiet": "0101", "jahr": YEAR})
    assert profile.ok
    assert profile.title == "Steckbrief Altstadt-Kern (Altstadt)"
    figures = profile.table.set_index("Kennzahl")
    assert figures.loc["SGB-II-Quote", "Wert"] == format_percent(space_rate(demo_engine, "sgb2_rate", "0101"))
    assert figures.loc["SGB-II-Quote", "Rang"].endswith("von 16")


def test_overview_slide_has_the_city_population(demo_engine):
    slide = render_slide(demo_engine, "uebersicht", {"jahr": YEAR, "raum": ""})
    population = scalar(
        demo_engine,
        "SELECT SUM(o.value) FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN area a "
        "ON a.id = o.area_id WHERE i.key = 'pop_total' AND a.level = 'social_space' AND o.period = :period",
        period=PERIOD,
    )
    assert slide.table.iloc[0]["Wert 2025"] == format_value(population, "Personen", 0)


def test_goal_slides_list_all_goals_or_chart_one(demo_engine):
    goals = scalar(demo_engine, "SELECT COUNT(*) FROM goal")
    listing = render_slide(demo_engine, "ziele", {"jahr": YEAR})
    assert len(listing.table) == goals
    assert "4 erreicht" in listing.subtitle
    goal_id, target = next(
        iter(demo_engine.connect().execute(text("SELECT id, target_value FROM goal ORDER BY id")).all())
    )
    one = render_slide(demo_engine, "ziele", {"jahr": YEAR, "ziel": goal_id})
    assert one.ok, one.message
    target_trace = next(trace for trace in one.figure.data if trace.name == "Zielwert")
    assert list(target_trace.y) == [pytest.approx(target)]
    assert "Zielwert" in one.notes
    assert "Status:" in one.notes


def test_budget_slides_take_plan_and_actual_from_the_budget_lines(demo_engine):
    rate = scalar(
        demo_engine,
        "SELECT SUM(actual) * 100.0 / SUM(planned) FROM budget_line WHERE product = '36.3' AND year = :year "
        "AND area_id IS NOT NULL",
        year=YEAR,
    )
    plan = render_slide(demo_engine, "budget_soll_ist", {"produkt": "36.3", "jahr": YEAR})
    assert f"Ausschöpfung {format_percent(rate)}" in plan.notes
    assert len(plan.table) == 17  # the page's table: 16 social spaces and the city
    mix = render_slide(demo_engine, "budget_hilfearten", {"produkt": "36.3", "jahr": YEAR})
    assert mix.ok
    assert {trace.name for trace in mix.figure.data} >= {"ambulant", "stationär"}
    outcome = render_slide(
        demo_engine,
        "budget_wirkung",
        {"produkt": "36.3", "jahr": YEAR, "kennzahl": "hze_rate", "vergleichsjahr": 2018, "wirkung_veraenderung": True},
    )
    assert outcome.ok, outcome.message
    assert sum(len(trace.x) for trace in outcome.figure.data if trace.mode and "markers" in trace.mode) == 16


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("karte", {"kennzahl": "gibt_es_nicht", "jahr": YEAR}, "Die Kennzahl »gibt_es_nicht« ist nicht mehr"),
        ("steckbrief", {"gebiet": "9999", "jahr": YEAR}, "Das Gebiet »9999« gibt es nicht mehr"),
        ("ziele", {"jahr": YEAR, "ziel": 987654}, "Dieses Wirkungsziel ist gelöscht worden"),
        ("budget_soll_ist", {"produkt": "99.9", "jahr": YEAR}, "Budgetprodukt »99.9« gibt es nicht mehr"),
        ("karte", {"kennzahl": "sgb2_rate", "jahr": 1850}, "Für das Jahr 1850 liegen keine Daten mehr vor"),
        ("folienart_von_morgen", {}, "Diese Folienart (»folienart_von_morgen«) kennt"),
    ],
)
def test_stale_settings_become_a_german_message(demo_engine, kind, params, expected):
    slide = render_slide(demo_engine, kind, params, title="Alte Folie")
    assert not slide.ok
    assert expected in slide.message
    assert slide.title == "Alte Folie"
    assert slide.figure is None


def test_a_new_page_registers_its_kind_with_one_function(demo_engine):
    @register("testindex", "Testindex")
    def render(context, params):
        meta = context.indicator(params["kennzahl"])
        return RenderedSlide(title=f"Index aus {meta['short_name']}", notes="42")

    try:
        assert registered_kinds()["testindex"] == "Testindex"
        slide = render_slide(demo_engine, "testindex", {"kennzahl": "sgb2_rate"})
        assert (slide.title, slide.kind, slide.demo) == ("Index aus SGB-II-Quote", "testindex", True)
        broken = render_slide(demo_engine, "testindex", {})
        assert "konnte nicht erstellt werden (KeyError)" in broken.message
    finally:
        registry._REGISTRY.pop("testindex")


def test_a_free_text_datenstand_does_not_break_a_slide(demo_engine):
    # Import recipes store the as-of date as the user typed it; the other exports tolerate that too.
    info = {"source": "Amt für Statistik", "as_of": "Dezember 2025", "is_demo": "0"}
    slide = render_slide(demo_engine, "uebersicht", {"jahr": YEAR}, info=info)

    assert slide.ok, slide.message
    assert slide.as_of is None
    assert slide.source_line() == "Quelle: Amt für Statistik"
