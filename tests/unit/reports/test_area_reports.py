"""Steckbrief and Übersicht reports: their params read the URL and stored slides alike, the Steckbrief's goals
are assessed as on the Wirkungsziele page, and the PDF, the CLI and the slide render the same report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sozialraum.analysis.goals import assess_goals
from sozialraum.cli.main import main
from sozialraum.demo.deck import demo_deck_slides
from sozialraum.export import images
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.reports import steckbrief as steckbrief_report
from sozialraum.reports import uebersicht as uebersicht_report
from sozialraum.reports.source import Source
from sozialraum.reports.steckbrief import SteckbriefError, SteckbriefParams
from sozialraum.reports.steckbrief_tables import key_table
from sozialraum.reports.uebersicht import UebersichtParams
from sozialraum.slides import render_slide
from sozialraum.store import goals as goals_store

PERIOD = date(2025, 12, 31)


def test_steckbrief_params_read_urls_and_stored_slides_alike():
    stored = SteckbriefParams.from_query({"ebene": "social_space", "gebiet": "0303", "jahr": 2025})
    from_url = SteckbriefParams.from_query({"ebene": "sozialraum", "gebiet": "0303", "jahr": "2025"})
    assert stored == from_url == SteckbriefParams("social_space", "0303", 2025)
    assert SteckbriefParams.from_query(stored.to_query()) == stored
    assert stored.to_query() == {"ebene": "sozialraum", "gebiet": "0303", "jahr": "2025"}
    city = SteckbriefParams.from_query({"ebene": "gesamtstadt", "jahr": ["2019"], "trend": "3"})
    assert (city.level, city.area_key, city.year, city.trend) == ("city", None, 2019, 3)
    assert SteckbriefParams.from_query(city.to_query()) == city
    assert SteckbriefParams.from_query({"stichtag": "2025-06-30"}).period == date(2025, 6, 30)
    assert SteckbriefParams.from_query({"jahr": "kein Jahr", "trend": "99"}) == SteckbriefParams()


def test_uebersicht_params_read_urls_and_stored_slides_alike():
    stored = UebersichtParams.from_query({"jahr": 2025, "raum": ""})
    assert stored == UebersichtParams(2025, "")
    assert UebersichtParams.from_query(stored.to_query()) == stored
    assert UebersichtParams.from_query({"jahr": "2019", "raum": "0102"}).to_query() == {"jahr": "2019", "raum": "0102"}


def test_every_demo_deck_slide_of_these_kinds_still_parses(demo_engine):
    for kind, _title, params, _note in demo_deck_slides(demo_engine):
        if kind == "steckbrief":
            assert SteckbriefParams.from_query(params).area_key == params["gebiet"]
            assert render_slide(demo_engine, kind, params).ok
        elif kind == "uebersicht":
            assert UebersichtParams.from_query(params).year == params["jahr"]
            assert render_slide(demo_engine, kind, params).ok


def test_steckbrief_goals_are_the_areas_and_the_citys_assessed_as_on_the_goals_page(demo_engine):
    source = Source(demo_engine)
    for trend in (5, 2):
        report = steckbrief_report.build(source, SteckbriefParams("social_space", "0303", 2025, trend=trend))
        goals = report.goals
        assert set(goals.loc[goals["area_level"] != "city", "area_key"]) == {"0303"}  # not 0301's, not others'
        assert (goals["area_level"] == "city").sum() == 7
        everything = goals_store.load_goals(demo_engine)
        expected = assess_goals(everything, goals_store.goal_values(demo_engine, everything), 2025, trend)
        expected = expected.set_index("id").loc[goals["id"]]
        assert goals["status"].tolist() == expected["status"].tolist()
        assert goals["latest_value"].tolist() == pytest.approx(expected["latest_value"].tolist())
    district = steckbrief_report.build(source, SteckbriefParams("social_space", "0201", 2025))
    assert "02" in set(district.goals["area_key"].dropna())  # the district's goal concerns its spaces


def test_unknown_area_year_and_level_are_named_in_german(demo_engine):
    source = Source(demo_engine)
    with pytest.raises(SteckbriefError, match="Kein Sozialraum mit dem Schlüssel »9999«"):
        steckbrief_report.build(source, SteckbriefParams("social_space", "9999", 2025))
    with pytest.raises(SteckbriefError, match="Für das Jahr 1850"):
        steckbrief_report.build(source, SteckbriefParams("social_space", "0303", 1850))
    with pytest.raises(SteckbriefError, match="Unbekannte Ebene »kiez«"):
        steckbrief_report.build(source, SteckbriefParams.from_query({"ebene": "kiez", "gebiet": "1"}))
    with pytest.raises(uebersicht_report.UebersichtError, match="»9999«"):
        uebersicht_report.build(source, UebersichtParams(2025, "9999"))


def pdf_text(payload: bytes) -> str:
    reader = PdfReader(io.BytesIO(payload))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("level", "key", "period"), [("social_space", "0303", "2025"), ("planning_area", "030301", "2019")]
)
def test_the_cli_writes_the_pdf_of_the_same_report(demo_engine, tmp_path, monkeypatch, level, key, period):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")
    target = tmp_path / "steckbrief.pdf"
    url = demo_engine.url.render_as_string(hide_password=False)
    argv = ["report", "steckbrief", "--area", key, "--level", level, "--period", period, "--out", str(target)]
    assert main([*argv, "--db", url]) == 0
    report = steckbrief_report.build(
        Source(demo_engine), SteckbriefParams(level, key, period=date(int(period), 12, 31))
    )
    assert pdf_text(target.read_bytes()) == pdf_text(steckbrief_pdf(report))


@pytest.mark.parametrize(
    "params",
    [
        {"ebene": "social_space", "gebiet": "0303", "jahr": 2025},
        {"ebene": "planungsraum", "gebiet": "030301", "jahr": "2019"},
        {"ebene": "gesamtstadt", "jahr": 2025},
    ],
)
def test_the_steckbrief_slide_shows_the_reports_key_rows(demo_engine, params):
    slide = render_slide(demo_engine, "steckbrief", params)
    assert slide.ok, slide.message
    report = steckbrief_report.build(Source(demo_engine), SteckbriefParams.from_query(params))
    expected = key_table(report.key_rows, report.previous, report.earlier, report.is_city)
    assert slide.table.equals(expected)
    assert slide.title == f"Steckbrief {report.area.label}"
    assert ("Gesamtstadt" in slide.table.columns) is not report.is_city


@pytest.mark.parametrize("params", [{"jahr": 2025, "raum": ""}, {"jahr": "2019", "raum": "0102"}])
def test_the_uebersicht_slide_shows_the_reports_key_figures(demo_engine, params):
    slide = render_slide(demo_engine, "uebersicht", params)
    assert slide.ok, slide.message
    report = uebersicht_report.build(Source(demo_engine), UebersichtParams.from_query(params))
    assert slide.table.equals(report.key_table())
    assert slide.title == f"Übersicht {report.year}: {report.area.label}"
