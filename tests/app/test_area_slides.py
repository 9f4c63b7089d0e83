"""Steckbrief and Übersicht: the page (AppTest, settings in the URL) and its slide show the same numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from sozialraum.slides import render_slide
from sozialraum.store import repository


def open_page(app, page: str, **params):
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page(f"views/{page}.py")
    at = app.run()
    assert not at.exception
    return at


def page_rows(at) -> dict[str, dict]:
    """Kennzahl -> its row in the page's topic tables."""
    rows = {}
    for frame in at.dataframe:
        table = frame.value
        if "Kennzahl" in table.columns and "Wert" in table.columns:
            rows.update({row["Kennzahl"]: row for row in table.to_dict("records")})
    return rows


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ({"raum": "0303"}, {"ebene": "social_space", "gebiet": "0303", "jahr": 2025}),
        (
            {"raum": "0303", "ebene": "planungsraum", "gebiet": "030302", "jahr": "2019"},
            {"ebene": "planungsraum", "gebiet": "030302", "jahr": "2019"},
        ),
        ({"raum": "0201", "ebene": "bezirk", "gebiet": "02"}, {"ebene": "bezirk", "gebiet": "02", "jahr": 2025}),
        ({}, {"ebene": "gesamtstadt", "jahr": 2025}),  # the city profile
    ],
)
def test_steckbrief_slide_shows_the_pages_numbers(demo_app, demo_sqlite_file, url, stored):
    at = open_page(demo_app, "steckbrief", **url)
    slide = render_slide(create_engine(f"sqlite:///{demo_sqlite_file}"), "steckbrief", stored)
    assert slide.ok, slide.message
    assert slide.title == f"Steckbrief {at.header[0].value}"
    rows = page_rows(at)
    previous, earlier = slide.table.columns[2], slide.table.columns[3]
    assert previous.startswith("ggü.")
    assert earlier.startswith("ggü.")
    assert len(slide.table) >= 5
    for shown in slide.table.to_dict("records"):
        on_page = rows[shown["Kennzahl"]]
        assert shown["Wert"] == on_page["Wert"]
        assert shown[previous] == on_page["Vorperiode"]
        assert shown[earlier] == on_page["5 Perioden"]
        for column in ("Gesamtstadt", "Lage", "Rang"):
            assert (column in shown) == (column in on_page)
            if column in shown:
                assert shown[column] == on_page[column]


@pytest.mark.parametrize(
    ("url", "stored"),
    [({}, {"jahr": 2025, "raum": ""}), ({"jahr": "2019", "raum": "0102"}, {"jahr": "2019", "raum": "0102"})],
)
def test_uebersicht_slide_shows_the_pages_key_figures(demo_app, demo_sqlite_file, url, stored):
    at = open_page(demo_app, "uebersicht", **url)
    engine = create_engine(f"sqlite:///{demo_sqlite_file}")
    slide = render_slide(engine, "uebersicht", stored)
    assert slide.ok, slide.message
    assert slide.title == at.title[0].value + ": " + at.caption[0].value.split(" · ")[0]
    short_names = repository.load_indicators(engine).set_index("name")["short_name"]
    metrics = {metric.label: metric for metric in at.metric}
    value_column, change_column = slide.table.columns[1], slide.table.columns[2]
    assert len(slide.table) >= 5
    for shown in slide.table.to_dict("records"):
        metric = metrics[short_names[shown["Kennzahl"]]]
        assert metric.value == shown[value_column]
        assert (metric.delta or "–") == shown[change_column]
