"""Pages on a city with a boundary reform, built through the importer (``two_versions``): the crashes the
Berlin recipe showed (plan-year KeyError on the Karte, duplicate city series on Entwicklung, int(Series)
in the area pickers) and defaults that lead to data."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from two_versions import build_two_version_city  # tests/app is on sys.path (pytest's rootdir-less import)

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def reform_url(tmp_path_factory) -> str:
    return build_two_version_city(tmp_path_factory.mktemp("reform"))


@pytest.fixture
def reform_app(reform_url, monkeypatch) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", reform_url)
    return AppTest.from_file(APP, default_timeout=60)


def open_page(app: AppTest, page: str, **params) -> AppTest:
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def chart_traces(at: AppTest) -> list[dict]:
    return [trace for chart in at.get("plotly_chart") for trace in json.loads(chart.proto.spec)["data"]]


def numbers(array: list | dict) -> list[float]:
    """A plotly trace array, plain or binary-encoded (``{"dtype", "bdata"}``), as floats; NaN for gaps."""
    if isinstance(array, dict):
        return [float(v) for v in np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])]
    return [float("nan") if v is None else float(v) for v in array]


def test_default_year_is_the_latest_with_values_and_plan_years_stay_selectable(reform_app):
    at = open_page(reform_app, "karte")
    year = at.sidebar.selectbox(key="jahr")
    assert year.value == 2023
    assert {"2024 (ohne Kennzahlen)", "2025 (ohne Kennzahlen)", "2023"} <= set(year.options)  # plan years
    assert at.title[0].value == "Karte 2023"
    assert "jahr" not in at.query_params  # the default is not written into links


def test_karte_in_a_plan_year_shows_the_last_stichtag_before_it(reform_app):
    at = open_page(reform_app, "karte", jahr="2025")
    caption = at.caption[0].value
    assert "Stichtag 31.12.2023" in caption
    assert "Planjahr 2025" in caption
    assert caption.startswith("Arbeitslosenanteil 2023")  # the values' year, not the plan year
    assert not at.warning


def test_year_of_an_indicator_is_its_own_latest_stichtag(reform_app):
    # 2023 ends on 31.12. for alq, but the population only has 30.06.2023: it must not vanish.
    at = open_page(reform_app, "karte", kennzahl="ew")
    assert "Stichtag 30.06.2023" in at.caption[0].value
    assert not at.warning
    assert len(at.get("plotly_chart")) == 1


def test_default_level_has_values_and_others_say_why_not(reform_app):
    at = open_page(reform_app, "karte", kennzahl="hze")
    level = at.selectbox(key="ebene")
    assert level.value == "district"  # hze is stored for districts only
    assert "2 Bezirke" in at.caption[0].value
    assert any("keine Werte" in label and "nur für andere Ebenen erhoben" in label for label in level.options)
    at = open_page(AppTest.from_file(APP, default_timeout=60), "karte", kennzahl="alq")
    assert at.selectbox(key="ebene").value == "social_space"
    assert any("aus Sozialräumen nicht berechenbar" in label for label in at.selectbox(key="ebene").options)


def test_every_stored_level_is_selectable_and_old_words_still_work(reform_app):
    at = open_page(reform_app, "karte", kennzahl="ew", ebene="region")
    assert at.selectbox(key="ebene").value == "region"
    assert "2 Regionen" in at.caption[0].value
    assert at.query_params["ebene"] == "region"
    at = open_page(AppTest.from_file(APP, default_timeout=60), "entwicklung", ebene="district")  # old spelling
    assert at.radio(key="entwicklung_ebene").value == "district"
    assert at.query_params["ebene"] == "bezirk"


def test_change_compares_only_on_the_same_areas_and_names_the_reform(reform_app):
    at = open_page(reform_app, "karte", ansicht="veraenderung")
    comparison = at.selectbox(key="vergleich")
    assert comparison.value == 2022
    assert [option.split(" ")[0] for option in comparison.options] == ["2022"]
    assert any("anderen Gebietsstand" in c.value and "Gebietsstand alt" in c.value for c in at.caption)
    at = open_page(AppTest.from_file(APP, default_timeout=60), "karte", ansicht="veraenderung", jahr="2022")
    assert not [box for box in at.selectbox if box.key == "vergleich"]
    assert any("keinen Vergleichsstichtag" in info.value and "Gebietsreform" in info.value for info in at.info)


def test_entwicklung_draws_one_city_line_and_districts_across_the_reform(reform_app):
    at = open_page(reform_app, "entwicklung", ebene="bezirk", gebiete="1", kennzahlen="ew")
    at.toggle(key="entwicklung_index").set_value(True).run()
    assert not at.exception
    traces = chart_traces(at)
    west = next(trace for trace in traces if trace.get("name") == "West")
    shown = [y for y in numbers(west["y"]) if y == y]
    assert len(shown) == 13  # 30.06.2017 … 30.06.2023, on both boundary versions
    city = [trace for trace in traces if trace.get("name") == "Gesamtstadt"]
    assert city
    assert len(city[0]["x"]) == len(set(city[0]["x"]))  # each period once, not once per version
    assert len([y for y in numbers(city[0]["y"]) if y == y]) == 13


@pytest.mark.parametrize("page", ["entwicklung", "vergleich", "steckbrief"])
@pytest.mark.parametrize("params", [{"ebene": "bezirk"}, {"ebene": "bezirk", "gebiet": "1"}, {"ebene": "region"}])
def test_district_keys_repeated_per_version_do_not_break_the_pickers(reform_app, page, params):
    at = open_page(reform_app, page, **params)
    for box in [*at.selectbox, *at.multiselect]:
        assert len(box.options) == len(set(box.options))


@pytest.mark.parametrize("year", ["2016", "2020", "2021", "2023", "2024", "2025"])
@pytest.mark.parametrize("page", ["karte", "entwicklung", "sozialindex"])
def test_every_year_opens_without_error(reform_app, page, year):
    open_page(reform_app, page, jahr=year)


def test_slides_follow_the_pages_on_the_reform_city(reform_url):
    from sozialraum.db import make_engine
    from sozialraum.slides import render_slide

    engine = make_engine(reform_url)
    plan_year = render_slide(engine, "karte", {"kennzahl": "alq", "ebene": "sozialraum", "jahr": 2025})
    assert not plan_year.message, plan_year.message
    assert "31.12.2023" in plan_year.subtitle
    half_year = render_slide(engine, "karte", {"kennzahl": "ew", "ebene": "region", "jahr": 2023})
    assert not half_year.message, half_year.message
    assert "30.06.2023" in half_year.subtitle
    trend = render_slide(
        engine, "entwicklung", {"kennzahl": "ew", "ebene": "bezirk", "gebiete": ["1"], "basisjahr": 2017}
    )
    assert not trend.message, trend.message
    west = next(trace for trace in trend.figure.data if trace.name == "West")
    assert sum(1 for y in west.y if y == y and y is not None) == 13
    engine.dispose()


def test_a_default_level_follows_the_indicator_a_chosen_one_stays(reform_app):
    at = open_page(reform_app, "karte", kennzahl="hze")
    assert at.selectbox(key="ebene").value == "district"
    at.selectbox(key="kennzahl").set_value("alq").run()
    assert at.selectbox(key="ebene").value == "social_space"  # alq has no district values
    at.selectbox(key="ebene").set_value("region").run()
    at.selectbox(key="kennzahl").set_value("ew").run()
    assert at.selectbox(key="ebene").value == "region"
    assert not at.exception
