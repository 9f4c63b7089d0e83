"""``sozialraum index``: a Sozialindex for automated reports, from a TOML definition or a stored one.

The CSV is plain (comma, decimal point, UTF-8 without BOM, full precision): it feeds scripts and
further reports, where German Excel conventions (``;``, decimal comma, ``="0101"``) would get in the
way. The page offers the German Excel downloads. Read it with ``dtype={"area_key": str}`` to keep
leading zeros. Text cells and headers that would start a spreadsheet formula get a leading ``'``
(``export.tables.neutralise_frame``): someone will double-click the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sozialraum import periods
from sozialraum.analysis.social_index import IndexDefinition, IndexResult, class_ranges, validity_text
from sozialraum.export.tables import neutralise_frame
from sozialraum.formatting import format_date, format_number
from sozialraum.services.social_index import index_periods, run_index, save_definition
from sozialraum.store.social_index import (
    check_indicators,
    definition_from_toml,
    list_definitions,
    load_definition,
)
from sozialraum.vocabulary import LEVEL_PLURAL


class IndexCommandError(Exception):
    """A failure to report as one German sentence."""


def index_period(text: str, available: list[date]) -> date:
    """See ``sozialraum.periods.parse_period``; failures are command errors."""
    try:
        return periods.parse_period(text, available, "lässt sich der Index nicht berechnen")
    except periods.PeriodError as error:
        raise IndexCommandError(str(error)) from None


def csv_frame(result: IndexResult) -> pd.DataFrame:
    """One row per area: ``area_key``, ``z_<indicator>`` per component, ``index``, ``class`` (the class
    label) and ``reason`` (why an area is left out; empty index and class then)."""
    table = result.table
    z_columns = [f"z_{key}" for key in result.definition.indicator_keys]
    frame = table[z_columns + ["index"]].copy()
    frame["class"] = table["class_label"]
    frame["reason"] = table["excluded"]
    return neutralise_frame(frame.reset_index(names="area_key"))


def summary(result: IndexResult, period: date) -> list[str]:
    definition, table = result.definition, result.table
    excluded = table["excluded"].dropna()
    lines = [
        f"Sozialindex: {definition.name} ({definition.key}), Stichtag {format_date(period)}, "
        f"{LEVEL_PLURAL.get(definition.level, definition.level)}",
        f"Gebiete: {format_number(len(table))}, davon gültig {format_number(len(table) - len(excluded))}, "
        f"ausgeschlossen {format_number(len(excluded))}",
    ]
    lines += [f"  {reason}: {format_number(count)}" for reason, count in excluded.value_counts().items()]
    lines.append("Klassen:")
    counts = result.class_counts()
    for item, text in zip(definition.classes, class_ranges(definition), strict=True):
        lines.append(f"  {text:<36} {format_number(counts[item.label]):>6}")
    return lines


def _definition(engine: Engine, definition_file: str | None, key: str | None) -> IndexDefinition:
    if key:
        stored = load_definition(engine, key)
        if stored is None:
            names = ", ".join(d.key for d in list_definitions(engine)) or "keine"
            raise IndexCommandError(f"Kein gespeicherter Sozialindex »{key}« (gespeichert: {names}).")
        return stored
    path = Path(definition_file or "")
    if not path.is_file():
        raise IndexCommandError(f"Definitionsdatei {path} nicht gefunden.")
    try:
        return definition_from_toml(path.read_text(encoding="utf-8"), path.name)
    except UnicodeDecodeError:
        raise IndexCommandError(f"{path.name}: keine UTF-8-Textdatei.") from None


def list_command(engine: Engine) -> str:
    definitions = list_definitions(engine)
    if not definitions:
        return "Keine Sozialindizes gespeichert."
    lines = ["Gespeicherte Sozialindizes:"]
    for definition in definitions:
        periods = index_periods(engine, definition)
        span = f"{format_date(periods[0])} bis {format_date(periods[-1])}" if periods else "keine Daten"
        components = ", ".join(definition.indicator_keys)
        lines.append(f"  {definition.key:<16} {definition.name} ({definition.kind}; {components}; {span})")
    return "\n".join(lines)


def index_command(
    engine: Engine,
    definition_file: str | None,
    key: str | None,
    period_text: str | None,
    csv_path: str | None = None,
    save: bool = False,
) -> str:
    """Run one index at one period; optionally write the CSV and store the definition (materialised)."""
    if not (definition_file or key):
        raise IndexCommandError("Bitte --definition DATEI.toml, --key SCHLÜSSEL oder --list angeben.")
    try:
        definition = _definition(engine, definition_file, key)
        with Session(engine) as session:
            check_indicators(session, definition)
        if not period_text:
            raise IndexCommandError("Bitte --period angeben (Jahr oder Datum).")
        try:
            period = index_period(period_text, index_periods(engine, definition))
        except IndexCommandError as error:
            # The periods offered are only those the method applies to: say why the others are missing.
            raise IndexCommandError(f"{error} {validity_text(definition)}".strip()) from None
        result = run_index(engine, definition, period)
        lines = summary(result, period)
        if csv_path:
            frame = csv_frame(result)
            try:
                frame.to_csv(csv_path, index=False, encoding="utf-8")
            except OSError as error:
                raise IndexCommandError(f"CSV {csv_path} nicht schreibbar: {error.strerror}.") from None
            lines.append(f"CSV geschrieben: {csv_path} ({format_number(len(frame))} Gebiete)")
        if save:
            save_definition(engine, definition)
            lines.append(
                f"Definition gespeichert; Indexwerte als Kennzahl index_{definition.key} für "
                f"{format_number(len(index_periods(engine, definition)))} Zeitpunkte geschrieben."
            )
    except ValueError as error:
        raise IndexCommandError(str(error)) from None
    return "\n".join(lines)
