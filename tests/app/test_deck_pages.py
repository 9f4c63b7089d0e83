"""Sitzungsmappe and Präsentation through AppTest: add views from their pages, reorder, step through."""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.formatting import format_number
from sozialraum.slides import render_slide
from sozialraum.store import decks as deck_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def deck_app(demo_sqlite_file, tmp_path, monkeypatch):
    """The app on a copy of the demo database, since these tests write decks."""
    copy = tmp_path / "mappe.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    engine = make_engine(f"sqlite:///{copy}")
    yield AppTest.from_file(APP, default_timeout=90), engine
    engine.dispose()


def slide_titles(engine, deck_id):
    return [slide.title for slide in deck_store.slides(engine, deck_id)]


def test_views_go_to_the_deck_which_can_be_reordered_and_presented(deck_app):
    at, engine = deck_app
    at.switch_page("views/karte.py").run()
    assert not at.exception
    at.button(key="deck_karte_map_add").click().run()
    assert not at.exception
    assert any("zur Mappe »Sitzungsmappe« hinzugefügt (1 Folien)" in toast.value for toast in at.toast)
    at.switch_page("views/entwicklung.py").run()
    at.button(key="deck_deck_trend_sgb2_rate_add").click().run()
    assert not at.exception
    deck_id = deck_store.find_deck(engine, "Sitzungsmappe")
    assert slide_titles(engine, deck_id) == ["SGB-II-Quote 2025 (in %)", "Entwicklung: SGB-II-Quote"]
    karte, trend = deck_store.slides(engine, deck_id)
    assert karte.params["kennzahl"] == "sgb2_rate"
    assert karte.params["ebene"] == "social_space"
    assert trend.params["gebiete"]

    at.switch_page("views/sitzungsmappe.py").run()
    assert not at.exception
    listed = [m.value for m in at.markdown if m.value.startswith("**") and "\n" in m.value]
    assert listed[0].startswith("**SGB-II-Quote 2025 (in %)**")
    at.button(key="deck_build").click().run()
    assert [button.label for button in at.get("download_button")] == ["PowerPoint herunterladen"]
    at.button(key=f"down_{karte.id}").click().run()
    # The built file still has the old order: it is not offered any more.
    assert not at.get("download_button")
    assert slide_titles(engine, deck_id) == ["Entwicklung: SGB-II-Quote", "SGB-II-Quote 2025 (in %)"]
    listed = [m.value for m in at.markdown if m.value.startswith("**") and "\n" in m.value]
    assert listed[0].startswith("**Entwicklung: SGB-II-Quote**")

    at.switch_page("views/praesentation.py").run()
    assert not at.exception
    assert at.title[0].value == "Entwicklung: SGB-II-Quote"
    assert at.query_params["folie"] == "1"
    at.button(key="slide_next").click().run()
    assert at.title[0].value == "SGB-II-Quote 2025 (in %)"
    assert at.query_params["folie"] == "2"
    assert any("2 / 2" in element.proto.body for element in at.get("html"))
    at.button(key="slide_back").click().run()
    assert at.title[0].value == "Entwicklung: SGB-II-Quote"


def test_a_new_named_deck_from_the_button_and_deleting_a_slide(deck_app):
    at, engine = deck_app
    at.switch_page("views/ziele.py").run()
    add_key = "deck_goals_table_deck_add"  # the list's »Zur Sitzungsmappe« (ui.view_block.table_block)
    prefix = add_key.removesuffix("_add")
    at.selectbox(key=f"{prefix}_mappe").set_value("__neu__").run()
    at.text_input(key=f"{prefix}_name").input("JHA 12.03.").run()
    at.button(key=add_key).click().run()
    assert not at.exception
    deck_id = deck_store.find_deck(engine, "JHA 12.03.")
    assert slide_titles(engine, deck_id) == ["Wirkungsziele 2025"]
    at.switch_page("views/sitzungsmappe.py").run()
    assert at.selectbox(key="deck_select").value == deck_id
    slide = deck_store.slides(engine, deck_id)[0]
    at.button(key=f"remove_{slide.id}").click().run()
    assert slide_titles(engine, deck_id) == []
    assert any("Diese Mappe ist leer" in info.value for info in at.info)


def test_presentation_opens_the_slide_named_in_the_url(deck_app):
    at, engine = deck_app
    deck_id = deck_store.create_deck(engine, "Mappe")
    deck_store.add_slide(engine, deck_id, "uebersicht", "Übersicht", {"jahr": 2025, "raum": ""})
    deck_store.add_slide(engine, deck_id, "karte", "Weg", {"kennzahl": "geloescht", "jahr": 2025})
    at.query_params["mappe"] = str(deck_id)
    at.query_params["folie"] = "2"
    at.switch_page("views/praesentation.py").run()
    assert not at.exception
    assert at.title[0].value == "Weg"
    bodies = " ".join(element.proto.body for element in at.get("html"))
    assert "Die Kennzahl »geloescht« ist nicht mehr in der Datenbank." in bodies
    assert "fiktive Beispieldaten" in bodies


def test_the_allocation_goes_to_the_deck_with_the_page_settings(deck_app):
    at, engine = deck_app
    at.switch_page("views/budget.py").run()
    assert not at.exception
    at.number_input(key="allocation_total").set_value(2_500_000.5).run()
    at.slider(key="allocation_intensity").set_value(50).run()
    at.multiselect(key="allocation_indicators").set_value(["sgb2_rate", "hze_rate"]).run()
    at.number_input(key="allocation_weight_hze_rate").set_value(2.0).run()
    assert not at.exception
    page_table = next(frame.value for frame in at.dataframe if "nach Formel" in frame.value.columns)
    at.button(key="deck_allocation_chart_deck_add").click().run()
    assert not at.exception
    deck_id = deck_store.find_deck(engine, "Sitzungsmappe")
    (slide,) = deck_store.slides(engine, deck_id)
    assert slide.kind == "budget_verteilung"
    assert slide.title == "Bedarfsorientierte Verteilung 2025: 36.3"
    # The view's Params.to_query(): the URL's German keys and strings.
    assert slide.params == {
        "produkt": "36.3",
        "jahr": "2025",
        "gesamtbetrag": "2500000.5",
        "bezugsgruppe": "pop_u21",
        "bedarfsgewicht": "50",
        "kennzahlen": ["sgb2_rate:1.0", "hze_rate:2.0"],
        "darstellung": "diagramm",
    }
    # The slide recomputes the same allocation the page shows for these settings.
    rendered = render_slide(engine, slide.kind, slide.params)
    assert rendered.ok, rendered.message
    shown = [format_number(v, 2) + "\u00a0€" for v in page_table.sort_values("Schlüssel")["nach Formel"]]
    assert list(rendered.table["nach Formel"]) == shown

    at.button(key="deck_shift_table_deck_add").click().run()
    at.button(key="deck_provider_space_table_deck_add").click().run()
    assert not at.exception
    kinds = [(s.kind, s.params.get("darstellung")) for s in deck_store.slides(engine, deck_id)]
    assert kinds[1:] == [("budget_umsteuerung", None), ("budget_traeger", "sozialraum")]
