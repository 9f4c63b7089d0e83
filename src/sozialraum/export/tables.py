"""Tables as files German Excel opens correctly: CSV (``;``, decimal comma, UTF-8 with BOM) and XLSX.

Both writers take a DataFrame and optional per-column formats and return bytes, ready for
``st.download_button``. No Streamlit here.

Why each choice: German Excel splits CSV on ``;`` (the list separator of the German locale) and reads
``1234,5`` as a number; without a byte-order mark it decodes UTF-8 as Windows-1252 and garbles
umlauts. Keys such as ``0101`` lose their leading zero when Excel guesses a number, so text columns
are written as ``="0101"`` in CSV (Excel shows the text 0101) and as text cells formatted ``@`` in XLSX.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sozialraum.formatting import round_half_up

CSV_SEPARATOR = ";"
BYTE_ORDER_MARK = "\ufeff"
_EXCEL_TEXT_FORMAT = "@"
_MAX_COLUMN_WIDTH = 60


@dataclass(frozen=True)
class ColumnFormat:
    """How one column is written: ``decimals`` for numbers, ``text`` for codes that must stay text."""

    decimals: int | None = None
    text: bool = False

    def excel_number_format(self) -> str | None:
        if self.text:
            return _EXCEL_TEXT_FORMAT
        if self.decimals is None:
            return None
        return "#,##0" + ("." + "0" * self.decimals if self.decimals > 0 else "")


TEXT = ColumnFormat(text=True)
MONEY = ColumnFormat(decimals=2)
INTEGER = ColumnFormat(decimals=0)
ONE_DECIMAL = ColumnFormat(decimals=1)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _csv_number(value: object, decimals: int) -> str:
    if _is_missing(value):
        return ""
    # Half-up like the statistics offices and the screen (``formatting``): 98,25 → 98,3, not 98,2.
    return f"{round_half_up(float(value), decimals):.{decimals}f}".replace(".", ",")


#: Leading characters with which a spreadsheet starts a formula (OWASP's list): text from imports (area or
#: provider names, indicator names as headers) must never run as one (CSV/formula injection), so such
#: text gets a leading apostrophe, in cells and headers alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A whole cell that is a number, German (``-1.234,5``) or plain (``-1234.5``, ``1e3``).
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _is_text_column(column: pd.Series) -> bool:
    # pandas 3 gives text its own string dtype; older data arrive as object columns.
    return pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)


def neutralise_formula(text: str) -> str:
    """Prefix text a spreadsheet would run as a formula with ``'`` (OWASP): ``-2+3+cmd|' /C calc'!A0``,
    ``=HYPERLINK(…)``, but also ``-0,3 Pp.`` or a name »+1«: text is text. Numbers are not text: a column
    of signed numbers is written as numbers (``neutralise_frame``), never through this function."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_signed_number_column(column: pd.Series) -> bool:
    """A text column that holds numbers with signs (a change column written as text): numbers, not names."""
    texts = [value for value in column if isinstance(value, str) and value.strip()]
    if not texts or any(not isinstance(value, str) and not _is_missing(value) for value in column):
        return False
    return all(_NUMBER_TEXT.fullmatch(value) for value in texts) and any(value[0] in "+-" for value in texts)


def _number_from_text(value: object) -> object:
    if not isinstance(value, str) or not value.strip():
        return None if isinstance(value, str) else value
    if "," in value or re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", value):
        return float(value.replace(".", "").replace(",", "."))
    return float(value)


def _neutralise_cell(value: object) -> object:
    return neutralise_formula(value) if isinstance(value, str) else value


def neutralise_frame(frame: pd.DataFrame, numbers_as_numbers: bool = True) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column headers cannot start a formula.

    Number cells stay numbers. A text column of signed numbers (``-2``, ``+1,5``) is numbers: converted to
    numbers (``numbers_as_numbers``, for XLSX) or left as it is (CSV, where Excel reads ``-2`` as minus two).
    """
    out = frame.copy()
    for column in out.columns:
        if not _is_text_column(out[column]):
            continue
        if _is_signed_number_column(out[column]):
            if numbers_as_numbers:
                out[column] = out[column].map(_number_from_text)
            continue
        out[column] = out[column].map(_neutralise_cell).astype(object)
    out.columns = [neutralise_formula(str(column)) for column in out.columns]
    return out


def _csv_text(value: object) -> str:
    if _is_missing(value):
        return ""
    text = str(value)
    # Only digit strings are at risk of being read as numbers; other text stays plain.
    return f'="{text}"' if text.isdigit() else neutralise_formula(text)


NOTES_SHEET = "Hinweise"


def german_csv_bytes(
    frame: pd.DataFrame,
    formats: Mapping[str, ColumnFormat] | None = None,
    notes: Sequence[tuple[str, str]] | None = None,
) -> bytes:
    """``frame`` as CSV for German Excel: ``;``-separated, decimal comma, UTF-8 with BOM, CRLF lines.

    ``notes`` (source, as-of date, definitions) follow the table after one empty line, one
    ``Label;Text`` line each, so Excel shows them under the data; files meant for re-import pass none.
    """
    formats = formats or {}
    out = frame.copy()
    for column, column_format in formats.items():
        if column not in out.columns:
            continue
        if column_format.text:
            out[column] = out[column].map(_csv_text).astype(object)
        elif column_format.decimals is not None:
            out[column] = out[column].map(lambda v, d=column_format.decimals: _csv_number(v, d)).astype(object)
    for column in out.columns:
        text_column = column not in formats and _is_text_column(out[column])
        if text_column and not _is_signed_number_column(out[column]):  # Excel reads »-2« as minus two
            out[column] = out[column].map(_neutralise_cell)
    out.columns = [neutralise_formula(str(column)) for column in out.columns]
    text = out.to_csv(sep=CSV_SEPARATOR, decimal=",", index=False, lineterminator="\r\n")
    if notes:
        footer = pd.DataFrame([(neutralise_formula(a), neutralise_formula(b)) for a, b in notes])
        text += "\r\n" + footer.to_csv(sep=CSV_SEPARATOR, index=False, header=False, lineterminator="\r\n")
    return (BYTE_ORDER_MARK + text).encode("utf-8")


def xlsx_bytes(
    frame: pd.DataFrame,
    formats: Mapping[str, ColumnFormat] | None = None,
    sheet_name: str = "Tabelle",
    note: str | None = None,
    notes: Sequence[tuple[str, str]] | None = None,
) -> bytes:
    """``frame`` as one XLSX sheet with a bold, frozen header; ``note`` (source, data label) goes below.

    ``notes`` (source, as-of date, export time, method, definitions) become a second sheet »Hinweise«;
    the data stay on the first sheet, which is the one the importer reads.
    Text columns become text cells (format ``@``), so keys keep their leading zeros.
    """
    formats = formats or {}
    out = frame.copy()
    for column, column_format in formats.items():
        if column in out.columns and column_format.text:
            out[column] = out[column].map(lambda v: None if _is_missing(v) else str(v)).astype(object)
    # openpyxl stores any string starting with "=" as a formula; text must stay text, headers too.
    formats = {neutralise_formula(str(column)): column_format for column, column_format in formats.items()}
    out = neutralise_frame(out)
    buffer = io.BytesIO()
    sheet_name = excel_sheet_name(sheet_name)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, sheet_name=sheet_name, index=False)
        sheet = writer.sheets[sheet_name]
        sheet.freeze_panes = "A2"
        for position, column in enumerate(out.columns, start=1):
            letter = get_column_letter(position)
            sheet[f"{letter}1"].font = Font(bold=True)
            column_format = formats.get(column)
            number_format = column_format.excel_number_format() if column_format else None
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                    cell.number_format = number_format
            widest = max([len(str(column)), *(len(str(v)) for v in out[column].head(500))])
            sheet.column_dimensions[letter].width = min(widest + 2, _MAX_COLUMN_WIDTH)
        if note:
            sheet.cell(row=len(out) + 3, column=1, value=note).font = Font(italic=True)
        if notes:
            _write_notes(writer.book.create_sheet(NOTES_SHEET), notes)
    return buffer.getvalue()


def excel_sheet_name(name: str) -> str:
    """``name`` as Excel accepts a sheet title: without ``[]:*?/\\``, no leading or trailing ``'``, at most
    31 characters; a topic from an import (»Arbeit: http://…«) must not make the download fail."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'").strip()
    return " ".join(cleaned.split())[:31].strip() or "Tabelle"


def _write_notes(sheet, notes: Sequence[tuple[str, str]]) -> None:  # an openpyxl worksheet
    from openpyxl.styles import Alignment

    sheet.append(["Angabe", "Inhalt"])
    for label, text in notes:
        sheet.append([neutralise_formula(str(label)), neutralise_formula(str(text))])
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 110
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.alignment = Alignment(vertical="top")
