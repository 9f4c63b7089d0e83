"""Shapes of values and tables on small hand-written files: Excel dates, wide layouts' messages, area
lists and the mapping keys behind them (the real cities' files are in test_real_file_shapes.py)."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sozialraum.importing import run_import
from sozialraum.importing.mapping import InvalidMappingError, load_mapping
from sozialraum.models import Area, BoundaryVersion

from .conftest import data_snapshot
from .test_imports import stored


def test_excel_date_cells_and_serial_numbers_are_stichtage(import_engine, tmp_path):
    path = tmp_path / "werte.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Gebiet", "Kennzahl", "Stichtag", "Wert"])
    sheet.append(["0101", "inobhutnahmen", datetime(2027, 12, 31), 4])  # a date cell
    sheet.append(["0102", "inobhutnahmen", 46752, 5])  # the same day as a serial number: 31.12.2027
    sheet.append(["0103", "inobhutnahmen", "06/2027", 6])
    workbook.save(path)
    report = run_import(import_engine, "observations", path)
    assert report.ok, report.lines()
    assert stored(import_engine, "0101", "inobhutnahmen", date(2027, 12, 31)).value == 4
    assert stored(import_engine, "0102", "inobhutnahmen", date(2027, 12, 31)).value == 5
    assert stored(import_engine, "0103", "inobhutnahmen", date(2027, 6, 30)).value == 6


def test_a_bad_period_of_a_wide_row_is_one_message(import_engine, tmp_path):
    path = tmp_path / "breit.csv"
    path.write_text("Gebiet;Jahr;A;B;C\n0101;20x6;1;2;3\n0102;2026;1;zwei;drei\n", encoding="utf-8")
    mapping = tmp_path / "breit.toml"
    mapping.write_text('[wide.columns]\nA = "inobhutnahmen"\nB = "inobhutnahmen"\nC = "inobhutnahmen"\n')
    before = data_snapshot(import_engine)
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    texts = [(problem.row, problem.column, problem.text) for problem in report.errors]
    assert texts == [
        (2, "Jahr", "Zeitraum »20x6« nicht lesbar (z. B. 2025 oder 31.12.2025)."),
        (3, "B", "Kein Zahlenwert: »zwei«."),
        (3, "C", "Kein Zahlenwert: »drei«."),
    ]
    assert data_snapshot(import_engine) == before


def test_wide_by_area_with_mapped_headers_and_an_unknown_area(import_engine, tmp_path):
    path = tmp_path / "stadtteile.csv"
    path.write_text("Jahr;Nordstadt;Unbekannt\n2028;11;12\n2029;13;14\n", encoding="utf-8")
    mapping = tmp_path / "stadtteile.toml"
    mapping.write_text(
        '[wide]\nby = "area"\nindicator = "inobhutnahmen"\n[wide.columns]\nNordstadt = "0101"\nUnbekannt = "9999"\n'
    )
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert [(problem.row, problem.column, problem.text) for problem in report.errors] == [
        (2, "Unbekannt", "Unbekannter Gebietsschlüssel »9999«."),
        (3, "Unbekannt", "Unbekannter Gebietsschlüssel »9999«."),
    ]
    mapping.write_text('[wide]\nby = "area"\nindicator = "inobhutnahmen"\n[wide.columns]\nNordstadt = "0101"\n')
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    assert stored(import_engine, "0101", "inobhutnahmen", date(2029, 12, 31)).value == 13


def test_wide_by_area_keeps_only_the_rows_and_filter_of_the_mapping(import_engine, tmp_path):
    # Konstanz's historic table repeats the years of the newer one: `rows` must leave them out here too.
    path = tmp_path / "stadtteile.csv"
    path.write_text("Jahr;0101;0102\n2041;11;12\n2042;13;14\n", encoding="utf-8")
    mapping = tmp_path / "stadtteile.toml"
    mapping.write_text('[wide]\nby = "area"\nindicator = "inobhutnahmen"\n[values]\nrows = "2"\n')
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    assert stored(import_engine, "0102", "inobhutnahmen", date(2041, 12, 31)).value == 12
    assert stored(import_engine, "0101", "inobhutnahmen", date(2042, 12, 31)) is None
    # The filter's column is no area; only the row with »neu« counts.
    path.write_text("Jahr;Stand;0101\n2043;alt;21\n2043;neu;22\n", encoding="utf-8")
    mapping.write_text('[wide]\nby = "area"\nindicator = "inobhutnahmen"\n[values]\nfilter = { Stand = "neu" }\n')
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    assert stored(import_engine, "0101", "inobhutnahmen", date(2043, 12, 31)).value == 22


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"wide": {"by": "zone"}}, "»wide.by«: erwartet »area« oder »indicator«, gefunden Text »zone«."),
        ({"shares": {"quote": {"numerator": "A"}}}, "»shares.quote«: es fehlt denominator"),
        ({"shares": {"quote": "A/B"}}, "»shares.quote«: erwartet Tabelle"),
        ({"shares": {"quote": {"numerator": "A", "denominator": "B", "scale": 100}}}, "»shares.quote.scale«"),
    ],
)
def test_wrong_shape_keys_are_named_in_german(raw, expected):
    with pytest.raises(InvalidMappingError) as failure:
        load_mapping(None, raw)
    assert any(expected in text for text in failure.value.texts), failure.value.texts


def test_an_area_list_names_rows_and_changes_nothing_when_broken(empty_engine, tmp_path):
    path = tmp_path / "liste.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Stadtteile (Stand 2026)"])
    sheet.append(["Schlüssel", "Name"])
    sheet.append(["01", "Nord"])
    sheet.append(["02", ""])
    sheet.append(["01", "Nord noch einmal"])
    workbook.save(path)
    mapping = {"header_row": 2, "boundary_version": "v1", "values": {"level": "social_space", "valid_from": "2026"}}
    report = run_import(empty_engine, "areas", path, mapping=load_mapping(None, mapping))
    assert [(problem.row, problem.column, problem.text) for problem in report.errors] == [
        (4, "Name", "Name fehlt (Gebiet »02«)."),
        (5, "Schlüssel", "Schlüssel »01« kommt schon in Zeile 3 vor."),
    ]
    with Session(empty_engine) as session:
        assert session.scalars(select(BoundaryVersion)).all() == []
    sheet.delete_rows(4, 2)
    workbook.save(path)
    report = run_import(empty_engine, "areas", path, mapping=load_mapping(None, mapping))
    assert report.ok, report.lines()
    with Session(empty_engine) as session:
        area = session.scalars(select(Area)).one()
    assert (area.key, area.name, area.geometry, area.area_km2) == ("01", "Nord", None, None)


@pytest.mark.parametrize(
    ("mapping_text", "expected"),
    [
        ('[wide]\nby = "indicator"\n', 'Breites Format nach Kennzahlen braucht [wide.columns] »Spalte = "Kennzahl"«.'),
        ('[wide]\nby = "area"\n', 'Breites Format nach Gebieten braucht eine Kennzahl: [wide] indicator = "…".'),
    ],
)
def test_an_incomplete_wide_mapping_is_named_before_any_row(import_engine, tmp_path, mapping_text, expected):
    path = tmp_path / "breit.csv"
    path.write_text("Jahr;0101;0102\n2026;1;2\n", encoding="utf-8")
    mapping = tmp_path / "breit.toml"
    mapping.write_text(mapping_text, encoding="utf-8")
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert [problem.text for problem in report.errors] == [expected]


def test_share_rows_with_a_repeated_denominator_are_refused_and_other_rows_stay(import_engine, tmp_path):
    path = tmp_path / "merkmale.csv"
    path.write_text(
        "Gebiet;Merkmal;Jahr;Wert\n"
        "0101;Leistungsberechtigte;2031;120\n"
        "0101;Einwohner unter 65;2031;1.000\n"
        "0102;Leistungsberechtigte;2031;50\n"
        "0102;Einwohner unter 65;2031;800\n"
        "0102;Einwohner unter 65;2031;810\n"
        "0103;inobhutnahmen;2031;3\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "merkmale.toml"
    mapping.write_text(
        '[columns]\nindicator = "Merkmal"\n'
        '[shares.sgb2_rate]\nnumerator = "Leistungsberechtigte"\ndenominator = "Einwohner unter 65"\n',
        encoding="utf-8",
    )
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert [(problem.row, problem.text) for problem in report.errors] == [
        (6, "Nenner »Einwohner unter 65« für Gebiet »0102«, 2031 steht doppelt in der Datei.")
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:5] + lines[6:]) + "\n", encoding="utf-8")
    report = run_import(import_engine, "observations", path, mapping_path=mapping)
    assert report.ok, report.lines()
    assert report.rows_written == 3  # two shares and the row of another indicator
    share = stored(import_engine, "0101", "sgb2_rate", date(2031, 12, 31))
    assert (share.numerator, share.denominator, share.value) == (120, 1000, pytest.approx(12.0))
    assert stored(import_engine, "0103", "inobhutnahmen", date(2031, 12, 31)).value == 3
