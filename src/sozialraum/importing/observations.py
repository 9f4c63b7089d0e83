"""Observations from long tables (area, indicator, period, value[, numerator, denominator]) and wide
tables (one column per indicator). Everything is checked before anything is written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from sozialraum.formatting import format_date, format_number
from sozialraum.importing.lookup import AreaLookup, indicator_catalogue
from sozialraum.importing.mapping import Mapping
from sozialraum.importing.messages import ImportReport
from sozialraum.importing.tabular import Table
from sozialraum.importing.upsert import upsert
from sozialraum.importing.values import CellState, detect_decimal_comma, parse_number, parse_period
from sozialraum.models import Observation, ObservationFlag

EARLIEST_PERIOD = date(1950, 1, 1)
LATEST_PERIOD = date(2100, 12, 31)
FLAG_WORDS = {
    "": ObservationFlag.OK,
    "ok": ObservationFlag.OK,
    "vorlaeufig": ObservationFlag.PROVISIONAL,
    "vorläufig": ObservationFlag.PROVISIONAL,
    "p": ObservationFlag.PROVISIONAL,
    "provisional": ObservationFlag.PROVISIONAL,
    "geschaetzt": ObservationFlag.ESTIMATED,
    "geschätzt": ObservationFlag.ESTIMATED,
    "s": ObservationFlag.ESTIMATED,
    "estimated": ObservationFlag.ESTIMATED,
    "geheim": ObservationFlag.SUPPRESSED,
    "suppressed": ObservationFlag.SUPPRESSED,
}


def to_long(table: Table, mapping: Mapping, report: ImportReport) -> pd.DataFrame | None:
    """A long table with columns row, area, indicator, period, value, numerator, denominator, flag
    (all text), from either layout. None when required columns are missing (reported)."""
    header = list(table.frame.columns)
    area_column = mapping.resolve("area", header)
    if area_column is None:
        report.error(table.first_row - 1, None, "Keine Spalte mit Gebietsschlüsseln gefunden (z. B. »Gebiet«).")
        return None
    frame = table.frame
    if mapping.is_wide:
        if not table.check_columns([area_column, *mapping.wide_columns], report):
            return None
        missing = [column for column in mapping.wide_columns if column not in header]
        for column in missing:
            report.error(table.first_row - 1, column, "Spalte aus der Zuordnungsdatei fehlt in der Datei.")
        period_column = None if mapping.wide_period else mapping.resolve("period", header)
        flag_column = mapping.columns.get("flag")
        if mapping.wide_period is None and period_column is None:
            report.error(None, None, "Breites Format braucht einen Zeitraum: [wide] period oder eine Spalte »Jahr«.")
        if missing or (mapping.wide_period is None and period_column is None):
            return None
        pieces = []
        for column, indicator_key in mapping.wide_columns.items():
            pieces.append(
                pd.DataFrame(
                    {
                        "row": frame.index,
                        "area": frame[area_column],
                        "indicator": indicator_key,
                        "period": frame[period_column] if period_column else mapping.wide_period,
                        "value": frame[column],
                        "numerator": "",
                        "denominator": "",
                        "flag": frame[flag_column] if flag_column else "",
                        "value_column": column,
                    }
                )
            )
        long = pd.concat(pieces, ignore_index=True)
        long.attrs["columns"] = {
            "area": area_column,
            "indicator": "Kennzahl",
            "period": period_column or "Zeitraum",
            **({"flag": flag_column} if flag_column else {}),
        }
        return long
    columns = {
        name: mapping.resolve(name, header)
        for name in ("indicator", "period", "value", "numerator", "denominator", "flag")
    }
    if not table.check_columns([area_column, *columns.values()], report):
        return None
    for required in ("indicator", "period"):
        if columns[required] is None:
            report.error(table.first_row - 1, None, f"Pflichtspalte »{required_label(required)}« fehlt.")
    if columns["value"] is None and columns["numerator"] is None:
        report.error(table.first_row - 1, None, "Es fehlt eine Spalte »Wert« (oder »Zähler« und »Nenner«).")
    if not report.ok:
        return None
    long = pd.DataFrame({"row": frame.index, "area": frame[area_column]})
    for name, column in columns.items():
        long[name] = frame[column].to_numpy() if column else ""
    long["value_column"] = columns["value"] or columns["numerator"]
    long.attrs["columns"] = {"area": area_column, **{name: column for name, column in columns.items() if column}}
    return long


def required_label(canonical: str) -> str:
    return {"indicator": "Kennzahl", "period": "Jahr/Stichtag", "area": "Gebiet"}.get(canonical, canonical)


def validate(engine: Engine, long: pd.DataFrame, mapping: Mapping, report: ImportReport) -> list[dict[str, Any]]:
    """Check every row; return the rows to write (only meaningful when the report has no errors)."""
    areas = AreaLookup(engine, mapping.level, mapping.boundary_version)
    catalogue = indicator_catalogue(engine)
    comma = {
        column: detect_decimal_comma(long.loc[long["value_column"] == column, "value"].tolist())
        for column in long["value_column"].unique()
    }
    names: dict[str, Any] = {
        "flag_words": {word.strip().lower(): flag for word, flag in mapping.values.get("flags", {}).items()},
        # Source-specific sentinels for "no value", e.g. -9999 in Berlin's WFS exports.
        "missing": {str(marker).strip() for marker in mapping.values.get("missing", [])},
        "indicator": "Kennzahl",
        "period": "Jahr",
        "area": "Gebiet",
        "numerator": "Zähler",
        "denominator": "Nenner",
        "flag": "Kennzeichen",
        **long.attrs.get("columns", {}),
    }
    rows: list[dict[str, Any]] = []
    first_seen: dict[tuple[int, int, date], int] = {}
    for record in long.itertuples(index=False):
        row, value_column = int(record.row), str(record.value_column)
        period = parse_period(record.period)
        if period is None:
            report.error(row, names["period"], f"Zeitraum »{record.period}« nicht lesbar (z. B. 2025 oder 31.12.2025).")
            continue
        if not EARLIEST_PERIOD <= period <= LATEST_PERIOD:
            report.error(row, names["period"], f"Zeitraum {format_date(period)} liegt außerhalb von 1950 bis 2100.")
            continue
        indicator = catalogue.get(str(record.indicator).strip())
        if indicator is None:
            report.error(
                row, names["indicator"], f"Unbekannte Kennzahl »{record.indicator}« (erst den Katalog importieren)."
            )
            continue
        area_id, reason = areas.find(str(record.area), period)
        if area_id is None:
            report.error(row, names["area"], reason)
            continue
        parsed = _parse_values(record, comma.get(value_column, True), row, value_column, names, report)
        if parsed is None:
            continue
        value, numerator, denominator, flag = parsed
        indicator_id, kind, scale = indicator
        if value is None and numerator is not None and denominator:
            value = numerator / denominator * scale
        if not _plausible(kind, value, numerator, denominator, row, value_column, names, report):
            continue
        identity = (area_id, indicator_id, period)
        if identity in first_seen:
            report.error(
                row,
                None,
                f"Doppelt: Gebiet »{record.area}«, Kennzahl »{record.indicator}«, "
                f"{format_date(period)} steht schon in Zeile {first_seen[identity]}.",
            )
            continue
        first_seen[identity] = row
        rows.append(
            {
                "area_id": area_id,
                "indicator_id": indicator_id,
                "period": period,
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
                "flag": flag,
            }
        )
    return rows


def _parse_values(record: Any, decimal_comma: bool, row: int, column: str, names: dict[str, str], report: ImportReport):  # noqa: ANN202
    if str(record.value).strip() in names["missing"]:
        return None, None, None, "missing"
    parsed_value = parse_number(record.value, decimal_comma)
    parsed_numerator = parse_number(record.numerator, decimal_comma)
    parsed_denominator = parse_number(record.denominator, decimal_comma)
    for label, parsed, raw in (
        (column, parsed_value, record.value),
        (names["numerator"], parsed_numerator, record.numerator),
        (names["denominator"], parsed_denominator, record.denominator),
    ):
        if parsed.state == CellState.INVALID:
            report.error(row, label, f"Kein Zahlenwert: »{raw}«.")
            return None
    flag_text = str(record.flag).strip().lower()
    flag_words = {**FLAG_WORDS, **names.get("flag_words", {})}
    if flag_text not in flag_words:
        report.error(row, names["flag"], f"Unbekanntes Kennzeichen »{record.flag}« (erlaubt: vorläufig, geschätzt).")
        return None
    flag = ObservationFlag(flag_words[flag_text])
    if CellState.SUPPRESSED in (parsed_value.state, parsed_numerator.state):
        # Withheld for confidentiality: no value, never zero.
        return None, None, parsed_denominator.value, ObservationFlag.SUPPRESSED.value
    if parsed_value.state == CellState.MISSING and parsed_numerator.state == CellState.MISSING:
        return None, None, None, "missing"
    return parsed_value.value, parsed_numerator.value, parsed_denominator.value, flag.value


def _plausible(
    kind: str,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    row: int,
    column: str,
    names: dict[str, str],
    report: ImportReport,
) -> bool:
    if denominator is not None and denominator < 0:
        report.error(row, names["denominator"], "Negativer Nenner.")
        return False
    if kind == "share" and numerator is not None and denominator is not None and numerator > denominator:
        report.error(
            row,
            names["numerator"],
            f"Zähler ({format_number(numerator, 0)}) ist größer als der Nenner ({format_number(denominator, 0)}).",
        )
        return False
    if kind == "share" and value is not None and not -0.0001 <= value <= 100.0001:
        report.error(row, column, f"Anteil {format_number(value, 1)} % liegt außerhalb von 0 bis 100.")
        return False
    if kind == "count" and value is not None and value < 0:
        report.error(row, column, f"Negative Anzahl {format_number(value, 0)}.")
        return False
    return True


def write(connection: Connection, rows: list[dict[str, Any]]) -> int:
    """Upsert observations; rows without any value ("missing") are skipped, not stored as zero."""
    stored = [row for row in rows if row["flag"] != "missing"]
    upsert(connection, Observation.__table__, stored, ["area_id", "indicator_id", "period"])
    return len(stored)
