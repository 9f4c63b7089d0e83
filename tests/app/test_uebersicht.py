"""Übersicht (cockpit) through AppTest: the right figures for the selected year and space, taken from the URL."""

import re
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from sozialraum.formatting import format_number, format_percent


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


def youth_aid_execution(db_file, year: int, space: str | None = None) -> float:
    """Actual over planned of product 36.3 in per cent, straight from SQL."""
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT SUM(b.actual) * 100.0 / SUM(b.planned) FROM budget_line b LEFT JOIN area a ON a.id = b.area_id "
                "WHERE b.product = '36.3' AND b.year = :year AND (:space IS NULL OR a.key = :space)"
            ),
            {"year": year, "space": space},
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
    assert metrics["36.3 Hilfen zur Erziehung"] == format_percent(youth_aid_execution(demo_sqlite_file, 2025))
    assert "36.2 Kinder- und Jugendarbeit, sozialräumliche Prävention" in metrics
    links = [re.sub(r":[a-z]+\[|\]|\*\*", "", link.label) for link in at.get("page_link")]  # drop colour markup
    # Goals by status (the demo designs 4/2/2/3) and the off-track ones by name, linked to the goals page.
    assert {"4 erreicht", "2 auf Kurs", "2 gefährdet", "3 nicht auf Kurs"} <= set(links)
    assert "Kinderarmut senken" in links
    assert any(c.value.startswith("Sozialräume: stärkste Verschlechterung ggü. 2024") for c in at.caption)
    # The demo's Neue Heide crosses the HzE threshold of 50 per 1,000 in 2025; the link names it.
    assert any(label.startswith("Neue Heide: HzE-Quote") and "über Schwelle 50" in label for label in links)
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


def test_a_social_space_shows_its_own_budget(demo_app, demo_sqlite_file):
    at = demo_app.run()
    at.sidebar.selectbox(key="raum").select("0101").run()
    assert not at.exception
    space_rate = {m.label: m.value for m in at.metric}["36.3 Hilfen zur Erziehung"]
    assert space_rate == format_percent(youth_aid_execution(demo_sqlite_file, 2025, "0101"))
    assert space_rate != format_percent(youth_aid_execution(demo_sqlite_file, 2025))


def test_early_warning_rules_can_be_changed_and_are_kept(demo_app):
    at = demo_app.run()
    assert not any(c.value == "Keine Auffälligkeiten." for c in at.caption)
    at.number_input(key="warning_min_change").set_value(100.0)
    for key in ["sgb2_rate", "child_poverty", "unemployment_rate", "hze_rate"]:
        at.number_input(key=f"warning_threshold_{key}").set_value(None)
    at.run()
    assert not at.exception
    assert any(c.value == "Keine Auffälligkeiten." for c in at.caption)
    assert any("(ab 100\u00a0%)" in c.value for c in at.caption)
    at.switch_page(str(Path(__file__).resolve().parents[2] / "views" / "ziele.py"))
    at.run()
    at.switch_page(str(Path(__file__).resolve().parents[2] / "views" / "uebersicht.py"))
    at.run()
    assert at.number_input(key="warning_min_change").value == 100.0
    assert any(c.value == "Keine Auffälligkeiten." for c in at.caption)


def test_a_key_figure_opens_the_map_with_that_indicator(demo_app):
    at = demo_app.run()
    at.selectbox(key="cockpit_map_choice").select("child_poverty").run()
    assert not at.exception
    assert at.query_params["kennzahl"] == "child_poverty"
    assert at.title[0].value == "Karte 2025"
    assert at.selectbox(key="kennzahl").value == "child_poverty"
