"""Downloads on the pages: the Steckbrief PDF, chart images and table files, produced only when clicked.

``st.download_button`` hands a callable to Streamlit's media file manager, which calls it on click. The
tests record those callables and call them, as a click would, then open the files.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager

from sozialraum.export import images
from sozialraum.export.tables import NOTES_SHEET


@pytest.fixture
def deferred_files(monkeypatch) -> dict[str, object]:
    """File name -> the callable a click on its download button would run."""
    files: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return files


def open_page(app, page: str, **params):
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page(f"views/{page}.py")
    return app.run()


def test_steckbrief_pdf_download_holds_the_profile(demo_app, deferred_files, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")  # the no-browser path, fast
    at = open_page(demo_app, "steckbrief", raum="0303")
    assert not at.exception
    buttons = {button.label for button in at.get("download_button")}
    assert "PDF herunterladen" in buttons
    assert any("Das PDF entsteht ohne Diagramme" in caption.value for caption in at.caption)
    name = "steckbrief_0303_2025_fiktive-beispieldaten.pdf"
    reader = PdfReader(io.BytesIO(deferred_files[name]()))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    metrics = {metric.label: metric.value for metric in at.metric}
    assert "Am Mühlbach (Lindenfeld)" in text
    assert metrics["Einwohner"] in text  # the same figure as on the page
    assert "fiktive Beispieldaten" in text
    assert "Diagramme fehlen in diesem PDF" in text


def test_steckbrief_tables_download_with_notes(demo_app, deferred_files, monkeypatch):
    monkeypatch.setenv(images.CHROMIUM_ENV_VARIABLE, "/nonexistent")
    at = open_page(demo_app, "steckbrief", raum="0303")
    labels = [button.label for button in at.get("download_button")]
    assert labels.count("XLSX") == labels.count("CSV (Excel)") == 7 + 1 + 1  # 7 topics, budget, goals
    assert "PNG" not in labels  # no browser: one German message instead of image buttons
    assert sum("Bilder von Diagrammen" in caption.value for caption in at.caption) == 1

    book = load_workbook(io.BytesIO(deferred_files["steckbrief_0303_2025_fiktive-beispieldaten_Bevölkerung.xlsx"]()))
    assert book.sheetnames[1] == NOTES_SHEET
    data = list(book.worksheets[0].iter_rows(values_only=True))
    assert data[0][:5] == ("Gebiet", "Gebietsname", "Kennzahl", "Einheit", "Wert")
    assert data[1][:3] == ("0303", "Am Mühlbach", "Einwohnerinnen und Einwohner")
    assert f"{data[1][4]:,.0f}".replace(",", ".") == at.metric[0].value  # the Einwohner card
    notes = dict(row for row in book[NOTES_SHEET].iter_rows(min_row=2, values_only=True))
    assert notes["Datenstand"] == "31.12.2025"
    assert "Einwohnerinnen und Einwohner" in notes  # a definition of a shown indicator

    csv = deferred_files["budget_0303_2025.csv"]().decode("utf-8-sig")
    assert csv.startswith("Produkt;Hilfeart;Ansatz (€);Ist (€);")
    assert "36.3 Hilfen zur Erziehung;stationär;" in csv
    assert "\r\n\r\nQuelle;Fiktive Beispieldaten" in csv


@pytest.mark.skipif(not images.static_images_available(), reason="no Chromium on this machine")
def test_vergleich_chart_downloads_are_images_with_the_source_line(demo_app, deferred_files):
    at = open_page(demo_app, "vergleich", gebiete="0101,0303")
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert labels.count("PNG") == labels.count("SVG") == 1
    assert labels.count("XLSX") == 1
    png = deferred_files["abstand_0101_0303_2025.png"]()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = deferred_files["abstand_0101_0303_2025.svg"]().decode()
    assert "Datenquelle: Fiktive Beispieldaten" in svg
    assert "fiktive Beispieldaten" in svg
    assert "Am Mühlbach" in svg
