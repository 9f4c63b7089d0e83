"""The Wirkungsziele slide shows what the page shows for the same settings: the list (with the status
filter) and one goal's key figures and path, from the page's URL (AppTest) and from ``render_slide``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sozialraum.db import make_engine
from sozialraum.reports.ziele import ZieleParams
from sozialraum.slides import render_slide

GOALS_PAGE = str(Path(__file__).resolve().parents[2] / "views" / "ziele.py")


@pytest.fixture
def engine(demo_sqlite_file):
    engine = make_engine(f"sqlite:///{demo_sqlite_file}")
    yield engine
    engine.dispose()


def goal_id(demo_sqlite_file, title: str) -> int:
    engine = create_engine(f"sqlite:///{demo_sqlite_file}")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM goal WHERE title = :t"), {"t": title}).scalar_one()
    engine.dispose()
    return int(found)


def open_goals(demo_app, **params):
    for key, value in params.items():
        demo_app.query_params[key] = value
    demo_app.run()
    demo_app.switch_page(GOALS_PAGE)
    at = demo_app.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("status", "trend"), [(None, None), ("nicht auf Kurs", None), (None, "3")])
def test_the_list_slide_shows_the_page_list(demo_app, engine, status, trend):
    params = {k: v for k, v in {"jahr": "2024", "status": status, "trend": trend}.items() if v}
    at = open_goals(demo_app, **params)
    assert at.number_input(key="goal_trend_input").value == int(trend or 5)
    page = at.dataframe[0].value

    slide = render_slide(engine, "ziele", ZieleParams.from_query(params).to_query())
    assert slide.ok, slide.message
    assert slide.table.to_dict("list") == page.reset_index(drop=True).to_dict("list")
    assert slide.title == "Wirkungsziele 2024"


def test_the_goal_slide_shows_the_page_figures(demo_app, engine, demo_sqlite_file):
    chosen = goal_id(demo_sqlite_file, "Kinderarmut senken")
    at = open_goals(demo_app, jahr="2024", ziel=str(chosen), trend="4")
    assert at.selectbox(key="goal_select").value == chosen
    metrics = {m.label: m.value for m in at.metric}
    page_chart = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]

    slide = render_slide(engine, "ziele", {"jahr": 2024, "trend": 4, "ziel": chosen})
    assert slide.ok, slide.message
    assert json.loads(slide.figure.to_json())["data"] == page_chart
    for label, value in metrics.items():
        if label != "Fortschritt seit Basis":
            assert f"{value.replace(chr(92), '')}" in slide.notes, (label, value)
    assert slide.title.startswith("Kinderarmut senken – ")


def test_a_deleted_goal_makes_a_stale_slide(engine):
    slide = render_slide(engine, "ziele", {"jahr": 2024, "ziel": 999999})
    assert not slide.ok
    assert "gelöscht" in slide.message
