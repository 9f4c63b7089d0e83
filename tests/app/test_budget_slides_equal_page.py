"""Every budget slide kind shows the numbers of its page: open Budget & Wirkung, put each view into the deck
through its own »Zur Sitzungsmappe« button, render the stored slide and compare tables and chart traces."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.reports.budget import soll_ist, traeger, umsteuerung, verteilung
from sozialraum.reports.budget.tables import ReportTable
from sozialraum.reports.source import Source
from sozialraum.slides import render_slide
from sozialraum.store import decks as deck_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/budget.py"
QUERY = {"produkt": "36.3", "jahr": "2025", "vergleichsjahr": "2018"}
#: The keys of the page's views; each has its »Zur Sitzungsmappe« button ``deck_<key>_deck_add``.
VIEWS = (
    "space_budget_table",
    "mix",
    "residential_trend",
    "shift_table",
    "provider_table",
    "provider_space_table",
    "budget_outcome_chart",
    "allocation_chart",
    "allocation_table",
)


@pytest.fixture(scope="module")
def page_and_slides(demo_sqlite_file, tmp_path_factory):
    """The page's tables and charts, and the slides its deck buttons stored (kind, darstellung) -> slide."""
    copy = tmp_path_factory.mktemp("budget_deck") / "mappe.db"
    shutil.copy(demo_sqlite_file, copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
        st.cache_data.clear()
        at = AppTest.from_file(APP, default_timeout=90)
        for name, value in QUERY.items():
            at.query_params[name] = value
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception
        tables = [frame.value for frame in at.dataframe]
        charts = {chart.proto.id.rsplit("-", 1)[-1]: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}
        for view in VIEWS:
            at.button(key=f"deck_{view}_deck_add").click().run()
            assert not at.exception, view
        st.cache_data.clear()
    engine = make_engine(f"sqlite:///{copy}")
    stored = deck_store.slides(engine, deck_store.find_deck(engine, "Sitzungsmappe"))
    assert len(stored) == len(VIEWS)
    slides = {(s.kind, s.params.get("darstellung")): (s.params, render_slide(engine, s.kind, s.params)) for s in stored}
    yield tables, charts, slides, engine
    engine.dispose()


def table_with(tables, *columns, without=()):
    found = [t for t in tables if all(c in t.columns for c in columns) and not any(c in t.columns for c in without)]
    assert len(found) == 1, (columns, len(found))
    return found[0]


def slide_of(slides, kind, view=None):
    params, slide = slides[kind, view]
    assert slide.ok, slide.message
    return params, slide


def values(array):
    """Plain values of a trace's x or y; Plotly's JSON writes number arrays as base64 (``dtype``/``bdata``)."""
    if array is None:
        return None
    if isinstance(array, dict) and "bdata" in array:
        return list(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]))
    return list(array)


def traces(figure):
    """Name, x and y of every trace (the page's JSON and the slide's figure alike)."""
    return [(trace.get("name"), values(trace.get("x")), values(trace.get("y"))) for trace in figure["data"]]


def assert_same_traces(page_figure, slide_figure):
    page, slide = traces(page_figure), traces(json.loads(slide_figure.to_json()))
    assert [name for name, _, _ in page] == [name for name, _, _ in slide]
    for (name, page_x, page_y), (_, slide_x, slide_y) in zip(page, slide, strict=True):
        for page_values, slide_values in ((page_x, slide_x), (page_y, slide_y)):
            if page_values is None or isinstance(page_values[0], str):
                assert page_values == slide_values, name
            else:
                assert page_values == pytest.approx(slide_values, nan_ok=True), name


def assert_table_shows_page(slide_table, page_table, spec):
    """The slide's display strings are the page's numbers in the page's formats (without the key column)."""
    expected = ReportTable(page_table.reset_index(drop=True), spec).slide()
    assert list(slide_table.columns) == list(expected.columns)
    assert slide_table.to_dict("list") == expected.to_dict("list")


def test_soll_ist(page_and_slides):
    tables, _, slides, engine = page_and_slides
    params, slide = slide_of(slides, "budget_soll_ist")
    assert params == {"produkt": "36.3", "jahr": "2025"}
    spec = soll_ist.build(Source(engine), soll_ist.Params.from_query(params)).table.spec
    page = table_with(tables, "Kosten je Fall", "Einwohner")
    assert_table_shows_page(slide.table, page, spec)
    assert slide.table["Sozialraum"].iloc[-1] == "Gesamtstadt"
    # The page's rule: only areas more than 2 % over their Ansatz are named.
    assert "Mehr als 2 % über dem Ansatz: Hafenviertel-West, Werftsiedlung, Fischerkamp, Leuchtturmviertel." in (
        slide.notes
    )


def test_hilfearten(page_and_slides):
    _, charts, slides, _ = page_and_slides
    _, slide = slide_of(slides, "budget_hilfearten")
    assert_same_traces(charts["mix"], slide.figure)


def test_stationaer(page_and_slides):
    _, charts, slides, _ = page_and_slides
    params, slide = slide_of(slides, "budget_stationaer")
    assert params["vergleichsjahr"] == "2018"
    assert_same_traces(charts["residential_trend"], slide.figure)


def test_umsteuerung(page_and_slides):
    tables, _, slides, engine = page_and_slides
    params, slide = slide_of(slides, "budget_umsteuerung")
    spec = umsteuerung.build(Source(engine), umsteuerung.Params.from_query(params)).table.spec
    assert_table_shows_page(slide.table, table_with(tables, "Veränderung stationär (Pp.)"), spec)
    assert slide.title == "Umsteuerung 2018 → 2025: Produkt 36.3"


@pytest.mark.parametrize(("view", "has_key"), [("traeger", False), ("sozialraum", True)])
def test_traeger(page_and_slides, view, has_key):
    tables, _, slides, engine = page_and_slides
    params, slide = slide_of(slides, "budget_traeger", view)
    spec = traeger.build(Source(engine), traeger.Params.from_query(params)).table().spec
    page = table_with(tables, "Träger", "Schlüssel") if has_key else table_with(tables, "Träger", without=["Schlüssel"])
    assert_table_shows_page(slide.table, page, spec)


def test_wirkung(page_and_slides):
    tables, charts, slides, _ = page_and_slides
    params, slide = slide_of(slides, "budget_wirkung")
    assert params["kennzahl"] == "hze_rate"
    assert (params["ausgaben_veraenderung"], params["wirkung_veraenderung"]) == ("1", "1")
    assert_same_traces(charts["budget_outcome_chart"], slide.figure)
    page = table_with(tables, "Einordnung")
    for label in page["Einordnung"].dropna().unique():
        names = ", ".join(page.sort_values("Schlüssel").loc[page["Einordnung"] == label, "Sozialraum"])
        assert f"{label[0].upper()}{label[1:]}: {names}." in slide.notes


@pytest.mark.parametrize("view", ["diagramm", "tabelle"])
def test_verteilung(page_and_slides, view):
    tables, charts, slides, engine = page_and_slides
    params, slide = slide_of(slides, "budget_verteilung", view)
    assert params["kennzahlen"] == ["sgb2_rate:1.0", "child_poverty:1.0", "hze_rate:1.0"]
    spec = verteilung.build(Source(engine), verteilung.Params.from_query(params)).table.spec
    assert_table_shows_page(slide.table, table_with(tables, "nach Formel"), spec)
    if view == "diagramm":
        assert_same_traces(charts["allocation_chart"], slide.figure)
    else:
        assert slide.figure is None


def test_the_page_offers_every_budget_slide_kind(page_and_slides):
    *_, slides, _ = page_and_slides
    kinds = {kind for kind, _ in slides}
    assert kinds == {
        "budget_soll_ist",
        "budget_hilfearten",
        "budget_stationaer",
        "budget_umsteuerung",
        "budget_traeger",
        "budget_wirkung",
        "budget_verteilung",
    }
    assert json.dumps([params for params, _ in slides.values()])  # stored as plain JSON
