"""The Sozialindex slides show what the page shows for the same settings: for each ``darstellung`` the
page (AppTest with query params) and ``render_slide`` with the settings the page stores agree — the
status × dynamics matrix with a partner index that is not the first one included."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.db import make_engine
from sozialraum.reports.sozialindex import SozialindexParams
from sozialraum.services.social_index import save_definition
from sozialraum.slides import render_slide
from sozialraum.store import social_index as social_index_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/sozialindex.py"
SECOND = "dynamik_kurz"


@pytest.fixture(scope="module")
def index_db(demo_sqlite_file, tmp_path_factory):
    """The demo city with a second dynamics index (fewer indicators, so its classes differ)."""
    path = tmp_path_factory.mktemp("slides") / "index.db"
    shutil.copyfile(demo_sqlite_file, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    dynamics = next(d for d in social_index_store.list_definitions(engine) if d.kind == "dynamics")
    second = replace(dynamics, key=SECOND, name="Zweite Dynamik", components=dynamics.components[:1])
    save_definition(engine, second, materialise=False)
    yield url, engine
    engine.dispose()


def open_page(url: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def charts(at: AppTest) -> list[list[dict]]:
    """The page's Plotly charts in page order: index values, classes, matrix, robustness."""
    return [json.loads(chart.proto.spec)["data"] for chart in at.get("plotly_chart")]


def traces(figure) -> list[dict]:
    return json.loads(figure.to_json())["data"]


def slide_params(at: AppTest, view: str, partner: str | None = None) -> dict:
    """What the page's »Zur Sitzungsmappe« stores for ``view``."""
    key = at.selectbox(key="sozialindex").value
    period = at.selectbox(key="stichtag").value
    return {**SozialindexParams(key, period, partner).to_query(), "darstellung": view}


def _table(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


@pytest.mark.parametrize("index", ["status", "dynamics"])
def test_map_and_distribution_slides_count_the_classes_of_the_page(index_db, monkeypatch, index):
    url, engine = index_db
    at = open_page(url, monkeypatch, sozialindex=index, stichtag="2024-12-31")
    assert at.selectbox(key="stichtag").value.isoformat() == "2024-12-31"
    page_classes = _table(at, "Ausschlussgrund")["Klasse"].dropna().value_counts()

    karte = render_slide(engine, "sozialindex", slide_params(at, "karte"))
    assert karte.ok, karte.message
    legend = [trace.name for trace in karte.figure.data if trace.showlegend is not False]
    for code_label, count in page_classes.items():
        label = code_label.split(" ", 1)[1]
        assert any(
            entry.startswith(label) and entry.endswith(f": {count} {'Gebiet' if count == 1 else 'Gebiete'}")
            for entry in legend
        ), (label, count, legend)
    assert f"{page_classes.sum()} Gebiete mit Klasse" in karte.notes

    verteilung = render_slide(engine, "sozialindex", slide_params(at, "verteilung"))
    assert verteilung.ok, verteilung.message
    assert traces(verteilung.figure) == charts(at)[1]


def test_matrix_slide_uses_the_partner_the_page_shows(index_db, monkeypatch):
    url, engine = index_db
    default = open_page(url, monkeypatch, sozialindex="status")
    chosen = open_page(url, monkeypatch, sozialindex="status", partner=SECOND)
    assert chosen.selectbox(key="partner").value == SECOND
    assert charts(chosen)[2] != charts(default)[2]  # the partner changes the matrix

    for at, partner in ((default, None), (chosen, SECOND)):
        slide = render_slide(engine, "sozialindex", slide_params(at, "matrix", at.selectbox(key="partner").value))
        assert slide.ok, slide.message
        assert traces(slide.figure) == charts(at)[2]
        if partner:
            assert "Zweite Dynamik" in slide.subtitle
    # A slide stored before the partner was a setting shows the first partner, as the page does by default.
    legacy = render_slide(engine, "sozialindex", {"index": "status", "darstellung": "matrix"})
    assert traces(legacy.figure) == charts(default)[2]


def test_robustness_slide_shows_the_page_variants(index_db, monkeypatch):
    url, engine = index_db
    at = open_page(url, monkeypatch, sozialindex="status")
    slide = render_slide(engine, "sozialindex", slide_params(at, "robustheit"))
    assert slide.ok, slide.message
    assert traces(slide.figure) == charts(at)[3]
    robust = _table(at, "verglichene Gebiete")
    worst = robust.drop(columns=["Indikator", "verglichene Gebiete"]).max().max()
    assert f": {int(worst)} von " in slide.notes


def test_a_deleted_partner_makes_a_stale_matrix_slide(index_db):
    _, engine = index_db
    slide = render_slide(engine, "sozialindex", {"index": "status", "darstellung": "matrix", "partner": "weg"})
    assert not slide.ok
    assert "»weg«" in slide.message
