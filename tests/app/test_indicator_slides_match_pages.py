"""A slide of Karte, Entwicklung or Vergleich shows the numbers its page shows for the same settings."""

import json
from datetime import date

import pytest

from sozialraum.db import make_engine
from sozialraum.slides import render_slide


@pytest.fixture
def engine(demo_sqlite_file):
    engine = make_engine(f"sqlite:///{demo_sqlite_file}")
    yield engine
    engine.dispose()


def open_page(app, page: str, **params):
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page(f"views/{page}.py")
    at = app.run()
    assert not at.exception
    return at


def chart_data(at, index: int = 0) -> list[dict]:
    return json.loads(at.get("plotly_chart")[index].proto.spec)["data"]


def same_traces(page: list[dict], slide) -> None:
    """Trace by trace: names, x and y values and marker colours (the map classes on a ranking)."""
    # Both through plotly's JSON, so numbers are encoded alike.
    drawn_by_slide = json.loads(slide.figure.to_json())["data"]
    assert len(page) == len(drawn_by_slide)
    assert page[0].get("x") is not None
    assert page[0].get("y") is not None
    for drawn, shown in zip(page, drawn_by_slide, strict=True):
        for part in ("name", "x", "y", "text"):
            assert drawn.get(part) == shown.get(part), part
        assert (drawn.get("marker") or {}).get("color") == (shown.get("marker") or {}).get("color")


def city_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Stadtdurchschnitt")).split(": ")[1].split(" (")[0]


@pytest.mark.parametrize(
    ("url", "settings"),
    [
        ({}, {"kennzahl": "sgb2_rate", "ebene": "social_space", "jahr": 2025}),
        (
            {"kennzahl": "sgb2_rate", "ebene": "planungsraum", "ansicht": "veraenderung", "vergleich": "2020",
             "methode": "jenks", "klassen": "4"},
            {"kennzahl": "sgb2_rate", "ebene": "planning_area", "jahr": 2025, "ansicht": "veraenderung",
             "vergleich": 2020, "methode": "jenks", "klassen": 4},
        ),
        (
            {"kennzahl": "hze_rate", "ebene": "bezirk", "fest": "1", "methode": "gleich"},
            {"kennzahl": "hze_rate", "ebene": "district", "jahr": 2025, "fest": True, "methode": "gleich"},
        ),
    ],
)  # fmt: skip
def test_karte_slide_shows_the_pages_ranking_and_city(demo_app, engine, url, settings):
    at = open_page(demo_app, "karte", **url)
    ranking = render_slide(engine, "karte", {**settings, "darstellung": "rangfolge"})
    assert ranking.ok, ranking.message
    same_traces(chart_data(at), ranking)
    assert ranking.title in at.caption[0].value
    mapped = render_slide(engine, "karte", settings)
    assert mapped.ok, mapped.message
    assert mapped.subtitle.endswith(f"Gesamtstadt {city_caption(at)}")
    # The slide's table lists the areas with a value in the ranking's order, with the texts of its tooltips.
    bars = chart_data(at)[0]
    assert list(mapped.table["Gebiet"]) == [name for name in reversed(bars["y"])][: len(mapped.table)]


@pytest.mark.parametrize("indexed", [False, True])
def test_entwicklung_slide_draws_the_pages_lines(demo_app, engine, indexed):
    at = open_page(demo_app, "entwicklung", kennzahlen="child_poverty,pop_total", gebiete="0101,0303,0202")
    settings = {"ebene": "social_space", "gebiete": ["0101", "0303", "0202"], "basisjahr": None, "basis": None}
    if indexed:
        at.toggle(key="entwicklung_index").set_value(True).run()
        at.selectbox(key="entwicklung_basis").set_value(date(2018, 12, 31)).run()
        assert not at.exception
        settings = {**settings, "basisjahr": 2018, "basis": "2018-12-31"}
    for index, key in enumerate(("child_poverty", "pop_total")):
        slide = render_slide(engine, "entwicklung", {**settings, "kennzahl": key})
        assert slide.ok, slide.message
        same_traces(chart_data(at, index), slide)


@pytest.mark.parametrize(
    ("url", "settings"),
    [
        ({"gebiete": "0101,0303,0202"}, {"ebene": "social_space", "gebiete": ["0101", "0303", "0202"]}),
        ({"ebene": "planungsraum", "gebiete": "030301,010101"},
         {"ebene": "planning_area", "gebiete": ["030301", "010101"]}),
    ],
)  # fmt: skip
def test_vergleich_slide_shows_the_pages_values_and_distances(demo_app, engine, url, settings):
    at = open_page(demo_app, "vergleich", **url)
    page_table = at.dataframe[0].value
    table = render_slide(engine, "vergleich", {**settings, "jahr": 2025, "darstellung": "tabelle"})
    assert table.ok, table.message
    areas = [c for c in page_table.columns if c not in {"Thema", "Kennzahl"}]
    assert len(areas) == len(settings["gebiete"]) + 1 + ("Stand" in areas)
    assert list(table.table.columns) == ["Kennzahl", *areas]
    assert table.table[areas].equals(page_table[areas])
    chart = render_slide(engine, "vergleich", {**settings, "jahr": 2025})
    assert chart.ok, chart.message
    same_traces(chart_data(at), chart)
