"""The indicator catalogue from a table: one row per indicator with its metadata."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from sozialraum.importing import limits
from sozialraum.importing.area_match import filter_rows
from sozialraum.importing.mapping import Mapping, normalise
from sozialraum.importing.messages import ImportReport
from sozialraum.importing.tabular import Table
from sozialraum.importing.upsert import upsert
from sozialraum.importing.values import CellState, parse_number
from sozialraum.models import Aggregation, Indicator, IndicatorKind
from sozialraum.vocabulary import INDICATOR_KIND_LABELS, POLARITY_WORDS

#: Column -> (German header names accepted, required)
FIELDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "key": (("schluessel", "key", "kennzahl", "indikator"), True),
    "name": (("name", "bezeichnung"), True),
    "short_name": (("kurzname", "short_name"), False),
    "unit": (("einheit", "unit"), True),
    "topic": (("thema", "themenfeld", "topic"), True),
    "definition": (("definition",), False),
    "source": (("quelle", "source"), False),
    "polarity": (("polaritaet", "richtung", "polarity"), True),
    "kind": (("art", "typ", "kind"), True),
    "numerator_label": (("zaehler", "numerator_label"), False),
    "denominator_label": (("nenner", "denominator_label"), False),
    "scale": (("skala", "faktor", "scale"), False),
    "aggregation": (("aggregation",), False),
    "decimals": (("nachkommastellen", "dezimalstellen", "decimals"), False),
    "public": (("oeffentlich", "public"), False),
}
KIND_WORDS = {
    **{label.lower(): kind for kind, label in INDICATOR_KIND_LABELS.items()},
    **{kind.value: kind.value for kind in IndicatorKind},
}
DEFAULT_AGGREGATION = {
    "count": "sum",
    "amount": "sum",
    "share": "weighted",
    "rate": "weighted",
    "mean": "weighted",
    "index": "none",
}
DEFAULT_SCALE = {"share": 100.0}
TRUE_WORDS = {"ja", "j", "1", "true", "wahr", "x", ""}


def _column(header: list[str], mapping: Mapping, field: str) -> str | None:
    if field in mapping.columns:
        return mapping.columns[field] if mapping.columns[field] in header else None
    names = {normalise(alias) for alias in FIELDS[field][0]} | {normalise(field)}
    return next((column for column in header if normalise(column) in names), None)


def validate(table: Table, mapping: Mapping, report: ImportReport) -> list[dict[str, Any]]:
    header = list(table.frame.columns)
    columns = {field: _column(header, mapping, field) for field in FIELDS}
    if not table.check_columns(list(columns.values()), report):
        return []
    for field, (aliases, required) in FIELDS.items():
        if required and columns[field] is None:
            report.error(table.first_row - 1, None, f"Pflichtspalte »{aliases[0].capitalize()}« fehlt.")
    if not report.ok:
        return []
    rows, seen = [], {}
    frame = filter_rows(table.frame, mapping, report, table.first_row - 1)
    if frame is None:
        return []
    for row, cells in frame.iterrows():

        def cell(field: str, cells=cells) -> str:
            return str(cells[columns[field]]).strip() if columns[field] else ""

        key = cell("key")
        if not key:
            report.error(row, columns["key"], "Schlüssel fehlt.")
            continue
        if key in seen:
            report.error(row, columns["key"], f"Schlüssel »{key}« steht schon in Zeile {seen[key]}.")
            continue
        seen[key] = row
        kind = KIND_WORDS.get(cell("kind").lower())
        if kind is None:
            report.error(
                row,
                columns["kind"],
                f"Unbekannte Art »{cell('kind')}« (Anzahl, Anteil, Quote, Mittelwert, Betrag oder Index).",
            )
            continue
        polarity = POLARITY_WORDS.get(cell("polarity").lower().replace("−", "-"))
        if polarity is None:
            report.error(row, columns["polarity"], f"Polarität »{cell('polarity')}« nicht lesbar (+1, -1 oder 0).")
            continue
        aggregation = cell("aggregation").lower() or DEFAULT_AGGREGATION[kind]
        if aggregation not in {member.value for member in Aggregation}:
            report.error(row, columns["aggregation"], f"Unbekannte Aggregation »{aggregation}«.")
            continue
        numbers = {}
        for field, default in (("scale", DEFAULT_SCALE.get(kind, 1.0)), ("decimals", 1.0)):
            parsed = parse_number(cell(field))
            if parsed.state == CellState.INVALID:
                report.error(row, columns[field], f"Kein Zahlenwert: »{cell(field)}«.")
                break
            numbers[field] = parsed.value if parsed.value is not None else default
            problem = _number_problem(field, numbers[field])
            if problem:
                report.error(row, columns[field], problem)
                break
        else:
            entry = {
                "key": key,
                "name": cell("name"),
                "short_name": cell("short_name") or cell("name")[: Indicator.short_name.type.length],
                "unit": cell("unit"),
                "topic": cell("topic"),
                "definition": cell("definition"),
                "source": cell("source"),
                "polarity": polarity,
                "kind": kind,
                "numerator_label": cell("numerator_label") or None,
                "denominator_label": cell("denominator_label") or None,
                "scale": numbers["scale"],
                "aggregation": aggregation,
                "decimals": int(numbers["decimals"]),
                "public": cell("public").lower() in TRUE_WORDS,
                "sort_order": row,
            }
            if not entry["name"]:
                report.error(row, columns["name"], f"Name fehlt (Kennzahl »{key}«).")
                continue
            if _texts_fit(row, entry, columns, report):
                rows.append(entry)
    return rows


def _number_problem(field: str, value: float) -> str | None:
    """Decimals the formatter can show (whole, 0 to 6) and a finite, positive scale."""
    if field == "decimals":
        if not (value == int(value) and 0 <= value <= limits.MAX_DECIMALS):
            shown = limits.plain_number(value)
            return f"Nachkommastellen »{shown}«: erlaubt sind ganze Zahlen von 0 bis {limits.MAX_DECIMALS}."
        return None
    if value <= 0:
        return f"Skala muss größer als 0 sein, gefunden {limits.plain_number(value)}."
    return limits.number_problem(Indicator.scale, value)


def _texts_fit(row: int, entry: dict[str, Any], columns: dict[str, str | None], report: ImportReport) -> bool:
    """Every text within its column's length in the schema (PostgreSQL refuses longer ones), no NUL byte."""
    fits = True
    for field, value in entry.items():
        # A short name cut from the name carries the name's problem: one message, at the name.
        if not isinstance(value, str) or columns.get(field) is None:
            continue
        if problem := limits.text_problem(Indicator.__table__.c[field], value):
            report.error(row, columns[field], problem)
            fits = False
    return fits


def write(connection: Connection, rows: list[dict[str, Any]]) -> int:
    upsert(connection, Indicator.__table__, rows, ["key"])
    return len(rows)
