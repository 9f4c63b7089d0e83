"""Read CSV and XLSX files the way municipal users have them, every cell as text.

Encodings UTF-8 (with or without BOM) and Windows-1252; separators ``;``, ``,`` or tab, detected from
the header; rows above the real header (titles) are skipped when a header row is named in the mapping.
Everything stays text so area keys keep their leading zeros; numbers are parsed later, cell by cell,
with German conventions (``importing.values``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sozialraum.importing.messages import UnreadableFileError

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (";", "\t", ",")


@dataclass(frozen=True)
class Table:
    """A file's rows as text. ``first_row`` is the line or sheet row number of the first data row,
    so messages can name the row the user sees in Excel or an editor."""

    frame: pd.DataFrame
    file_name: str
    first_row: int
    encoding: str | None = None
    separator: str | None = None
    #: Header names that occur more than once with different contents: ambiguous if used.
    ambiguous_columns: frozenset[str] = frozenset()

    def check_columns(self, used: list[str | None], report) -> bool:  # noqa: ANN001 - ImportReport, avoids a cycle
        """Report used columns whose name is ambiguous; True when all used columns are unambiguous."""
        clashes = [name for name in used if name in self.ambiguous_columns]
        for name in clashes:
            report.error(
                self.first_row - 1,
                name,
                f"Spalte »{name}« kommt in der Kopfzeile doppelt vor (mit verschiedenen Inhalten).",
            )
        return not clashes


def decode(raw: bytes, file_name: str) -> tuple[str, str]:
    if b"\x00" in raw[:4096]:
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
    text, encoding = decode(path.read_bytes(), path.name)
    lines = text.splitlines()
    if len(lines) < header_row or not lines[header_row - 1].strip():
        raise UnreadableFileError(path.name, header_row, None, "Keine Kopfzeile mit Spaltennamen gefunden.")
    separator = detect_separator(lines[header_row - 1])
    reader = csv.reader(io.StringIO("\n".join(lines[header_row - 1 :])), delimiter=separator)
    rows = [row for row in reader]
    header = [name.strip() for name in rows[0]]
    if len(header) == 1:
        raise UnreadableFileError(
            path.name,
            header_row,
            None,
            f"Nur eine Spalte erkannt (»{header[0][:40]}«): Trennzeichen prüfen, erwartet werden ; , oder Tabulator.",
        )
    body = []
    for offset, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue  # blank lines between data and footnotes
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise UnreadableFileError(
                path.name,
                header_row + offset,
                None,
                f"Zeile hat {len(row)} Felder, die Kopfzeile nur {len(header)} (Trennzeichen »{separator}« prüfen).",
            )
        cells = [_unwrap_excel_text(cell) for cell in row[: len(header)]]
        body.append([*cells, *[""] * (len(header) - len(row))])
    if not body:
        raise UnreadableFileError(path.name, header_row, None, "Die Datei enthält nur die Kopfzeile, keine Daten.")
    frame, ambiguous = _merge_duplicate_columns(pd.DataFrame(body, dtype="string").fillna(""), header)
    frame.index = _line_numbers(rows, header_row)  # real line numbers, despite skipped blank lines
    return Table(frame.astype(object), path.name, header_row + 1, encoding, separator, ambiguous)


def _unwrap_excel_text(cell: str) -> str:
    """``="0101"`` is how Excel is told to keep a key as text (our own CSV export writes it): read 0101."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1]
    return cell


def _merge_duplicate_columns(frame: pd.DataFrame, header: list[str]) -> tuple[pd.DataFrame, frozenset[str]]:
    """Real exports repeat header names (Berlin's MSS 2013 has »inhabitants« twice). Identical copies are
    dropped; differing ones are kept under »name (2)« and the name is marked ambiguous."""
    columns: dict[str, pd.Series] = {}
    ambiguous: set[str] = set()
    for position, name in enumerate(header):
        column = frame[position] if position in frame.columns else pd.Series("", index=frame.index)
        if name not in columns:
            columns[name] = column
        elif not column.equals(columns[name]):
            ambiguous.add(name)
            columns[f"{name} ({sum(1 for n in header[:position] if n == name) + 1})"] = column
    return pd.DataFrame(columns), frozenset(ambiguous)


def _line_numbers(rows: list[list[str]], header_row: int) -> list[int]:
    return [header_row + offset for offset, row in enumerate(rows[1:], start=1) if any(cell.strip() for cell in row)]


def _read_excel(path: Path, header_row: int, sheet: str | int | None) -> Table:
    try:
        frame = pd.read_excel(
            path,
            sheet_name=sheet if sheet is not None else 0,
            header=header_row - 1,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
        )
    except (ValueError, KeyError, OSError) as error:
        raise UnreadableFileError(path.name, None, None, f"Excel-Datei nicht lesbar: {error}") from error
    header = [str(column).strip() for column in frame.columns]
    frame.columns = range(len(header))
    frame, ambiguous = _merge_duplicate_columns(frame.fillna(""), header)
    frame.index = range(header_row + 1, header_row + 1 + len(frame))
    frame = frame[frame.apply(lambda row: any(str(cell).strip() for cell in row), axis=1)]
    if frame.empty:
        raise UnreadableFileError(path.name, header_row, None, "Das Tabellenblatt enthält keine Datenzeilen.")
    return Table(frame.astype(object), path.name, header_row + 1)


def _check_header(header: list[str], file_name: str, header_row: int) -> None:
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise UnreadableFileError(
                file_name, header_row, name, f"Spalte »{name}« kommt in der Kopfzeile doppelt vor."
            )
        seen.add(name)
