"""Every malformed file gets a German message naming the place, and changes no data at all."""

import pytest
from sqlalchemy import func, select

from sozialraum.importing import run_import
from sozialraum.models import ImportLog

from .conftest import DATA, data_snapshot

MALFORMED = DATA / "malformed"

# file, kind, expected words in the message, expected row, expected column
CASES = [
    ("utf16_export.csv", "observations", "UTF-16", None, None),
    ("wrong_separator_pipe.csv", "observations", "Trennzeichen prüfen", 1, None),
    ("unknown_area_key.csv", "observations", "Unbekannter Gebietsschlüssel »9999«", 3, "Gebiet"),
    ("text_in_number_column.csv", "observations", "Kein Zahlenwert: »zwölf«", 2, "Wert"),
    ("duplicate_rows.csv", "observations", "steht schon in Zeile 2", 3, None),
    ("empty.csv", "observations", "Die Datei ist leer", None, None),
    ("header_only.csv", "observations", "nur die Kopfzeile", 1, None),
    ("share_above_100.csv", "observations", "Anteil 123,4 % liegt außerhalb von 0 bis 100", 2, "Wert"),
    (
        "numerator_above_denominator.csv",
        "observations",
        "Zähler (1.200) ist größer als der Nenner (1.000)",
        2,
        "Zähler",
    ),
    ("period_out_of_range.csv", "observations", "31.12.1799 liegt außerhalb von 1800 bis 2100", 2, "Jahr"),
    ("period_unreadable.csv", "observations", "Zeitraum »im Jahr 2025« nicht lesbar", 2, "Jahr"),
    ("unknown_indicator.csv", "observations", "Unbekannte Kennzahl »armutsquote_neu«", 2, "Kennzahl"),
    ("missing_indicator_column.csv", "observations", "Pflichtspalte »Kennzahl« fehlt", 1, None),
    ("too_many_fields.csv", "observations", "Zeile hat 7 Felder, die Kopfzeile nur 6", 2, None),
    (
        "duplicate_header.csv",
        "observations",
        "Spalte »Wert« kommt in der Kopfzeile doppelt vor (mit verschiedenen",
        1,
        "Wert",
    ),
    ("unknown_flag.csv", "observations", "Unbekanntes Kennzeichen »vielleicht«", 2, "Kennzeichen"),
    ("negative_count.csv", "observations", "Negative Anzahl -3", 2, "Wert"),
    ("negative_denominator.csv", "observations", "Negativer Nenner", 2, "Nenner"),
    ("old_excel.xls", "observations", "Altes Excel-Format", None, None),
    ("excel_text_in_number.xlsx", "observations", "Kein Zahlenwert: »n/a«", 5, "Wert"),
    ("catalogue_unknown_kind.csv", "indicators", "Unbekannte Art »Prozentsatz«", 2, "Art"),
    ("wide_missing_column.csv", "observations", "Spalte aus der Zuordnungsdatei fehlt", 1, "S4"),
    ("budget_unknown_aid_type.csv", "budget", "Unbekannte Hilfeart »irgendwie«", 3, "Hilfeart"),
    ("goals_target_before_baseline.csv", "goals", "Zieljahr liegt vor dem Basisjahr", 2, "Zieljahr"),
    ("duplicate_area_keys.geojson", "areas", "Schlüssel »010101« kommt schon im Objekt 1 vor", 2, "key"),
    ("line_not_polygon.geojson", "areas", "kein Polygon, sondern LineString", 1, "Geometrie"),
    ("collapsed_polygon.geojson", "areas", "nicht reparierbar", 1, "Geometrie"),
    ("missing_prj.shp", "areas", "--crs EPSG:25833", None, None),
    ("not_geometry.txt", "areas", "GeoJSON, Shapefile", None, None),
    # Issue 13 point 4: accepted input that later broke pages.
    ("infinite_value.csv", "observations", "Zahl ist nicht endlich", 3, "Wert"),
    ("value_beyond_display.csv", "observations", "Zahl 3,500e+20 ist zu groß", 3, "Wert"),
    (
        "catalogue_decimals_million.csv",
        "indicators",
        "»1.000.000«: erlaubt sind ganze Zahlen von 0 bis 6",
        2,
        "Nachkommastellen",
    ),
    (
        "catalogue_decimals_negative.csv",
        "indicators",
        "»-3«: erlaubt sind ganze Zahlen von 0 bis 6",
        2,
        "Nachkommastellen",
    ),
    # Point 5: tracebacks instead of messages; a broken mapping is reported (and logged) like a broken file.
    (
        "mapping_header_row_text.csv",
        "observations",
        "»header_row«: erwartet ganze Zahl ab 1, gefunden Text »drei«",
        None,
        None,
    ),
    (
        "mapping_columns_text.csv",
        "observations",
        "»columns«: erwartet Tabelle »Feld = Spaltenname«, gefunden Text",
        None,
        None,
    ),
    ("mapping_flags_text.csv", "observations", "»values.flags«: erwartet Tabelle »Wort = Kennzeichen«", None, None),
    (
        "mapping_parent_from_key_text.geojson",
        "areas",
        "»values.parent_from_key«: erwartet ganze Zahl ab 1, gefunden Text »abc«",
        None,
        None,
    ),
    (
        "mapping_unknown_key.csv",
        "observations",
        "Unbekannter Schlüssel »colums« (erlaubt: boundary_version, columns",
        None,
        None,
    ),
    (
        "csv_renamed.xlsx",
        "observations",
        "heißt .xlsx, ist aber keine Excel-Datei, sondern vermutlich eine Textdatei",
        None,
        None,
    ),
    (
        "utm_without_crs.geojson",
        "areas",
        "außerhalb von ±180°/±90°: Die Datei gibt kein passendes Koordinatensystem an, vermutlich UTM",
        None,
        None,
    ),
    ("goals_year_99999.csv", "goals", "Jahr 99.999 liegt außerhalb von 1950 bis 2100", 2, "Zieljahr"),
    # Point 6: limits of the schema (PostgreSQL refuses these on writing, SQLite would store them).
    ("catalogue_key_too_long.csv", "indicators", "Text ist 65 Zeichen lang, erlaubt sind höchstens 64", 2, "Schlüssel"),
    ("catalogue_nul_byte.csv", "indicators", "Nullzeichen (NUL)", 2, "Name"),
    ("areas_name_too_long.geojson", "areas", "Text ist 201 Zeichen lang, erlaubt sind höchstens 200", 1, "name"),
    ("areas_nul_in_name.geojson", "areas", "Nullzeichen (\\u0000)", None, None),
    ("budget_amount_beyond_column.csv", "budget", "Betrag 100.000.000.000.000 ist zu groß: centgenau", 2, "Ansatz"),
    ("budget_product_code_too_long.csv", "budget", "Text ist 33 Zeichen lang, erlaubt sind höchstens 32", 2, "Produkt"),
    ("goals_title_too_long.csv", "goals", "Text ist 301 Zeichen lang, erlaubt sind höchstens 300", 2, "Wirkungsziel"),
    # Point 7: silent damage.
    ("areas_key_lost_zero.geojson", "areas", "»10101« fehlt im Gebietsstand, »010101« gibt es", 1, "key"),
    ("observations_key_lost_zero.csv", "observations", "»101«; gemeint ist wohl »0101«", 2, "Gebiet"),
    ("areas_missing_name.geojson", "areas", "Name fehlt (Gebiet »010199«)", 1, "name"),
    ("excel_error_cells.xlsx", "observations", "Excel-Fehlerwert »#DIV/0!«", 3, "Wert"),
    ("excel_error_cells.xlsx", "observations", "Excel-Fehlerwert »#N/A«", 4, "Wert"),
    ("excel_formula_without_result.xlsx", "observations", "Formel »=40+60« ohne gespeichertes Ergebnis", 2, "Wert"),
    ("budget_amount_loses_cents.csv", "budget", "Betrag 1,000e+17 ist zu groß: centgenau gespeichert", 2, "Ansatz"),
    ("budget_fractional_cases.csv", "budget", "Ganze Zahl erwartet, gefunden 2,5.", 2, "Fälle"),
    (
        "share_contradicts_numerator.csv",
        "observations",
        "Wert 12,5 passt nicht zu Zähler 200 und Nenner 1.000",
        2,
        "Wert",
    ),
    (
        "unknown_crs.geojson",
        "areas",
        "Unbekanntes Koordinatensystem »urn:ogc:def:crs:EPSG::999999« in der Datei",
        None,
        None,
    ),
    ("xlsx_renamed.csv", "observations", "keine Textdatei (CSV), sondern eine Excel- oder ZIP-Datei", None, None),
    (
        "excel_unknown_sheet.xlsx",
        "observations",
        "Tabellenblatt »Werte 2025« gibt es nicht (vorhanden: »Sheet«)",
        None,
        None,
    ),
    (
        "mapping_negative_header_row.csv",
        "observations",
        "»header_row«: erwartet ganze Zahl ab 1, gefunden Zahl -1",
        None,
        None,
    ),
]
AREA_MAPPING = {"level": "planning_area", "boundary_version": "musterstadt-2014"}


def mapping_for(file_name: str) -> dict:
    """``run_import``'s mapping argument: the side file (read, and refused, by the runner), else the base."""
    from sozialraum.importing.mapping import load_mapping

    side_file = MALFORMED / (file_name.rsplit(".", 1)[0] + ".mapping.toml")
    if side_file.exists():
        return {"mapping_path": side_file}
    base = AREA_MAPPING if file_name.endswith((".geojson", ".shp", ".txt")) else None
    return {"mapping": load_mapping(None, base)}


def test_the_corpus_is_complete():
    assert len(CASES) >= 20
    assert {case[0] for case in CASES} <= {path.name for path in MALFORMED.iterdir()}


@pytest.mark.parametrize(("file_name", "kind", "words", "row", "column"), CASES, ids=[case[0] for case in CASES])
def test_malformed_file_is_rejected_with_its_place_and_changes_nothing(
    import_engine, file_name, kind, words, row, column
):
    before = data_snapshot(import_engine)
    with import_engine.connect() as connection:
        logged_before = connection.scalar(select(func.count(ImportLog.id)))

    report = run_import(import_engine, kind, MALFORMED / file_name, **mapping_for(file_name))

    assert not report.ok
    problem = next((p for p in report.errors if words in p.text), None)
    assert problem is not None, [str(p) for p in report.problems]
    assert problem.file_name == file_name
    assert (problem.row, problem.column) == (row, column)
    assert str(problem).startswith(f"Fehler: {file_name}")
    assert data_snapshot(import_engine) == before
    with import_engine.connect() as connection:
        # The failed attempt is on record (provenance); only the data tables are untouched.
        last = connection.execute(select(ImportLog.outcome, ImportLog.file_name).order_by(ImportLog.id.desc())).first()
        assert connection.scalar(select(func.count(ImportLog.id))) == logged_before + 1
    assert tuple(last) == ("failed", file_name)


def test_a_dry_run_writes_nothing_not_even_a_log_entry(import_engine):
    before = data_snapshot(import_engine)
    with import_engine.connect() as connection:
        logged_before = connection.scalar(select(func.count(ImportLog.id)))
    report = run_import(import_engine, "observations", MALFORMED / "unknown_area_key.csv", dry_run=True)
    assert not report.ok
    assert data_snapshot(import_engine) == before
    with import_engine.connect() as connection:
        assert connection.scalar(select(func.count(ImportLog.id))) == logged_before
