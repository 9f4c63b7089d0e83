"""Outcome goals (Wirkungsziele) from a table, e.g. a council decision's annex.

Columns: Leitziel, Wirkungsziel, Kennzahl, Gebiet (empty: whole city), Basisjahr, Basiswert, Zieljahr,
Zielwert, Richtung (optional: steigen/sinken), Verantwortlich, Produkte (comma-separated), Notizen.
A goal is identified by its title and area: importing a revised table updates goals in place.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from sozialraum.importing import limits
from sozialraum.importing.area_match import AreaMatcher, filter_rows
from sozialraum.importing.lookup import indicator_catalogue
from sozialraum.importing.mapping import Mapping, normalise
from sozialraum.importing.messages import ImportReport
from sozialraum.importing.tabular import Table
from sozialraum.importing.values import CellState, parse_number
from sozialraum.models import Goal

FIELDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "strategic_goal": (("leitziel", "strategic_goal"), True),
    "title": (("wirkungsziel", "ziel", "title"), True),
    "indicator": (("kennzahl", "indikator", "indicator"), True),
    "area": (("gebiet", "raum", "area"), False),
    "baseline_year": (("basisjahr", "baseline_year"), True),
    "baseline_value": (("basiswert", "baseline_value"), True),
    "target_year": (("zieljahr", "target_year"), True),
    "target_value": (("zielwert", "target_value"), True),
    "direction": (("richtung", "direction"), False),
    "responsible": (("verantwortlich", "zustaendig", "responsible"), False),
    "products": (("produkte", "products"), False),
    "notes": (("notizen", "anmerkungen", "notes"), False),
}
FIRST_YEAR, LAST_YEAR = 1950, 2100
DIRECTIONS = {"": None, "steigen": 1, "steigend": 1, "+1": 1, "1": 1, "sinken": -1, "sinkend": -1, "-1": -1}


def _column(header: list[str], mapping: Mapping, field: str) -> str | None:
    if field in mapping.columns:
        return mapping.columns[field] if mapping.columns[field] in header else None
    wanted = {normalise(name) for name in FIELDS[field][0]}
    return next((column for column in header if normalise(column) in wanted), None)


def validate(engine: Engine, table: Table, mapping: Mapping, report: ImportReport) -> list[dict[str, Any]]:
    header = list(table.frame.columns)
    columns = {field: _column(header, mapping, field) for field in FIELDS}
    if not table.check_columns(list(columns.values()), report):
        return []
    for field, (names, required) in FIELDS.items():
        if required and columns[field] is None:
            report.error(table.first_row - 1, None, f"Pflichtspalte »{names[0].capitalize()}« fehlt.")
    if not report.ok:
        return []
    frame = filter_rows(table.frame, mapping, report, table.first_row - 1)
    if frame is None:
        return []
    catalogue = indicator_catalogue(engine)
    areas = AreaMatcher(engine, mapping)
    goals, seen = [], {}
    for row, cells in frame.iterrows():

        def cell(field: str, cells=cells) -> str:
            return str(cells[columns[field]]).strip() if columns[field] else ""

        numbers = {}
        for field in ("baseline_year", "baseline_value", "target_year", "target_value"):
            parsed = parse_number(cell(field))
            if parsed.state != CellState.VALUE:
                report.error(row, columns[field], f"Zahl erwartet, gefunden »{cell(field)}«.")
                break
            problem = limits.number_problem(Goal.__table__.c[field], parsed.value)
            if problem is None and field.endswith("_year") and not FIRST_YEAR <= parsed.value <= LAST_YEAR:
                problem = f"Jahr {limits.plain_number(parsed.value)} liegt außerhalb von {FIRST_YEAR} bis {LAST_YEAR}."
            if problem:
                report.error(row, columns[field], problem)
                break
            numbers[field] = parsed.value
        else:
            if numbers["target_year"] < numbers["baseline_year"]:
                report.error(row, columns["target_year"], "Das Zieljahr liegt vor dem Basisjahr.")
                continue
            indicator = catalogue.get(cell("indicator"))
            if indicator is None:
                report.error(row, columns["indicator"], f"Unbekannte Kennzahl »{cell('indicator')}«.")
                continue
            direction_text = cell("direction").lower()
            if direction_text not in DIRECTIONS:
                report.error(row, columns["direction"], f"Richtung »{cell('direction')}«: »steigen« oder »sinken«.")
                continue
            area_id = None
            if cell("area"):
                area_id, reason = areas.find(cell("area"), date(int(numbers["baseline_year"]), 12, 31))
                if area_id is None:
                    report.error(row, columns["area"], reason)
                    continue
            texts = [(field, cell(field)) for field in ("strategic_goal", "title", "responsible", "notes")]
            if not _texts_fit(row, texts, columns, report):
                continue
            identity = (cell("title"), area_id)
            if identity in seen:
                report.error(row, columns["title"], f"Ziel »{cell('title')}« steht schon in Zeile {seen[identity]}.")
                continue
            seen[identity] = row
            goals.append(
                {
                    "strategic_goal": cell("strategic_goal"),
                    "title": cell("title"),
                    "indicator_id": indicator[0],
                    "area_id": area_id,
                    "baseline_year": int(numbers["baseline_year"]),
                    "baseline_value": numbers["baseline_value"],
                    "target_year": int(numbers["target_year"]),
                    "target_value": numbers["target_value"],
                    "direction": DIRECTIONS[direction_text],
                    "responsible": cell("responsible"),
                    "products": [code.strip() for code in cell("products").split(",") if code.strip()],
                    "notes": cell("notes"),
                }
            )
    return goals


def _texts_fit(row: int, texts: list[tuple[str, str]], columns: dict[str, str | None], report: ImportReport) -> bool:
    fits = True
    for field, text in texts:
        if problem := limits.text_problem(Goal.__table__.c[field], text):
            report.error(row, columns[field] or field, problem)
            fits = False
    return fits


def write(connection: Connection, goals: list[dict[str, Any]]) -> int:
    for goal in goals:
        existing = connection.scalar(
            select(Goal.id).where(Goal.title == goal["title"], Goal.area_id.is_not_distinct_from(goal["area_id"]))
        )
        if existing is None:
            connection.execute(insert(Goal), [goal])
        else:
            connection.execute(update(Goal).where(Goal.id == existing).values(**goal))
    return len(goals)
