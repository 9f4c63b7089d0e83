"""reports.vergleich on the demo city: the value table, the city's totals and the distances."""

import pytest

from sozialraum.reports import vergleich
from sozialraum.reports.source import Source

YEAR = 2025


@pytest.fixture(scope="module")
def source(demo_engine):
    return Source(demo_engine)


def test_params_read_the_url_and_stored_slides_alike():
    from_url = vergleich.VergleichParams.from_query({"ebene": "bezirk", "gebiete": "01,02", "jahr": "2025"})
    stored = vergleich.VergleichParams.from_query({"ebene": "district", "gebiete": ["01", "02"], "jahr": 2025})
    assert from_url == stored
    assert vergleich.VergleichParams.from_query(from_url.to_query()) == from_url
    settings = from_url.slide_settings(vergleich.SHOW_TABLE)
    assert vergleich.VergleichParams.from_query(settings).darstellung == vergleich.SHOW_TABLE


def test_three_areas_side_by_side_with_the_city(source):
    params = vergleich.VergleichParams(ebene="social_space", gebiete=("0101", "0303", "0202"), jahr=YEAR)
    report = vergleich.build(source, params)
    assert len(report.labels) == 3
    table = report.table.set_index("Kennzahl")
    assert list(table.columns[1:4]) == list(report.labels.values())
    assert table.loc["Einwohnerinnen und Einwohner", "Gesamtstadt"].endswith(" gesamt")  # a total, no average
    numbers = report.numbers.set_index("Kennzahl")
    label = next(iter(report.labels.values()))
    assert table.loc["SGB-II-Quote", label].startswith(f"{numbers.loc['SGB-II-Quote', label]:.1f}".replace(".", ","))
    assert set(report.deviations["area_id"]) == set(report.labels)
    assert report.has_city
    assert report.title.startswith(f"Vergleich {YEAR}: Altstadt-Kern")
    assert "am ungünstigsten" in report.deviation_notes()


def test_topics_narrow_the_table(source):
    topic = source.indicators()["topic"].iloc[0]
    params = vergleich.VergleichParams(gebiete=("0101", "0303"), jahr=YEAR, themen=(topic,))
    report = vergleich.build(source, params)
    assert set(report.table["Thema"]) == {topic}


def test_stale_settings_raise_a_german_error(source):
    with pytest.raises(vergleich.VergleichError, match="mindestens zwei"):
        vergleich.build(source, vergleich.VergleichParams(gebiete=("0101",), jahr=YEAR))
    with pytest.raises(vergleich.VergleichError, match="Themen"):
        vergleich.build(source, vergleich.VergleichParams(gebiete=("0101", "0303"), jahr=YEAR, themen=("Weg",)))
