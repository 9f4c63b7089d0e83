"""Read CSV and XLSX files the way municipal users have them, every cell as text.

Encodings UTF-8 (with or without BOM) and Windows-1252; separators ``;``, ``,`` or tab, detected from
the header; rows above the real header (titles) are skipped when a header row is named in the mapping.
Everything stays text so area keys keep their leading zeros; numbers are parsed later with German
conventions (``importing.values``). Every row keeps the line or sheet row number the user sees.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from sozialraum.importing.messages import UnreadableFileError

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (";", "\t", ",")


@dataclass(frozen=True)
class Table:
    """A file's rows as text, indexed by the row number the user sees in Excel or an editor."""

    frame: pd.DataFrame
    file_name: str
    first_row: int
    encoding: str | None = None
    separator: str | None = None
    #: Header names that occur more than once with different contents: ambiguous if used.
    ambiguous_columns: frozenset[str] = frozenset()
    #: (row, column, German text) of cells that hold no readable content, e.g. Excel's ``#DIV/0!``.
    cell_problems: tuple[tuple[int, str, str], ...] = ()

    def check_columns(self, used: list[str | None], report) -> bool:  # ImportReport, avoids a cycle
        """Report used columns whose name is ambiguous; True when all used columns are unambiguous."""
        clashes = [name for name in used if name in self.ambiguous_columns]
        for name in clashes:
            report.error(
                self.first_row - 1,
                name,
                f"Spalte »{name}« kommt in der Kopfzeile doppelt vor (mit verschiedenen Inhalten).",
            )
        return not clashes


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: Excel's error values; openpyxl reads them as type "e" and pandas turns them into empty cells.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"})


def decode(raw: bytes, file_name: str) -> tuple[str, str]:
    if raw.startswith(ZIP_MAGIC):
        raise UnreadableFileError(
            file_name, None, None, "Das ist keine Textdatei (CSV), sondern eine Excel- oder ZIP-Datei: Endung prüfen."
        )
    if raw.startswith(OLE_MAGIC):
        raise UnreadableFileError(
            file_name,
            None,
            None,
            "Das ist keine Textdatei (CSV), sondern eine alte Excel-Datei (.xls): bitte als .xlsx oder CSV speichern.",
        )
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 10:
        raise UnreadableFileError(
            file_name, None, None, "Datei ist UTF-16 kodiert (Excel »Unicode-Text«): bitte als »CSV UTF-8« speichern."
        )
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(file_name, None, None, "Zeichenkodierung nicht lesbar (weder UTF-8 noch Windows-1252).")


def detect_separator(header_line: str) -> str:
    counts = {separator: header_line.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] > 0 else ";"


def read_table(path: Path, header_row: int = 1, sheet: str | int | None = None) -> Table:
    """Read ``path`` (CSV or XLSX). ``header_row`` is the 1-based row holding the column names."""
    if not path.is_file():
        raise UnreadableFileError(path.name, None, None, "Datei nicht gefunden.")
    if path.stat().st_size == 0:
        raise UnreadableFileError(path.name, None, None, "Die Datei ist leer.")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_excel(path, header_row, sheet)
    if path.suffix.lower() == ".xls":
        raise UnreadableFileError(
            path.name, None, None, "Altes Excel-Format (.xls): bitte als .xlsx oder CSV speichern."
        )
    return _read_csv(path, header_row)


def _read_csv(path: Path, header_row: int) -> Table:
    raw = path.read_bytes()
    text, encoding = decode(raw, path.name)
    del raw  # a 50 MB upload must not be held as bytes, text and lines at once
    header_lines = _first_lines(text, header_row)
    if len(header_lines) < header_row or not header_lines[header_row - 1].strip():
        raise UnreadableFileError(path.name, header_row, None, "Keine Kopfzeile mit Spaltennamen gefunden.")
    header_line = header_lines[header_row - 1].rstrip("\r\n")
    separator = detect_separator(header_line)
    header = [name.strip() for name in next(csv.reader([header_line], delimiter=separator))]
    if len(header) == 1:
        raise UnreadableFileError(
            path.name,
            header_row,
            None,
            f"Nur eine Spalte erkannt (»{header[0][:40]}«): Trennzeichen prüfen, erwartet werden ; , oder Tabulator.",
        )
    body_start = sum(len(line) for line in header_lines)
    body = None
    if _plain_body(text, body_start):
        del text  # pandas reads the file itself, in blocks
        body = _fast_body(path, encoding, header_row, separator, len(header))
        if body is None:
            text = decode(path.read_bytes(), path.name)[0]
    if body is None:
        body = _exact_body(text.splitlines(), header_row, separator, header, path.name)
    if body.empty:
        raise UnreadableFileError(path.name, header_row, None, "Die Datei enthält nur die Kopfzeile, keine Daten.")
    frame, ambiguous = _merge_duplicate_columns(body, header)
    return Table(frame, path.name, header_row + 1, encoding, separator, ambiguous)


def _first_lines(text: str, count: int) -> list[str]:
    """The first ``count`` lines with their line ends, as ``str.splitlines`` counts them, without splitting
    the whole file."""
    end = 0
    while True:
        end = min(len(text), max(end * 2, 65_536))
        lines = text[:end].splitlines(keepends=True)
        if len(lines) > count or end == len(text):
            return lines[:count]


def _plain_body(text: str, body_start: int) -> bool:
    """True when pandas' C parser reads the body exactly as the careful reader would: no quotes, some
    content, and no line break that ``str.splitlines`` knows but pandas does not (row numbers must agree)."""
    return (
        text.find('"', body_start) == -1
        and _NON_SPACE.search(text, body_start) is not None
        and _EXOTIC_LINE_BREAK.search(text, body_start) is None
    )


_NON_SPACE = re.compile(r"\S")
_EXOTIC_LINE_BREAK = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _fast_body(path: Path, encoding: str, header_row: int, separator: str, width: int) -> pd.DataFrame | None:
    """pandas' C parser for the common case, no quotes and no row wider than the header; None otherwise,
    and the exact reader takes over (it names the offending line). A million rows read in seconds, and
    cells stay in pandas' compact string type instead of one Python object each."""
    try:
        frame = pd.read_csv(
            path,
            encoding=encoding,
            skiprows=header_row,
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_NONE,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if frame.shape[1] > width:
        return None
    frame = frame.reindex(columns=range(width)).fillna("")
    frame.index = range(header_row + 1, header_row + 1 + len(frame))
    blank = (frame.apply(lambda column: column.str.strip()) == "").all(axis=1)
    return frame[~blank]


def _exact_body(lines: list[str], header_row: int, separator: str, header: list[str], file_name: str) -> pd.DataFrame:
    """The careful reader: quoted fields (also Excel's ="0101"), and a precise message for a row with more
    fields than the header."""
    rows = list(csv.reader(io.StringIO("\n".join(lines[header_row - 1 :])), delimiter=separator))
    body, numbers = [], []
    for offset, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue  # blank lines between data and footnotes
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise UnreadableFileError(
                file_name,
                header_row + offset,
                None,
                f"Zeile hat {len(row)} Felder, die Kopfzeile nur {len(header)} (Trennzeichen »{separator}« prüfen).",
            )
        cells = [_unwrap_excel_text(cell) for cell in row[: len(header)]]
        body.append([*cells, *[""] * (len(header) - len(row))])
        numbers.append(header_row + offset)
    return pd.DataFrame(body, index=numbers, columns=range(len(header)), dtype=object)


def _unwrap_excel_text(cell: str) -> str:
    """``="0101"`` is how Excel is told to keep a key as text (our own CSV export writes it): read 0101."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1]
    return cell


def _merge_duplicate_columns(body: pd.DataFrame, header: list[str]) -> tuple[pd.DataFrame, frozenset[str]]:
    """Name the positional columns of ``body``. Real exports repeat header names (Berlin's MSS 2013 has
    »inhabitants« twice): identical copies are dropped; differing ones are kept as »name (2)« and the
    name is marked ambiguous, an error only if an import uses it."""
    columns: dict[str, pd.Series] = {}
    ambiguous: set[str] = set()
    for position, name in enumerate(header):
        column = body[position]
        if name not in columns:
            columns[name] = column
        elif not column.equals(columns[name]):
            ambiguous.add(name)
            columns[f"{name} ({header[: position + 1].count(name)})"] = column
    return pd.DataFrame(columns, index=body.index), frozenset(ambiguous)


def _read_excel(path: Path, header_row: int, sheet: str | int | None) -> Table:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != ZIP_MAGIC:
        what = "eine alte Excel-Datei (.xls)" if magic == OLE_MAGIC else "vermutlich eine Textdatei (CSV)"
        raise UnreadableFileError(
            path.name, None, None, f"Die Datei heißt .xlsx, ist aber keine Excel-Datei, sondern {what}: Endung prüfen."
        )
    _check_sheet(path, sheet)
    try:
        raw = pd.read_excel(
            path,
            sheet_name=sheet if sheet is not None else 0,
            header=None,
            skiprows=header_row - 1,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
        )
    except Exception as error:  # zipfile, openpyxl and pandas raise many types
        raise UnreadableFileError(path.name, None, None, f"Excel-Datei nicht lesbar: {error}") from error
    if raw.empty:
        raise UnreadableFileError(path.name, header_row, None, "Keine Kopfzeile mit Spaltennamen gefunden.")
    header = [str(name).strip() for name in raw.iloc[0].fillna("")]
    body = raw.iloc[1:].fillna("").astype(object)
    body.index = range(header_row + 1, header_row + 1 + len(body))
    body = body[body.apply(lambda row: any(str(cell).strip() for cell in row), axis=1)]
    if body.empty:
        raise UnreadableFileError(path.name, header_row, None, "Das Tabellenblatt enthält keine Datenzeilen.")
    frame, ambiguous = _merge_duplicate_columns(body, header)
    problems = _unreadable_excel_cells(path, header_row, sheet, header)
    return Table(frame, path.name, header_row + 1, ambiguous_columns=ambiguous, cell_problems=problems)


def _check_sheet(path: Path, sheet: str | int | None) -> None:
    """A sheet named in the mapping must exist; pandas would say so in English."""
    if sheet is None:
        return
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
        names = list(workbook.sheetnames)
        workbook.close()
    except Exception as error:  # zipfile and openpyxl raise many types
        raise UnreadableFileError(path.name, None, None, f"Excel-Datei nicht lesbar: {error}") from error
    exists = sheet in names if isinstance(sheet, str) else 0 <= sheet < len(names)
    if not exists:
        listed = ", ".join(f"»{name}«" for name in names)
        raise UnreadableFileError(
            path.name, None, None, f"Tabellenblatt »{sheet}« gibt es nicht (vorhanden: {listed})."
        )


def _unreadable_excel_cells(
    path: Path, header_row: int, sheet: str | int | None, header: list[str]
) -> tuple[tuple[int, str, str], ...]:
    """Error values (``#DIV/0!``) and formulas without a stored result: pandas reads both as empty cells,
    so a file of them would import as »0 geschrieben«. Two streaming passes: results, then formulas."""

    def cells(data_only: bool):  # (row, column index, cell) below the header
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        try:
            worksheet = workbook.worksheets[sheet or 0] if not isinstance(sheet, str) else workbook[sheet]
            for row in worksheet.iter_rows(min_row=header_row + 1):
                for cell in row:
                    if getattr(cell, "column", None) is not None and cell.value is not None:
                        yield cell.row, cell.column, cell
        finally:
            workbook.close()

    def label(column: int) -> str:
        return header[column - 1] if column <= len(header) and header[column - 1] else f"Spalte {column}"

    problems, results = [], set()
    for row, column, cell in cells(data_only=True):
        results.add((row, column))
        if cell.data_type == "e" or str(cell.value) in EXCEL_ERRORS:
            problems.append((row, label(column), f"Excel-Fehlerwert »{cell.value}« statt eines Werts."))
    for row, column, cell in cells(data_only=False):
        if cell.data_type == "f" and (row, column) not in results:
            problems.append(
                (
                    row,
                    label(column),
                    f"Formel »{str(cell.value)[:60]}« ohne gespeichertes Ergebnis: "
                    "Datei in Excel öffnen, neu berechnen und speichern (oder Werte statt Formeln einfügen).",
                )
            )
    return tuple(sorted(problems))
