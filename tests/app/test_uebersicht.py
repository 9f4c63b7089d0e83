"""Übersicht through AppTest: the right figures for the selected year and space, taken from the URL."""

from datetime import date

from sqlalchemy import create_engine, text

from sozialraum.formatting import format_number


def city_population(db_file, year: int) -> float:
    # Independent of the app's code path: the sum over social spaces straight from SQL.
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT SUM(o.value) FROM observation o JOIN indicator i ON i.id = o.indicator_id "
                "JOIN area a ON a.id = o.area_id WHERE i.key = 'pop_total' AND a.level = 'social_space' "
                "AND o.period = :period"
            ),
            {"period": date(year, 12, 31)},
        ).scalar_one()


def test_overview_shows_latest_year_for_the_city(demo_app, demo_sqlite_file):
    at = demo_app.run()
    assert not at.exception
    assert at.title[0].value == "Übersicht 2025"
    metrics = {m.label: m.value for m in at.metric}
    population = city_population(demo_sqlite_file, 2025)
    assert metrics["Einwohner"] == f"{format_number(population)}\u00a0Personen"
    assert "SGB-II-Quote" in metrics
    assert metrics["SGB-II-Quote"].endswith("\u00a0%")
    assert {"Ansatz (Soll)", "Ist", "Ausschöpfung", "Kosten je Fall"} <= set(metrics)
    assert len(at.get("plotly_chart")) == 2
    assert any("Fiktive Beispieldaten** – keine realen Verhältnisse" in c.value for c in at.caption)


def test_year_and_space_come_from_the_url(demo_app):
    demo_app.query_params["jahr"] = "2019"
    demo_app.query_params["raum"] = "0102"
    at = demo_app.run()
    assert not at.exception
    assert at.title[0].value == "Übersicht 2019"
    assert at.sidebar.selectbox(key="jahr").value == 2019
    assert at.sidebar.selectbox(key="raum").value == "0102"
    assert "Stichtag 31.12.2019" in at.caption[0].value


def test_changing_the_year_updates_the_page_and_the_url(demo_app):
    at = demo_app.run()
    at.sidebar.selectbox(key="jahr").select(2016).run()
    assert not at.exception
    assert at.title[0].value == "Übersicht 2016"
    assert at.query_params["jahr"] == "2016"


def test_a_social_space_shows_its_own_budget(demo_app):
    at = demo_app.run()
    city_plan = {m.label: m.value for m in at.metric}["Ansatz (Soll)"]
    at.sidebar.selectbox(key="raum").select("0101").run()
    assert not at.exception
    space_plan = {m.label: m.value for m in at.metric}["Ansatz (Soll)"]
    assert space_plan != city_plan
