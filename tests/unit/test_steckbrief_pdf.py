"""The Steckbrief PDF on SQLite and PostgreSQL: opened with pypdf, its text checked against the database."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from sozialraum.export import images
from sozialraum.export.steckbrief_pdf import steckbrief_pdf
from sozialraum.formatting import format_number, format_value
from sozialraum.reports.steckbrief import SteckbriefError, load_steckbrief

PERIOD = date(2025, 12, 31)
A4_POINTS = (595.28, 841.89)


def stored_value(engine, indicator: str, area_key: str, level: str = "social_space") -> float:
    # Straight from SQL, independent of the code under test.
    query = text(
        "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id "
        "JOIN area a ON a.id = o.area_id WHERE i.key = :key AND a.key = :area AND a.level = :level "
        "AND o.period = :period"
    )
    with engine.connect() as connection:
        return float(
            connection.execute(
                query, {"key": indicator, "area": area_key, "level": level, "period": PERIOD}
            ).scalar_one()
        )


def pdf_text(payload: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(payload))
    return reader, "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")


def test_pdf_states_name_key_figures_source_and_demo_label(demo_engine, no_chromium):
    steckbrief = load_steckbrief(demo_engine, "social_space", "0303", PERIOD)
    reader, content = pdf_text(steckbrief_pdf(steckbrief))

    assert "Am Mühlbach (Lindenfeld)" in content
    assert "Sozialraum 0303 · Bezirk Lindenfeld · Stichtag 31.12.2025" in content
    assert format_number(stored_value(demo_engine, "pop_total", "0303")) in content
    sgb2 = format_value(stored_value(demo_engine, "sgb2_rate", "0303"), "%", 1).replace("\u00a0", " ")
    assert f"SGB-II-Quote {sgb2}" in content
    for heading in ("Bevölkerung", "Budget 2025", "Wirkungsziele", "Definitionen und Quellen", "Methode"):
        assert heading in content
    flowing = " ".join(content.split())  # cell text wraps over lines
    assert "Hilfen zur Erziehung durch frühe Unterstützung im Sozialraum vermeiden" in flowing
    assert "Datenquelle: Fiktive Beispieldaten" in content
    assert "Datenstand: 31.12.2025" in content
    assert "fiktive Beispieldaten" in content
    pages = len(reader.pages)
    for number in range(1, pages + 1):
        page_text = reader.pages[number - 1].extract_text().replace("\u00a0", " ")
        assert f"Seite {number}/{pages}" in page_text
        assert "Datenquelle:" in page_text  # the footer is on every page
    assert "Diagramme fehlen in diesem PDF" in content
    assert "apt-get install chromium" in content


def test_without_chromium_the_pdf_has_no_chart_images_but_the_vector_map(demo_engine, no_chromium):
    reader, _ = pdf_text(steckbrief_pdf(load_steckbrief(demo_engine, "social_space", "0303", PERIOD)))
    assert sum(len(page.images) for page in reader.pages) == 0
    assert len(reader.pages) >= 3


@pytest.mark.skipif(not images.static_images_available(), reason="no Chromium on this machine")
def test_pdf_is_a4_portrait_with_chart_images(demo_engine):
    reader, content = pdf_text(steckbrief_pdf(load_steckbrief(demo_engine, "social_space", "0303", PERIOD)))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4_POINTS
    assert sum(len(page.images) for page in reader.pages) == 5  # four trends and the distance chart
    assert "Entwicklung wichtiger Kennzahlen" in content
    assert "Abstand zum Stadtwert" in content
    assert "Diagramme fehlen" not in content


def test_planning_area_shows_its_social_space_budget_and_district_level_works(demo_engine, no_chromium):
    planning = load_steckbrief(demo_engine, "planning_area", "030301", PERIOD)
    _, content = pdf_text(steckbrief_pdf(planning))
    assert "Planungsraum 030301" in content
    assert "gezeigt wird der Sozialraum Am Mühlbach" in content

    district = load_steckbrief(demo_engine, "district", "03", PERIOD)
    assert district.population == pytest.approx(
        sum(stored_value(demo_engine, "pop_total", key) for key in ("0301", "0302", "0303", "0304", "0305"))
    )
    _, content = pdf_text(steckbrief_pdf(district))
    assert "Bezirk 03 · Stichtag 31.12.2025" in content
    assert format_number(district.population) in content


def test_unknown_area_and_period_are_named_in_german(demo_engine):
    with pytest.raises(SteckbriefError, match="Kein Sozialraum mit dem Schlüssel »9999«"):
        load_steckbrief(demo_engine, "social_space", "9999", PERIOD)
    with pytest.raises(SteckbriefError, match="Stichtag 30.06.2025"):
        load_steckbrief(demo_engine, "social_space", "0303", date(2025, 6, 30))
