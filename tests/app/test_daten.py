"""Daten page through AppTest: upload, see the check, confirm; catalogue and import log show the result."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")

VALID = "Gebiet;Kennzahl;Jahr;Wert;Zähler;Nenner\n0101;sgb2_rate;2031;;1.250;10.000\n".encode()
INVALID = b"Gebiet;Kennzahl;Jahr;Wert\n9999;sgb2_rate;2031;12,5\n"


@pytest.fixture
def private_demo(demo_sqlite_file, tmp_path, monkeypatch):
    """Uploads write, so each test gets its own copy of the demo database."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_sqlite_file, copy)
    monkeypatch.setenv("SOZIALRAUM_DATABASE_URL", f"sqlite:///{copy}")
    return copy


def table_with(at: AppTest, column: str):
    """The first table showing ``column`` (st.dataframe has no key AppTest can look up)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def open_daten() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/daten.py").run()
    assert not at.exception
    return at


def test_catalogue_lists_every_indicator_with_its_coverage(private_demo):
    at = open_daten()
    assert at.title[0].value == "Daten"
    catalogue = table_with(at, "Wertung")
    assert len(catalogue) == 33  # 31 demo indicators and the two materialised Sozialindex indicators
    assert set(catalogue.loc[catalogue["Thema"] == "Sozialindex", "Schlüssel"]) == {"index_status", "index_dynamics"}
    sgb2 = catalogue[catalogue["Schlüssel"] == "sgb2_rate"].iloc[0]
    assert (sgb2["Zeitpunkte"], sgb2["von"], sgb2["bis"], sgb2["Wertung"]) == (
        12,
        "31.12.2014",
        "31.12.2025",
        "niedriger ist günstiger",
    )
    coverage = table_with(at, "Sozialräume")
    assert list(coverage.columns) == ["Planungsräume", "Sozialräume"]
    assert len(coverage) == 12


def test_an_invalid_upload_shows_the_report_and_offers_no_import(private_demo):
    at = open_daten()
    at.file_uploader(key="import_file").set_value(("werte.csv", INVALID, "text/csv")).run()
    assert not at.exception
    assert "1 Fehler, nichts wurde geschrieben" in at.error[0].value
    report = table_with(at, "Meldung")
    assert report.iloc[0]["Meldung"] == "Unbekannter Gebietsschlüssel »9999«."
    assert (report.iloc[0]["Zeilen"], report.iloc[0]["Spalten"]) == ("2", "Gebiet")
    assert not [button for button in at.button if button.key == "import_confirm"]


def test_a_valid_upload_is_written_only_after_confirmation(private_demo):
    at = open_daten()
    at.file_uploader(key="import_file").set_value(("werte.csv", VALID, "text/csv")).run()
    assert "Prüfung bestanden" in at.success[0].value
    engine = create_engine(f"sqlite:///{private_demo}")
    query = text("SELECT value FROM observation WHERE period = :period")
    with engine.connect() as connection:
        assert connection.execute(query, {"period": date(2031, 12, 31)}).first() is None  # checked, not written
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert any("1 geschrieben" in message.value for message in at.success)
    with engine.connect() as connection:
        assert connection.execute(query, {"period": date(2031, 12, 31)}).scalar_one() == pytest.approx(12.5)
    log = table_with(at, "SHA-256")
    assert log.iloc[0]["Datei"] == "werte.csv"
    assert log.iloc[0]["Ergebnis"] == "importiert"


def test_export_tab_lists_values_in_the_import_format(private_demo):
    at = open_daten()
    exported = table_with(at, "Gebietsname")
    assert list(exported.columns) == [
        "Gebiet",
        "Gebietsname",
        "Kennzahl",
        "Stichtag",
        "Wert",
        "Zähler",
        "Nenner",
        "Kennzeichen",
    ]
    assert set(exported["Stichtag"]) == {"31.12.2025"}
    assert len(exported) == 3 * 51  # three indicators, 51 planning areas
    assert any(button.label == "CSV für Excel" for button in at.get("download_button"))


MALFORMED = Path(__file__).resolve().parents[1] / "data" / "malformed"


@pytest.mark.parametrize(
    ("kind", "upload", "mapping", "words"),
    [
        ("observations", "csv_renamed.xlsx", None, "heißt .xlsx, ist aber keine Excel-Datei"),
        (
            "observations",
            "mapping_header_row_text.csv",
            "mapping_header_row_text.mapping.toml",
            "»header_row«: erwartet ganze Zahl ab 1, gefunden Text »drei«",
        ),
        (
            "observations",
            "mapping_columns_text.csv",
            "mapping_columns_text.mapping.toml",
            "»columns«: erwartet Tabelle",
        ),
        ("observations", "excel_error_cells.xlsx", None, "Excel-Fehlerwert »#DIV/0!«"),
        ("areas", "utm_without_crs.geojson", "utm_without_crs.mapping.toml", "vermutlich UTM"),
        ("goals", "goals_year_99999.csv", None, "Jahr 99.999 liegt außerhalb von 1950 bis 2100"),
        ("observations", "infinite_value.csv", None, "Zahl ist nicht endlich"),
    ],
)
def test_hostile_uploads_get_the_german_report_not_an_exception(private_demo, kind, upload, mapping, words):
    """Issue 13 point 5: these raised (Streamlit's English error box) or passed the check."""
    at = open_daten()
    at.selectbox(key="import_kind").set_value(kind).run()
    if mapping:
        at.file_uploader(key="import_mapping").set_value(
            (mapping, (MALFORMED / mapping).read_bytes(), "application/toml")
        ).run()
    at.file_uploader(key="import_file").set_value((upload, (MALFORMED / upload).read_bytes(), "text/plain")).run()
    assert not at.exception
    assert "nichts wurde geschrieben" in at.error[0].value
    report = table_with(at, "Meldung")
    assert any(words in message for message in report["Meldung"]), list(report["Meldung"])
    assert set(report["Datei"]) == {upload}  # the user's label, never the server's file name
    # A mapping's problems name the user's mapping file, never the server's copy.
    assert all(mapping in message for message in report["Meldung"] if message.startswith("Zuordnung"))
    assert not any("zuordnung.toml" in message for message in report["Meldung"])
    log = table_with(at, "SHA-256")
    assert (log.iloc[0]["Datei"], log.iloc[0]["Ergebnis"]) == (upload, "abgelehnt")  # the attempt is on record
    assert not [button for button in at.button if button.key == "import_confirm"]


MANY_BAD_KEYS = "Gebiet;Kennzahl;Jahr;Wert\n9999;sgb2_rate;2031;12,5\n9999;sgb2_rate;2030;12,5\n8888;sgb2_rate;2031;1\n"


def test_the_check_shows_the_summary_and_offers_the_complete_report(private_demo, monkeypatch):
    """One line per kind of message with its values and rows; every value in the expander and the downloads."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    at = open_daten()
    at.file_uploader(key="import_file").set_value(("werte.csv", MANY_BAD_KEYS.encode(), "text/csv")).run()
    assert not at.exception
    assert "3 Fehler, nichts wurde geschrieben" in at.error[0].value
    summary = next(block.value for block in at.markdown if "verschiedene Werte" in block.value)
    assert "2 verschiedene Werte in 3 Zeilen" in summary
    assert "9999« (Zeilen 2–3)" in summary
    assert "8888« (Zeile 4)" in summary
    assert any(expander.label.startswith("Alle Meldungen: 2 verschiedene Werte") for expander in at.expander)
    report = table_with(at, "Anzahl Zeilen")
    assert list(report["Wert"]) == ["9999", "8888"]
    assert list(report["Zeilen"]) == ["2–3", "4"]
    labels = {button.label for button in at.get("download_button")}
    assert {"Bericht als CSV (Excel)", "Bericht als XLSX"} <= labels
    payload = files["importbericht_werte.csv"]().decode("utf-8-sig")
    assert payload.splitlines()[0].startswith("Art;Meldung;Wert;Zeilen;Anzahl Zeilen")
    assert '"=""9999""";2–3;2;2;Gebiet' in payload
    assert files["importbericht_werte.xlsx"]()[:2] == b"PK"
