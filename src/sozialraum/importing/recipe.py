"""A recipe: a documented sequence of imports, run with one command.

Recipe files (TOML) list steps; each names a kind, the file(s) relative to ``--data-dir`` (or, with
``recipe_file``, relative to the recipe itself, for catalogues the project writes), and a mapping
(inline ``[step.mapping]`` and/or a mapping file beside the recipe)::

    title = "…"
    [[step]]
    title = "Planungsräume 2021"
    kind = "areas"
    file = "berlin_lor_geometry/berlin_lor2021_planungsraeume_wgs84.geojson"
    [step.mapping]
    level = "planning_area"

A step with ``files = "dir/*-planning-areas.csv"`` imports every matching file; ``period_from_name``
(a regular expression with groups ``year`` and ``half`` or ``month``) gives each file its period.
A step of kind ``index`` stores a Sozialindex definition (TOML beside the recipe) and writes its values
for every Stichtag the definition applies to, as ``sozialraum index --save`` does::

    [[step]]
    title = "MSS Status-Index (Berichte 2013–2017)"
    kind = "index"
    definition = "mss_status_2013_index.toml"

Each file is one transaction; the recipe stops at the first file with errors.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert

from sozialraum.formatting import format_number
from sozialraum.importing.messages import ImportReport, UnreadableFileError
from sozialraum.importing.runner import ImportKind, run_import
from sozialraum.models import DatasetInfo
from sozialraum.services.social_index import compute_materialisation, materialisation_is_current, save_definition
from sozialraum.store import data_version
from sozialraum.store.social_index import definition_from_toml, load_definition


@dataclass
class RecipeResult:
    title: str
    reports: list[tuple[str, ImportReport]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(report.ok for _, report in self.reports)


def period_from_name(name: str, pattern: str) -> str | None:
    match = re.search(pattern, name)
    if match is None:
        return None
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("half"):
        return (date(year, 6, 30) if int(groups["half"]) == 1 else date(year, 12, 31)).isoformat()
    if groups.get("month"):
        return f"{year}-{int(groups['month']):02d}"
    return str(year)


def load_recipe(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise UnreadableFileError(path.name, None, None, "Rezeptdatei nicht gefunden.") from error
    except tomllib.TOMLDecodeError as error:
        raise UnreadableFileError(path.name, None, None, f"Rezept ist kein gültiges TOML: {error}") from error


def _files(step: dict[str, Any], recipe_dir: Path, data_dir: Path) -> list[Path]:
    if "recipe_file" in step:
        return [recipe_dir / step["recipe_file"]]
    if "files" in step:
        return sorted(data_dir.glob(step["files"]))
    return [data_dir / step["file"]]


#: What a step may import; ``index`` stores a Sozialindex definition.
STEP_KINDS = (*(kind.value for kind in ImportKind), "index")


def run_recipe(engine: Engine, recipe_path: Path, data_dir: Path, dry_run: bool = False) -> RecipeResult:
    recipe = load_recipe(recipe_path)
    result = RecipeResult(recipe.get("title", recipe_path.stem))
    for number, step in enumerate(recipe.get("step", []), start=1):
        title = step.get("title", f"Schritt {number}")
        if step.get("kind") == "index":
            report = _index_step(engine, recipe_path.parent / str(step.get("definition", "")), dry_run)
            result.reports.append((title, report))
            if not report.ok:
                return result
            continue
        if step.get("kind") not in STEP_KINDS:
            report = ImportReport(str(step.get("kind", "?")), recipe_path.name)
            report.error(
                None,
                None,
                f"Schritt {number}: unbekannte Art »{step.get('kind', '')}« (kind = …; erlaubt: "
                + ", ".join(STEP_KINDS)
                + ").",
            )
            result.reports.append((title, report))
            return result
        files = _files(step, recipe_path.parent, data_dir)
        if not files:
            report = ImportReport(step.get("kind", "?"), step.get("files", "?"))
            report.error(None, None, f"Keine Datei passt zu »{step.get('files')}« in {data_dir}.")
            result.reports.append((title, report))
            return result
        mapping_file = recipe_path.parent / step["mapping_file"] if "mapping_file" in step else None
        for path in files:
            inline = dict(step.get("mapping", {}))
            values = inline.get("values")
            if mapping_file is None and isinstance(values, dict) and isinstance(values.get("key_lookup"), str):
                # An inline mapping has no file to sit beside: its lookup table sits beside the recipe.
                inline["values"] = {**values, "key_lookup": str(recipe_path.parent / values["key_lookup"])}
            if pattern := step.get("period_from_name"):
                inline["wide"] = {**inline.get("wide", {}), "period": period_from_name(path.name, pattern)}
            report = run_import(
                engine,
                step["kind"],
                path,
                mapping_path=mapping_file,  # read by the runner: a broken mapping is a reported, logged failure
                mapping_base=inline,
                dry_run=dry_run,
                crs=step.get("crs"),
            )
            result.reports.append((title, report))
            if not report.ok:
                return result
    if not dry_run and "dataset" in recipe:
        describe_dataset(engine, recipe["dataset"])
    return result


@dataclass
class IndexStepReport(ImportReport):
    """An ``index`` step: one definition read, its values computed and stored."""

    definition_name: str = ""
    unchanged: bool = False

    def summary(self) -> str:
        if not self.ok:
            return super().summary()
        if self.unchanged:
            return f"{self.file_name}: Sozialindex »{self.definition_name}« und seine Werte sind unverändert."
        if not self.written:
            return f"{self.file_name}: Definition »{self.definition_name}« geprüft (Probelauf)."
        return (
            f"{self.file_name}: Sozialindex »{self.definition_name}« gespeichert, "
            f"{format_number(self.rows_written)} Indexwerte geschrieben."
        )


def _index_step(engine: Engine, path: Path, dry_run: bool) -> ImportReport:
    """Store the Sozialindex definition at ``path`` with its values; a dry run only checks the TOML."""
    report = IndexStepReport("index", path.name)
    try:
        definition = definition_from_toml(path.read_text(encoding="utf-8"), path.name)
    except FileNotFoundError:
        report.error(None, None, "Definitionsdatei nicht gefunden (Schlüssel »definition« des Schritts).")
        return report
    except UnicodeDecodeError:  # a ValueError too: caught first, its English text is no message
        report.error(None, None, "keine UTF-8-Textdatei.")
        return report
    except ValueError as error:
        report.error(None, None, str(error))
        return report
    report.rows_read = 1
    report.definition_name = definition.name
    if dry_run:
        return report
    try:
        # Running a recipe twice must change nothing: new row ids alone would be a change.
        values = compute_materialisation(engine, definition)
        if load_definition(engine, definition.key) == definition and materialisation_is_current(
            engine, definition, values
        ):
            report.unchanged = True
            return report
        report.rows_written = save_definition(engine, definition, values=values)
    except ValueError as error:
        report.error(None, None, str(error))
        return report
    report.written = True
    return report


def describe_dataset(engine: Engine, dataset: dict[str, Any]) -> None:
    """Record what was loaded (name, source, as-of date): footers and exports cite it. A recipe's data are
    real, so a demo label from an earlier demo load is removed."""
    facts = {key: str(value) for key, value in dataset.items() if key in {"name", "source", "as_of"}}
    facts["is_demo"] = "0"
    with engine.begin() as connection:
        connection.execute(delete(DatasetInfo).where(DatasetInfo.key.in_(list(facts))))
        connection.execute(insert(DatasetInfo), [{"key": key, "value": value} for key, value in facts.items()])
        data_version.bump(connection)  # the sidebar and footers show the dataset's name and source
