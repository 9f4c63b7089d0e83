"""The import assistant's core: look at a table, recognise its layout and propose a mapping.

A planner who does not write TOML uploads a file; this module finds separator, encoding and header row
(with the same reader the importer uses, so what it proposes is what the importer will see), the column
naming the areas (by matching its values against the stored areas' keys and names), the period (a year
or date column, else a date in the title rows or a year in the file name) and which columns are which
catalogue indicators (fuzzy matching of headers with rapidfuzz). The result is a ``Proposal``; its
``mapping()`` is the same dict a planner would write as TOML (``importing.mapping``), so the import runs
through the ordinary runner and can be saved for next year's file with ``mapping_toml``.

Nothing here imports Streamlit or writes to the database.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import tomli_w
from rapidfuzz import fuzz
from sqlalchemy import Engine, select

from sozialraum.formatting import format_number
from sozialraum.importing.area_match import normalise_name, parse_row_ranges
from sozialraum.importing.mapping import Mapping
from sozialraum.importing.messages import UnreadableFileError
from sozialraum.importing.tabular import ZIP_MAGIC, decode, read_table
from sozialraum.importing.values import CellState, parse_number
from sozialraum.models import Area, Indicator
from sozialraum.periods import read_stichtag

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
#: Rows looked at to find the header (titles and notes above it are common in Excel exports).
SCANNED_ROWS = 30
#: A header must be at least this similar to an indicator's name or key (rapidfuzz ratio, 0..100).
INDICATOR_THRESHOLD = 80.0
#: Share of a column's non-empty cells that must be numbers for it to be offered as an indicator.
NUMERIC_SHARE = 0.8
AREA_BY_KEY = "key"
AREA_BY_NAME = "name"
_SEPARATORS = (";", "\t", ",")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
#: Parts of a header that say when or in which unit, not what: »Arbeitslose (Dez 2013)«, »… in %«.
_HEADER_NOISE = re.compile(r"\([^)]*\)|\bin\s*(%|eur\S*|km²|m²)|%")


@dataclass(frozen=True)
class KnownArea:
    key: str
    name: str
    level: str


@dataclass(frozen=True)
class KnownIndicator:
    key: str
    name: str


@dataclass(frozen=True)
class AreaMatch:
    """How well one column's values name stored areas."""

    column: str
    by: str  # AREA_BY_KEY or AREA_BY_NAME
    matched: int  # distinct values that name an area
    distinct: int  # distinct non-empty values
    level: str | None  # the level most of the matched areas have
    unmatched: tuple[str, ...] = ()  # a few values that name no area, for the planner to see


@dataclass(frozen=True)
class IndicatorMatch:
    column: str
    indicator_key: str
    score: float


@dataclass
class Proposal:
    """What the assistant recognised, and the choices the planner may correct before importing."""

    file_name: str
    header_row: int
    header: list[str]
    rows: int
    preview: pd.DataFrame
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    area_column: str | None = None
    area_by: str = AREA_BY_KEY
    level: str | None = None
    area_match: AreaMatch | None = None
    period_column: str | None = None
    period: str | None = None  # a fixed period for every row: "2014" or "31.12.2013"
    period_source: str | None = None  # German: where the period came from
    #: File column -> indicator key; columns not listed are not imported.
    indicators: dict[str, str] = field(default_factory=dict)
    indicator_scores: dict[str, float] = field(default_factory=dict)
    numeric_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # German hints for the planner
    #: Only these file rows (``values.rows``, e.g. "2-100"): files that list other levels below the areas.
    row_range: str | None = None

    def mapping(self) -> dict[str, Any]:
        """The mapping a planner would write for this file (see ``importing.mapping``)."""
        raw: dict[str, Any] = {"header_row": self.header_row}
        if self.sheet is not None:
            raw["sheet"] = self.sheet
        if self.level:
            raw["level"] = self.level
        columns: dict[str, str] = {}
        if self.area_column is not None:
            columns["area"] = self.area_column
        wide: dict[str, Any] = {}
        if self.period_column is not None:
            columns["period"] = self.period_column
        elif self.period:
            wide["period"] = self.period
        if columns:
            raw["columns"] = columns
        wide["columns"] = {column: key for column, key in self.indicators.items() if key}
        raw["wide"] = wide
        values: dict[str, Any] = {}
        if self.area_by == AREA_BY_NAME:
            values["area_by"] = AREA_BY_NAME
        if self.row_range:
            values["rows"] = self.row_range
        if values:
            raw["values"] = values
        return raw

    def problems(self) -> list[str]:
        """German reasons the proposal cannot be imported yet (empty when it can be tried)."""
        found = []
        if self.area_column is None:
            found.append("Bitte die Spalte mit den Gebieten wählen.")
        if self.period_column is None and not (self.period or "").strip():
            found.append("Bitte eine Spalte mit Jahr/Stichtag wählen oder einen Zeitraum angeben (z. B. 2014).")
        elif self.period_column is None and read_stichtag(str(self.period).strip()) is None:
            found.append(f"Zeitraum »{self.period}« nicht lesbar (z. B. 2014 oder 31.12.2013).")
        if self.row_range and parse_row_ranges(self.row_range) is None:
            found.append(f"Zeilen »{self.row_range}« nicht lesbar (z. B. 2-100 oder 2-15, 18-100).")
        if not any(self.indicators.values()):
            found.append("Bitte mindestens einer Spalte eine Kennzahl zuordnen.")
        return found


def mapping_toml(mapping: dict[str, Any]) -> str:
    """The mapping as a TOML file (what the planner downloads for next year's file)."""
    header = "# Zuordnung, erstellt vom Import-Assistenten der Seite »Daten«\n"
    return header + tomli_w.dumps(mapping)


def known_areas(engine: Engine) -> list[KnownArea]:
    with engine.connect() as connection:
        rows = connection.execute(select(Area.key, Area.name, Area.level))
        return [KnownArea(key, name, level) for key, name, level in rows]


def known_indicators(engine: Engine) -> list[KnownIndicator]:
    with engine.connect() as connection:
        rows = connection.execute(select(Indicator.key, Indicator.name).order_by(Indicator.key))
        return [KnownIndicator(key, name) for key, name in rows]


def propose(
    path: Path,
    areas: list[KnownArea],
    indicators: list[KnownIndicator],
    file_name: str | None = None,
) -> Proposal:
    """Recognise ``path``'s layout and propose a mapping. ``file_name`` is the label the user knows (an
    upload's stored name is the server's); its year may give the period.

    Raises ``UnreadableFileError`` (German, naming the file) for what is no readable table.
    """
    label = file_name or path.name
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise UnreadableFileError(label, None, None, "Der Assistent liest Tabellen: CSV oder Excel (.xlsx).")
    if not path.is_file() or path.stat().st_size == 0:
        raise UnreadableFileError(label, None, None, "Die Datei ist leer.")
    excel = suffix in {".xlsx", ".xlsm"}
    try:
        sheets: list[str] = []
        if excel:
            grid, sheets = _excel_grid(path, label)
            encoding = separator = None
        else:
            grid, encoding, separator = _text_grid(path, label)
        header_row = _header_row(grid)
        table = read_table(path, header_row)
    except UnreadableFileError as failure:
        # The reader names the file it read; an upload's stored name is the server's, not the user's.
        raise UnreadableFileError(label, failure.problem.row, failure.problem.column, failure.problem.text) from None
    frame = table.frame
    header = list(frame.columns)
    proposal = Proposal(
        file_name=label,
        header_row=header_row,
        header=header,
        rows=len(frame),
        preview=frame.head(5).reset_index(drop=True),
        encoding=encoding,
        separator=separator,
    )
    proposal.area_match = best_area_column(frame, areas)
    if proposal.area_match is not None:
        proposal.area_column = proposal.area_match.column
        proposal.area_by = proposal.area_match.by
        proposal.level = proposal.area_match.level
    elif not areas:
        proposal.notes.append("In der Datenbank sind noch keine Gebiete: erst die Geometrien importieren.")
    elif len(named := areas_in_header(header, areas)) >= 3:
        shown = ", ".join(f"»{name}«" for name in named[:5])
        proposal.notes.append(
            f"Die Spaltennamen sind Gebiete ({shown} …): Tabellen mit Gebieten als Spalten kann der Assistent "
            "noch nicht zuordnen."
        )
    else:
        proposal.notes.append(
            "Keine Spalte nennt bekannte Gebietsschlüssel oder -namen; bitte die Gebietsspalte selbst wählen."
        )
    proposal.period_column = period_column(frame, exclude={proposal.area_column})
    if proposal.period_column is None:
        proposal.period, proposal.period_source = fixed_period(grid[: header_row - 1], label, header)
    else:
        proposal.period_source = f"Spalte »{proposal.period_column}«"
    if long_column := _indicator_key_column(frame, indicators):
        proposal.notes.append(
            f"Die Spalte »{long_column}« enthält Kennzahlschlüssel: Das ist das lange Format "
            "(Gebiet, Kennzahl, Jahr, Wert), das der Reiter »Import« ohne Zuordnung liest."
        )
    if len(sheets) > 1:
        proposal.notes.append(
            f"Die Arbeitsmappe hat {len(sheets)} Tabellenblätter; gelesen wurde das erste, »{sheets[0]}«."
        )
    used = {proposal.area_column, proposal.period_column}
    proposal.numeric_columns = [column for column in header if column not in used and _mostly_numbers(frame[column])]
    if wordy := _wordy_rows(frame, proposal.numeric_columns):
        rows = ", ".join(str(row) for row in wordy[:3])
        proposal.notes.append(
            f"Zeile {rows} enthält in den Zahlenspalten Text (Erläuterungen unter der Kopfzeile?): "
            "Der Probelauf meldet sie als Fehler; die Zeile in der Datei löschen."
        )
    matches = match_indicators(proposal.numeric_columns, indicators)
    proposal.indicators = {match.column: match.indicator_key for match in matches}
    proposal.indicator_scores = {match.column: match.score for match in matches}
    if proposal.area_by == AREA_BY_NAME:
        proposal.notes.append(
            'Die Gebiete werden über ihre Namen erkannt (area_by = "name"): Schreibweisen müssen eindeutig sein.'
        )
    return proposal


# --- reading the first rows -------------------------------------------------------------------------


def _text_grid(path: Path, label: str) -> tuple[list[list[str]], str, str]:
    with path.open("rb") as handle:
        raw = handle.read(1 << 20)  # the header is near the top; a cut last line does not matter
    text, encoding = decode(raw, label) if len(raw) < (1 << 20) else _decode_head(raw, label)
    lines = text.splitlines()[:SCANNED_ROWS]
    separator = _separator(lines)
    grid = [row for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=separator)]
    return grid, encoding, separator


def _decode_head(raw: bytes, label: str) -> tuple[str, str]:
    """The first MiB of a longer file: a UTF-8 sequence cut at its end must not make it look like
    Windows-1252 (which decodes any byte)."""
    text, encoding = decode(raw, label)  # refuses ZIP, old Excel and UTF-16 by their first bytes
    if encoding != "cp1252":
        return text, encoding
    for cut in range(1, 4):
        try:
            return raw[:-cut].decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            continue
    return text, encoding


def _separator(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number of fields (titles have none)."""

    def consistency(separator: str) -> tuple[int, int]:
        counts = Counter(line.count(separator) for line in lines if line.count(separator) > 0)
        if not counts:
            return (0, 0)
        width, lines_with_width = counts.most_common(1)[0]
        return (lines_with_width, width)

    best = max(_SEPARATORS, key=consistency)
    return best if consistency(best)[0] > 0 else ";"


def _excel_grid(path: Path, label: str) -> tuple[list[list[str]], list[str]]:
    """The first rows of the first sheet as text, and the names of all sheets."""
    with path.open("rb") as handle:
        if handle.read(4) != ZIP_MAGIC:
            # The reader names what it is instead (old .xls, a CSV with the wrong ending).
            read_table(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = list(workbook.sheetnames)
            rows = workbook.worksheets[0].iter_rows(max_row=SCANNED_ROWS, values_only=True)
            grid = [["" if cell is None else str(cell) for cell in row] for row in rows]
        finally:
            workbook.close()
    except UnreadableFileError:
        raise
    except Exception as error:  # zipfile and openpyxl raise many types
        raise UnreadableFileError(label, None, None, f"Excel-Datei nicht lesbar: {error}") from error
    return grid, sheets


def _is_number(text: str) -> bool:
    state = parse_number(text, True).state
    if state == CellState.INVALID:
        state = parse_number(text, False).state
    return state in {CellState.VALUE, CellState.SUPPRESSED}


def _header_row(grid: list[list[str]]) -> int:
    """The 1-based row with the most text cells (words, not numbers) among rows followed by data; the
    first of equals, since explanations below a header (Hamburg's XLSX) are as wordy as the header."""
    best_row, best_words = 1, 1
    for position, row in enumerate(grid[:-1], start=1):
        words = sum(1 for cell in row if cell.strip() and not _is_number(cell))
        if words > best_words:
            best_row, best_words = position, words
    return best_row


# --- areas ------------------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    """Names compared without spaces too: »Neu Allermöhe« and »Neuallermöhe«, Konstanz's »petershausenwest«."""
    return normalise_name(text).replace(" ", "")


def best_area_column(frame: pd.DataFrame, areas: list[KnownArea]) -> AreaMatch | None:
    """The column whose values name the most stored areas, by key or (normalised) by name."""
    if not areas:
        return None
    levels_by_key: dict[str, set[str]] = {}
    levels_by_name: dict[str, set[str]] = {}
    for area in areas:
        levels_by_key.setdefault(area.key.strip(), set()).add(area.level)
        levels_by_name.setdefault(_name_key(area.name), set()).add(area.level)
    candidates = []
    for column in frame.columns:
        values = [value for value in dict.fromkeys(frame[column].astype(str).str.strip()) if value]
        if not values:
            continue
        for by, known, normalise in (
            (AREA_BY_KEY, levels_by_key, str),
            (AREA_BY_NAME, levels_by_name, _name_key),
        ):
            hits = [known[normalise(value)] for value in values if normalise(value) in known]
            if not hits:
                continue
            levels = Counter(level for found in hits for level in found)
            unmatched = tuple(value for value in values if normalise(value) not in known)[:10]
            candidates.append(AreaMatch(column, by, len(hits), len(values), levels.most_common(1)[0][0], unmatched))
    # Most matched values first; a key beats a name of equal standing (keys are unique).
    candidates.sort(key=lambda match: (-match.matched, match.by != AREA_BY_KEY))
    if not candidates or candidates[0].matched < max(2, 0.2 * candidates[0].distinct):
        return None
    return candidates[0]


def areas_in_header(header: list[str], areas: list[KnownArea]) -> list[str]:
    """Headers that are area keys or names: a table with one column per area (Konstanz's population)."""
    keys = {area.key.strip() for area in areas}
    names = {_name_key(area.name) for area in areas}
    return [column for column in header if column.strip() in keys or _name_key(column) in names]


def _indicator_key_column(frame: pd.DataFrame, indicators: list[KnownIndicator]) -> str | None:
    """A column most of whose values are catalogue keys: the file is in the long format."""
    keys = {indicator.key for indicator in indicators}
    for column in frame.columns:
        values = [value for value in dict.fromkeys(frame[column].astype(str).str.strip().head(5000)) if value]
        if keys and values and sum(value in keys for value in values) >= 0.5 * len(values):
            return column
    return None


# --- periods ----------------------------------------------------------------------------------------


def period_column(frame: pd.DataFrame, exclude: set[str | None]) -> str | None:
    """A column named like a period (»Jahr«, »Stichtag«) whose cells are periods, else the first column
    whose cells are all years or dates."""
    header = [column for column in frame.columns if column not in exclude]
    named = Mapping().resolve("period", header)
    if named is not None and _mostly_periods(frame[named], 0.8):
        return named
    return next((column for column in header if _mostly_periods(frame[column], 1.0)), None)


def _mostly_periods(column: pd.Series, share: float) -> bool:
    texts = [text for text in column.astype(str).str.strip() if text]
    if not texts:
        return False
    sample = texts[:500]
    periods = [read_stichtag(text) for text in sample]
    readable = sum(1 for period in periods if period is not None and 1950 <= period.year <= 2100)
    return readable >= share * len(sample)


def fixed_period(
    title_rows: list[list[str]], file_name: str, header: list[str] | None = None
) -> tuple[str | None, str | None]:
    """A period for every row and where it came from: a date in the title rows above the header (the
    Stichtag of the table), else a year in the file name, else a year in the title rows, else the year
    the column names mention most (»Arbeitslose (Dez 2013)«)."""
    for position, row in enumerate(title_rows, start=1):
        for cell in row:
            for day, month, year in _DATE_IN_TEXT.findall(cell):
                text = f"{int(day):02d}.{int(month):02d}.{year}"
                if read_stichtag(text) is not None:
                    return text, f"aus der Überschrift (Zeile {position})"
    if years := _YEAR_IN_TEXT.findall(Path(file_name).stem):
        return years[-1], "aus dem Dateinamen"
    for position, row in enumerate(title_rows, start=1):
        for cell in row:
            if years := _YEAR_IN_TEXT.findall(cell):
                return years[-1], f"aus der Überschrift (Zeile {position})"
    mentioned = Counter(year for name in header or [] for year in set(_YEAR_IN_TEXT.findall(str(name))))
    if mentioned:
        year, count = mentioned.most_common(1)[0]
        return year, f"aus den Spaltennamen ({count} nennen {year})"
    return None, None


# --- indicators -------------------------------------------------------------------------------------


def _mostly_numbers(column: pd.Series) -> bool:
    texts = [text for text in column.astype(str).str.strip().head(500) if text]
    if not texts:
        return False
    return sum(1 for text in texts if _is_number(text)) >= NUMERIC_SHARE * len(texts)


def _wordy_rows(frame: pd.DataFrame, numeric_columns: list[str]) -> list[int]:
    """Rows (as the user numbers them) where most number columns hold words: notes below the header."""
    if not numeric_columns:
        return []
    head = frame[numeric_columns].head(50)
    words = head.apply(
        lambda column: column.astype(str).str.strip().map(lambda text: bool(text) and not _is_number(text))
    )
    return [int(row) for row in head.index[words.sum(axis=1) > 0.5 * len(numeric_columns)]]


def _comparable_header(text: str) -> str:
    """A header without its period and unit, normalised: »Arbeitslose (Dez 2013)« -> »arbeitslose«."""
    return normalise_name(_HEADER_NOISE.sub(" ", str(text).casefold()))


def match_indicators(columns: list[str], indicators: list[KnownIndicator]) -> list[IndicatorMatch]:
    """Each column's most similar indicator (by name or key) above ``INDICATOR_THRESHOLD``; an indicator
    goes to its most similar column only, since a wide file has one column per indicator."""
    scored = []
    for column in columns:
        wanted = _comparable_header(column)
        if not wanted:
            continue
        for indicator in indicators:
            score = max(
                fuzz.ratio(wanted, _comparable_header(indicator.name)),
                fuzz.ratio(wanted, normalise_name(indicator.key)),
            )
            if score >= INDICATOR_THRESHOLD:
                scored.append(IndicatorMatch(column, indicator.key, round(float(score), 1)))
    scored.sort(key=lambda match: (-match.score, columns.index(match.column)))
    taken_columns: set[str] = set()
    taken_keys: set[str] = set()
    chosen = []
    for match in scored:
        if match.column in taken_columns or match.indicator_key in taken_keys:
            continue
        taken_columns.add(match.column)
        taken_keys.add(match.indicator_key)
        chosen.append(match)
    chosen.sort(key=lambda match: columns.index(match.column))
    return chosen


def describe(proposal: Proposal) -> list[str]:
    """German lines saying what was recognised, for the page."""
    lines = []
    if proposal.separator is not None:
        names = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}
        encoding = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}.get(proposal.encoding or "", proposal.encoding)
        lines.append(f"Trennzeichen {names.get(proposal.separator, proposal.separator)}, Zeichenkodierung {encoding}")
    lines.append(
        f"Kopfzeile in Zeile {proposal.header_row}, {format_number(proposal.rows)} Datenzeilen, "
        f"{format_number(len(proposal.header))} Spalten"
    )
    match = proposal.area_match
    if match is not None:
        how = "Schlüssel" if match.by == AREA_BY_KEY else "Namen"
        lines.append(
            f"Gebiete in Spalte »{match.column or 'ohne Namen'}«: {format_number(match.matched)} von "
            f"{format_number(match.distinct)} Werten sind bekannte {how}"
        )
    if proposal.period_source:
        shown = proposal.period_column or proposal.period
        lines.append(f"Zeitraum: {shown} ({proposal.period_source})")
    lines.append(
        f"{format_number(len(proposal.indicators))} von {format_number(len(proposal.numeric_columns))} "
        "Zahlenspalten einer Kennzahl zugeordnet"
    )
    return lines
