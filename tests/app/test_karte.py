"""Karte through AppTest: the page's controls take their state from the URL, the map and ranking follow."""

from datetime import date

import pytest
from sqlalchemy import create_engine, text

from sozialraum.analysis.classification import Method
from sozialraum.formatting import format_percent

KARTE = "views/karte.py"


def open_map(demo_app, **params):
    for key, value in params.items():
        demo_app.query_params[key] = value
    at = demo_app.run()
    at.switch_page(KARTE).run()
    assert not at.exception
    return at


def test_map_page_opens_on_the_first_key_indicator_for_social_spaces(demo_app):
    at = open_map(demo_app)
    assert at.title[0].value == "Karte 2025"
    assert at.selectbox(key="kennzahl").value == "sgb2_rate"
    assert at.selectbox(key="ebene").value == "social_space"
    assert at.selectbox(key="methode").value == "quantile"
    assert "16 Sozialräume" in at.caption[0].value
    assert len(at.get("plotly_chart")) == 1  # the ranking beside the map
    assert any("Fiktive Beispieldaten" in caption.value for caption in at.caption)


def test_link_reproduces_indicator_level_view_and_classes(demo_app):
    at = open_map(demo_app, kennzahl="childcare_u3", ebene="planning_area", methode="jenks", klassen="4")
    assert at.selectbox(key="kennzahl").value == "childcare_u3"
    assert at.selectbox(key="ebene").value == "planning_area"
    assert at.select_slider(key="klassen").value == 4
    assert "51 Planungsräume" in at.caption[0].value
    # An old link's internal level name still works; the URL now carries the German word all pages use.
    assert at.query_params["ebene"] == "planungsraum"
    assert len(at.dataframe) == 0
    assert len(at.get("plotly_chart")) == 1


def test_city_average_comes_from_summed_parts(demo_app, demo_sqlite_file):
    at = open_map(demo_app)
    city_caption = next(c.value for c in at.caption if c.value.startswith("Stadtdurchschnitt"))
    # Independent of the app's code path: summed numerators over summed denominators, straight from SQL.
    engine = create_engine(f"sqlite:///{demo_sqlite_file}")
    with engine.connect() as connection:
        numerator, denominator = connection.execute(
            text(
                "SELECT SUM(o.numerator), SUM(o.denominator) FROM observation o "
                "JOIN indicator i ON i.id = o.indicator_id JOIN area a ON a.id = o.area_id "
                "WHERE i.key = 'sgb2_rate' AND a.level = 'social_space' AND o.period = :period"
            ),
            {"period": date(2025, 12, 31)},
        ).one()
    assert format_percent(numerator / denominator * 100) in city_caption


def test_change_view_and_bad_manual_breaks(demo_app):
    at = open_map(demo_app, ansicht="veraenderung")
    assert at.selectbox(key="vergleich").value == 2024
    assert "Veränderung 2024–2025 in Prozentpunkten" in at.caption[0].value
    at.selectbox(key="methode").set_value("manuell").run()
    at.text_input(key="grenzen").input("10; 5").run()
    assert not at.exception
    assert at.error[0].value == "Die Klassengrenzen müssen aufsteigend sein."


@pytest.mark.parametrize("level", ["district", "social_space", "planning_area"])
def test_every_level_draws_without_error(demo_app, level):
    at = open_map(demo_app, ebene=level, fest="1")
    assert at.toggle(key="fest").value is True
    assert not at.error


def test_a_clicked_planning_area_is_described_without_changing_the_sidebar(demo_app):
    at = open_map(demo_app, ebene="planning_area")
    at.session_state["karte_auswahl"] = {"planning_area": "010101"}
    at.run()
    assert not at.exception
    described = [info.value for info in at.info if "(Planungsraum)" in info.value]
    assert len(described) == 1
    assert described[0].startswith("**Marktplatz** (Planungsraum)")
    assert "Rang" in described[0]
    assert at.sidebar.selectbox(key="raum").value == ""


def test_a_stored_index_offers_its_own_classes_on_the_map(demo_app):
    at = open_map(demo_app, kennzahl="index_status")
    assert any("»Status-Index« hat eigene Klassen: hoch (1): unter -1" in caption.value for caption in at.caption)

    at.button(key="index_klassen").click().run()

    assert not at.exception
    assert at.selectbox(key="methode").value == Method.MANUAL
    assert at.text_input(key="grenzen").value == "-1; 1; 1,5"
    assert at.query_params["grenzen"] == "-1; 1; 1,5"
    assert not [button for button in at.button if button.key == "index_klassen"]


def test_an_ordinary_indicator_offers_no_index_classes(demo_app):
    at = open_map(demo_app, kennzahl="sgb2_rate")
    assert not [button for button in at.button if button.key == "index_klassen"]
