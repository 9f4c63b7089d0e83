"""reports.entwicklung on the demo city: one trend per indicator, the city only where it is a reference."""

from datetime import date

import pytest

from sozialraum.reports import entwicklung
from sozialraum.reports.source import Source


@pytest.fixture(scope="module")
def source(demo_engine):
    return Source(demo_engine)


def test_params_read_the_url_and_stored_slides_alike():
    from_url = entwicklung.EntwicklungParams.from_query(
        {"kennzahlen": "sgb2_rate,hze_rate", "ebene": "sozialraum", "gebiete": "0101,0303", "basis": "2018-12-31"}
    )
    assert from_url.kennzahlen == ("sgb2_rate", "hze_rate")
    assert from_url.ebene == "social_space"
    assert from_url.gebiete == ("0101", "0303")
    assert from_url.basis == date(2018, 12, 31)
    assert entwicklung.EntwicklungParams.from_query(from_url.to_query()).kennzahlen == from_url.kennzahlen
    stored = entwicklung.EntwicklungParams.from_query(from_url.slide_settings("hze_rate"))
    assert stored.kennzahlen == ("hze_rate",)
    assert stored.gebiete == from_url.gebiete
    assert stored.basisjahr == 2018


def test_one_line_per_area_and_the_city_with_the_slides_notes(source):
    params = entwicklung.EntwicklungParams(kennzahlen=("child_poverty", "pop_total"), gebiete=("0101", "0303"))
    report = entwicklung.build(source, params)
    assert [t.key for t in report.trends] == ["child_poverty", "pop_total"]
    rate, count = report.trends
    assert list(report.labels.values())[0].startswith("Altstadt-Kern")
    assert set(rate.series["area_id"]) == set(report.labels)
    assert len(rate.city) == len(report.periods)
    assert count.city.empty  # a city total is no reference for one area's count
    assert list(rate.table.columns)[-1] == "Gesamtstadt"
    assert "(31.12.2025)" in rate.notes()
    assert rate.chart_title == rate.indicator["name"] + " (%)"


def test_an_index_from_a_base_year(source):
    params = entwicklung.EntwicklungParams(kennzahlen=("pop_total",), gebiete=("0101",), basisjahr=2018)
    report = entwicklung.build(source, params)
    trend = report.trends[0]
    assert report.base == date(2018, 12, 31)
    assert trend.base == report.base
    base_row = trend.series[trend.series["period"] == report.base]
    assert base_row["value"].iloc[0] == pytest.approx(100)
    assert not trend.city.empty  # indexed, the city's growth is a reference
    assert trend.title == "Entwicklung: " + trend.indicator["name"] + " als Index (2018 = 100)"


def test_stale_settings_raise_a_german_error(source):
    with pytest.raises(entwicklung.EntwicklungError, match="Basisjahr 1900"):
        entwicklung.build(source, entwicklung.EntwicklungParams(("pop_total",), gebiete=("0101",), basisjahr=1900))
    with pytest.raises(LookupError, match="»9999« gibt es nicht mehr"):
        entwicklung.build(source, entwicklung.EntwicklungParams(("pop_total",), gebiete=("9999",)))
