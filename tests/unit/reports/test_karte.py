"""reports.karte on the demo city: the Karte's params survive the URL and a stored slide, the build is honest."""

from datetime import date

import pytest

from sozialraum.analysis.classification import ClassificationError, Method
from sozialraum.reports import karte
from sozialraum.reports.source import Source

YEAR = 2025


@pytest.fixture(scope="module")
def source(demo_engine):
    return Source(demo_engine)


def test_params_read_the_url_and_stored_slides_alike():
    from_url = karte.KarteParams.from_query(
        {"kennzahl": "sgb2_rate", "ebene": "planungsraum", "jahr": "2025", "ansicht": "veraenderung",
         "vergleich": "2020", "methode": "manuell", "grenzen": "5; 10,5", "fest": "1", "klassen": "4"}
    )  # fmt: skip
    stored = karte.KarteParams.from_query(
        {"kennzahl": "sgb2_rate", "ebene": "planning_area", "jahr": 2025, "ansicht": "veraenderung",
         "vergleich": 2020, "methode": "manuell", "grenzen": [5, 10.5], "fest": True, "klassen": 4}
    )  # fmt: skip
    assert from_url == stored
    assert from_url.ebene == "planning_area"
    assert from_url.grenzen == (5.0, 10.5)
    assert from_url.methode == Method.MANUAL
    assert karte.KarteParams.from_query(from_url.to_query()) == from_url
    assert karte.KarteParams.from_query(from_url.to_settings()) == from_url
    assert from_url.to_query()["ebene"] == "planungsraum"
    assert from_url.to_settings()["ebene"] == "planning_area"


def test_the_demo_decks_map_settings_parse():
    params = karte.KarteParams.from_query(
        {"kennzahl": "hze_rate", "ebene": "social_space", "jahr": 2025, "ansicht": "werte"}
    )
    assert (params.kennzahl, params.ebene, params.jahr, params.ansicht) == ("hze_rate", "social_space", 2025, "werte")
    assert params.methode == Method.QUANTILES
    assert params.klassen == 5
    assert not params.fest


def test_values_of_the_year_with_the_city_from_summed_parts(source):
    report = karte.build(source, karte.KarteParams(kennzahl="sgb2_rate", ebene="social_space", jahr=YEAR))
    assert report.period == date(2025, 12, 31)
    assert len(report.table) == 16
    assert not report.show_change
    assert report.subject.title() == "SGB-II-Quote 2025 (in %)"
    assert report.earlier_year == 2024  # the tooltip's »ggü.«, even when the values are shown
    assert report.city_text.endswith("%")
    assert report.city_mapped == report.city_now
    assert report.classification is not None
    assert report.classification.class_count == 5
    assert len(report.geometries) == 16
    assert report.outline.startswith("{")
    ranking = report.ranking_table
    assert list(ranking.columns) == ["Rang", "Gebiet", "Wert", "Veränderung"]
    assert ranking["Rang"].iloc[0] == "16 von 16"  # the highest SGB II rate is the least favourable
    assert "Niedrigste Werte" in karte.notes(report)


def test_change_view_compares_with_a_year_on_the_same_areas(source):
    params = karte.KarteParams(kennzahl="sgb2_rate", ebene="planning_area", jahr=YEAR, ansicht="veraenderung",
                               vergleich=2020, fest=True)  # fmt: skip
    report = karte.build(source, params)
    assert report.show_change
    assert report.earlier_year == 2020
    assert report.subject.title() == "SGB-II-Quote: Veränderung 2020–2025 in Prozentpunkten"
    assert report.fixed_years is None  # fixed bounds only for values: a change has its own scale
    assert report.table["change"].notna().sum() == 51
    before = karte.build(source, karte.KarteParams(kennzahl="sgb2_rate", ebene="planning_area", jahr=2020))
    assert report.city_mapped == pytest.approx(report.city_now - before.city_now)


def test_an_unknown_comparison_year_falls_back_to_the_newest(source):
    params = karte.KarteParams(kennzahl="sgb2_rate", jahr=YEAR, ansicht="veraenderung", vergleich=1990)
    assert karte.build(source, params).earlier_year == 2024


def test_fixed_bounds_pool_every_year(source):
    report = karte.build(source, karte.KarteParams(kennzahl="sgb2_rate", jahr=YEAR, fest=True))
    assert report.fixed_years == (2014, 2025)


def test_errors_say_what_is_missing(source):
    with pytest.raises(karte.KarteError, match="Kennzahl »weg«"):
        karte.build(source, karte.KarteParams(kennzahl="weg", jahr=YEAR))
    with pytest.raises(karte.KarteError, match="liegen 1990 keine Werte vor"):
        karte.build(source, karte.KarteParams(kennzahl="sgb2_rate", jahr=1990))
    with pytest.raises(ClassificationError):
        karte.build(source, karte.KarteParams(kennzahl="sgb2_rate", jahr=YEAR, methode=Method.MANUAL))
    with pytest.raises(ClassificationError, match="aufsteigend"):
        karte.KarteParams.from_query({"kennzahl": "sgb2_rate", "methode": "manuell", "grenzen": "10; 5"})
