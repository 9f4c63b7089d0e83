"""CSV and XLSX writers: what German Excel needs to open the files correctly."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from sozialraum.export.tables import MONEY, ONE_DECIMAL, TEXT, german_csv_bytes, xlsx_bytes


def table():
    return pd.DataFrame(
        {
            "Schlüssel": ["0101", "0204"],
            "Sozialraum": ["Altstadt-Kern", "Leuchtturmviertel; Süd"],
            "Ist": [1234567.891, 0.5],
            "Ausschöpfung": [98.25, float("nan")],
            "Fälle": [85, 7],
        }
    )


FORMATS = {"Schlüssel": TEXT, "Ist": MONEY, "Ausschöpfung": ONE_DECIMAL}


def test_csv_has_bom_semicolons_decimal_comma_and_crlf():
    raw = german_csv_bytes(table(), FORMATS)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Schlüssel", "Sozialraum", "Ist", "Ausschöpfung", "Fälle"]
    assert rows[1] == ['="0101"', "Altstadt-Kern", "1234567,89", "98,3", "85"]
    # A separator inside a value is quoted, a missing value stays empty.
    assert rows[2] == ['="0204"', "Leuchtturmviertel; Süd", "0,50", "", "7"]


def test_csv_without_formats_still_uses_decimal_comma():
    text = german_csv_bytes(pd.DataFrame({"x": [1.5, 2.25]})).decode("utf-8-sig")
    assert text.splitlines() == ["x", "1,5", "2,25"]


def test_xlsx_keeps_keys_as_text_and_numbers_as_numbers():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table(), FORMATS, sheet_name="Budget", note="fiktive Daten")))
    sheet = book["Budget"]
    assert [cell.value for cell in sheet[1]] == ["Schlüssel", "Sozialraum", "Ist", "Ausschöpfung", "Fälle"]
    key = sheet["A2"]
    assert key.value == "0101"
    assert key.data_type == "s"
    assert key.number_format == "@"
    money = sheet["C2"]
    assert money.value == 1234567.891  # full precision stored, two decimals shown
    assert money.number_format == "#,##0.00"
    assert sheet["D3"].value is None
    assert sheet.freeze_panes == "A2"
    assert sheet["A5"].value == "fiktive Daten"


def test_imported_text_never_runs_as_a_formula_in_excel():
    import io

    import openpyxl

    from sozialraum.export.tables import TEXT, german_csv_bytes, xlsx_bytes

    frame = pd.DataFrame(
        {
            "Gebiet": ["0101", "0102"],
            "Träger": ['=HYPERLINK("http://x","y")', "@SUM(A1)"],
            "Änderung": ["-0,3 Pp.", "+2"],
        }
    )
    csv_text = german_csv_bytes(frame, {"Gebiet": TEXT}).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert ";'@SUM(A1);" in csv_text
    # Excel runs any text starting with a sign: »-0,3 Pp.« is text with a unit, and so, beside it, is »+2«.
    assert ";'-0,3 Pp.\r\n" in csv_text
    assert ";'+2\r\n" in csv_text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, {"Gebiet": TEXT}))).active
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value.startswith("'=")


def test_xlsx_notes_go_to_a_hinweise_sheet_and_the_data_stay_first(tmp_path):
    from openpyxl import load_workbook

    from sozialraum.export.tables import NOTES_SHEET

    frame = pd.DataFrame({"Gebiet": ["0101"], "Wert": [12.5]})
    notes = [("Quelle", "Amt für Statistik"), ("Datenstand", "31.12.2025"), ("SGB-II-Quote", "=Anteil …")]
    path = tmp_path / "table.xlsx"
    path.write_bytes(xlsx_bytes(frame, {"Gebiet": TEXT}, sheet_name="Daten", notes=notes))

    book = load_workbook(path)
    assert book.sheetnames == ["Daten", NOTES_SHEET]
    assert book["Daten"]["A2"].value == "0101"
    rows = list(book[NOTES_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("Angabe", "Inhalt")
    assert rows[1] == ("Quelle", "Amt für Statistik")
    assert rows[3] == ("SGB-II-Quote", "'=Anteil …")  # never a formula


def test_csv_notes_follow_the_table_after_an_empty_line():
    frame = pd.DataFrame({"Gebiet": ["0101"], "Wert": [12.5]})
    text = german_csv_bytes(frame, {"Gebiet": TEXT}, notes=[("Quelle", "Amt; Statistik")]).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[:4] == ["Gebiet;Wert", '"=""0101""";12,5', "", 'Quelle;"Amt; Statistik"']
    assert german_csv_bytes(frame).decode("utf-8-sig").split("\r\n")[-1] == ""  # no notes: table only


@pytest.mark.parametrize(
    "text",
    ["-2+3+cmd|' /C calc'!A0", "+1+1", '=HYPERLINK("http://203.0.113.1/","x")', "@SUM(1)", "\t=1", "\r=1", "-0,3 Pp."],
)
def test_every_formula_start_is_neutralised_in_cells_and_headers(text):
    from sozialraum.export.tables import neutralise_formula

    assert neutralise_formula(text) == "'" + text
    frame = pd.DataFrame({"Gebiet": [text], text: [text], "Wert": [-2.5]})
    csv_text = german_csv_bytes(frame, {"Gebiet": TEXT}).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(csv_text, newline=""), delimiter=";"))[:2]
    assert header == ["Gebiet", "'" + text, "Wert"]
    assert row == ["'" + text, "'" + text, "-2,5"]  # the number stays a number
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, {"Gebiet": TEXT}))).active
    assert [cell.value for cell in sheet[1]] == ["Gebiet", "'" + text, "Wert"]
    assert [cell.value for cell in sheet[2]] == ["'" + text, "'" + text, -2.5]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_a_column_of_signed_numbers_stays_numbers():
    from sozialraum.export.tables import neutralise_formula

    frame = pd.DataFrame({"Name": ["+1", "Nord"], "Änderung": ["-2", "+1,5"], "Rang": ["-1.234,5", None]})
    csv_text = german_csv_bytes(frame).decode("utf-8-sig")
    assert csv_text.split("\r\n")[1:3] == ["'+1;-2;-1.234,5", "Nord;+1,5;"]  # a name »+1« is text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    assert [cell.value for cell in sheet[2]] == ["'+1", -2, -1234.5]
    assert [cell.value for cell in sheet[3]] == ["Nord", 1.5, None]
    assert neutralise_formula("-2") == "'-2"  # a lone text is text; only a column decides it is a number


def test_a_sheet_name_from_an_import_is_made_acceptable_to_excel():
    from sozialraum.export.tables import excel_sheet_name

    assert excel_sheet_name("<img src=http://203.0.113.1/> Arbeit") == "<img src=http 203.0.113.1 > Arb"
    assert excel_sheet_name("'[*?]'") == "Tabelle"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(pd.DataFrame({"a": [1]}), sheet_name="a:b/c"))).active
    assert sheet.title == "a b c"
