"""The ``sozialraum`` command. Help texts and messages are German: planners run it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Engine, delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sozialraum import __version__
from sozialraum.cli.parser import GermanArgumentParser
from sozialraum.config import display_url, resolve_database_url
from sozialraum.db import current_revision, head_revision, is_empty, make_engine, upgrade
from sozialraum.demo.install import install_demo_extras
from sozialraum.formatting import format_date, format_number
from sozialraum.models import AREA_LEVELS, Base
from sozialraum.vocabulary import LEVEL_PLURAL


class CliError(Exception):
    """A failure to report as one German sentence, without a traceback."""


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="Datenbank-URL (Standard: SOZIALRAUM_DATABASE_URL, sonst Streamlit-Secrets, sonst data/sozialraum.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="sozialraum",
        description="Sozialraum-Monitor: Kennzahlen, Budgets und Wirkungsziele je Sozialraum.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="Version zeigen und beenden"
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", required=True)

    demo = commands.add_parser("demo", help="Fiktive Beispielstadt Musterstadt in die Datenbank schreiben")
    _add_db_option(demo)
    demo.add_argument(
        "--force",
        action="store_true",
        help="Vorhandene Daten vorher löschen (sonst nur in eine leere Datenbank)",
    )

    info = commands.add_parser("info", help="Zeigen, was die Datenbank enthält")
    _add_db_option(info)

    importing = commands.add_parser(
        "import",
        help="Daten einlesen (Gebiete, Kennzahlen, Werte, Budget, Ziele): erst vollständig prüfen, dann alles "
        "oder nichts schreiben",
    )
    importing.add_argument(
        "kind",
        metavar="ART",
        choices=["areas", "indicators", "observations", "budget", "goals", "recipe", "undo"],
        help="areas (Geometrien), indicators (Katalog), observations (Werte), budget, goals (Wirkungsziele), "
        "recipe (Rezept: mehrere Importe nacheinander) oder undo (einen Import zurücknehmen)",
    )
    importing.add_argument(
        "file",
        metavar="DATEI|NR",
        help="CSV, XLSX, GeoJSON, Shapefile (.shp/.zip) oder GeoPackage; bei undo die Nummer im Importprotokoll",
    )
    importing.add_argument("--mapping", metavar="DATEI", help="Zuordnung der Spalten (TOML)")
    importing.add_argument("--dry-run", action="store_true", help="Nur prüfen und berichten, nichts schreiben")
    importing.add_argument("--data-dir", metavar="ORDNER", help="Bei recipe: Ordner, auf den sich die Dateien beziehen")
    importing.add_argument("--crs", metavar="CRS", help="Koordinatensystem, wenn die .prj fehlt (z. B. EPSG:25833)")
    importing.add_argument(
        "--report",
        metavar="DATEI.csv",
        help="Vollständigen Bericht schreiben: je Meldungsart und Wert eine Zeile mit allen Zeilen (.csv oder .xlsx)",
    )
    _add_db_option(importing)

    index = commands.add_parser("index", help="Sozialindex (Status/Dynamik) berechnen, als CSV ausgeben, speichern")
    index.add_argument("--definition", metavar="DATEI", help="Definition als TOML (siehe examples/berlin/)")
    index.add_argument("--key", metavar="SCHLÜSSEL", help="statt --definition: ein gespeicherter Index")
    index.add_argument("--period", metavar="ZEITPUNKT", help="Jahr (2020) oder Stichtag (31.12.2020, 2020-12-31)")
    index.add_argument("--csv", metavar="DATEI", help="Ergebnis je Gebiet als CSV schreiben")
    index.add_argument("--save", action="store_true", help="Definition speichern und als Kennzahl index_… schreiben")
    index.add_argument("--list", action="store_true", help="Gespeicherte Sozialindizes auflisten")
    _add_db_option(index)

    report = commands.add_parser("report", help="Berichte als Datei: Steckbrief-PDF, Sitzungsmappe als PowerPoint")
    reports = report.add_subparsers(dest="report_command", metavar="BERICHT", required=True)
    _add_steckbrief_report(reports)
    _add_deck_report(reports)

    _add_repair_commands(commands)

    db = commands.add_parser("db", help="Datenbankschema verwalten")
    db_commands = db.add_subparsers(dest="db_command", metavar="AKTION", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="Schema auf den neuesten Stand bringen (Alembic)")
    _add_db_option(db_upgrade)
    return parser


def _add_repair_commands(commands: argparse._SubParsersAction) -> None:
    areas = commands.add_parser("areas", help="Gebietsstände korrigieren")
    areas_commands = areas.add_subparsers(dest="areas_command", metavar="AKTION", required=True)
    version = areas_commands.add_parser("version", help="Name und Gültigkeit eines Gebietsstands ändern")
    version.add_argument("key", metavar="SCHLÜSSEL", help="Schlüssel des Gebietsstands (siehe »sozialraum info«)")
    version.add_argument("--name", help="neuer Name")
    version.add_argument("--valid-from", metavar="DATUM", help="gültig ab (01.01.2021, 2021-01-01 oder 2021)")
    version.add_argument("--valid-to", metavar="DATUM", help="gültig bis (31.12.2020)")
    version.add_argument("--open-end", action="store_true", help="»gültig bis« entfernen (gilt weiterhin)")
    _add_db_option(version)

    catalogue = commands.add_parser("catalogue", help="Kennzahlenkatalog bereinigen")
    catalogue_commands = catalogue.add_subparsers(dest="catalogue_command", metavar="AKTION", required=True)
    remove = catalogue_commands.add_parser("delete", help="Eine Kennzahl mit ihren Werten und Zielen löschen")
    remove.add_argument("key", metavar="SCHLÜSSEL", help="Schlüssel der Kennzahl, z. B. ew")
    remove.add_argument("--yes", action="store_true", help="Löschen bestätigen (ohne: nur zeigen, was gelöscht würde)")
    _add_db_option(remove)


def run_areas_version(engine: Engine, args: argparse.Namespace) -> str:
    from sozialraum.importing.repair import RepairError, parse_day, update_boundary_version

    _require_schema(engine)
    if args.open_end and args.valid_to:
        raise CliError("Entweder --valid-to oder --open-end angeben, nicht beides.")
    try:
        return update_boundary_version(
            engine,
            args.key,
            name=args.name,
            valid_from=parse_day(args.valid_from, "--valid-from") if args.valid_from else None,
            valid_to=parse_day(args.valid_to, "--valid-to") if args.valid_to else None,
            open_ended=args.open_end,
        )
    except RepairError as error:
        raise CliError(str(error)) from None


def run_catalogue_delete(engine: Engine, args: argparse.Namespace) -> str:
    from sozialraum.importing.repair import RepairError, delete_indicator, indicator_deletion

    _require_schema(engine)
    try:
        deletion = indicator_deletion(engine, args.key)
        if not deletion.allowed:
            raise CliError(deletion.text())
        if not args.yes:
            raise CliError(f"{deletion.text()} Zum Löschen mit --yes bestätigen.")
        delete_indicator(engine, args.key)
    except RepairError as error:
        raise CliError(str(error)) from None
    return deletion.text().replace(" löschen: ", " gelöscht: ", 1).replace(" werden mitgelöscht", " mitgelöscht")


def _add_steckbrief_report(reports: argparse._SubParsersAction) -> None:
    steckbrief = reports.add_parser("steckbrief", help="Steckbrief eines Gebiets als A4-PDF")
    steckbrief.add_argument("--area", required=True, metavar="SCHLÜSSEL", help="Schlüssel des Gebiets, z. B. 0303")
    steckbrief.add_argument(
        "--level",
        default="social_space",
        choices=["social_space", "district", "planning_area"],
        help="Ebene des Gebiets (Standard: social_space)",
    )
    steckbrief.add_argument(
        "--period", metavar="STICHTAG", help="Jahr (2025) oder Stichtag (31.12.2025, 2025-12-31); Standard: der neueste"
    )
    steckbrief.add_argument("--out", required=True, metavar="DATEI.pdf", help="Zieldatei")
    _add_db_option(steckbrief)


def resolve_period(engine: Engine, text: str | None) -> date:
    """The Stichtag ``--period`` names (see ``sozialraum.periods``), or the latest one."""
    from sozialraum.periods import PeriodError, parse_period
    from sozialraum.store.repository import load_periods

    periods = load_periods(engine)
    if not periods:
        raise CliError("Die Datenbank enthält keine Kennzahlen.")
    if text is None:
        return periods[-1]
    try:
        return parse_period(text, periods, "liegen keine Kennzahlen vor")
    except PeriodError as error:
        raise CliError(str(error)) from None


def run_steckbrief_report(engine: Engine, args: argparse.Namespace) -> str:
    from pathlib import Path

    from sozialraum.export import images
    from sozialraum.export.steckbrief_pdf import steckbrief_pdf
    from sozialraum.reports.source import Source
    from sozialraum.reports.steckbrief import SteckbriefError, SteckbriefParams, build

    _require_schema(engine)

    period = resolve_period(engine, args.period)
    try:
        steckbrief = build(Source(engine), SteckbriefParams(level=args.level, area_key=args.area, period=period))
    except SteckbriefError as error:
        raise CliError(str(error)) from error
    target = Path(args.out)
    try:
        target.write_bytes(steckbrief_pdf(steckbrief))
    except OSError as error:
        raise CliError(f"{target} kann nicht geschrieben werden: {error.strerror}.") from error
    note = "" if images.static_images_available() else "\nHinweis: ohne Diagramme (kein Chromium gefunden)."
    return f"Steckbrief {steckbrief.area.name} ({format_date(period)}) geschrieben: {target}{note}"


def _add_deck_report(reports: argparse._SubParsersAction) -> None:
    deck = reports.add_parser("deck", help="Sitzungsmappe als PowerPoint-Datei (16:9) schreiben")
    deck.add_argument("--name", metavar="NAME", help="Name der Mappe (Standard: die zuletzt geänderte)")
    deck.add_argument("--out", metavar="DATEI.pptx", required=True, help="Zieldatei")
    _add_db_option(deck)


def render_deck(engine: Engine, deck_id: int) -> list:
    """Every slide of a stored deck rendered from the current data (``DeckSlideContent``s)."""
    from sozialraum.export.deck_pptx import DeckSlideContent
    from sozialraum.slides import render_slide
    from sozialraum.store import decks as deck_store
    from sozialraum.store.repository import dataset_info

    info = dataset_info(engine)
    return [
        DeckSlideContent(render_slide(engine, spec.kind, spec.params, spec.title, info), spec.speaker_note)
        for spec in deck_store.slides(engine, deck_id)
    ]


def run_report_deck(engine: Engine, name: str | None, out: str) -> str:
    from pathlib import Path

    from sozialraum.export.deck_pptx import build_deck_pptx
    from sozialraum.store import decks as deck_store

    _require_schema(engine)
    deck_id = deck_store.find_deck(engine, name) if name else deck_store.latest_deck(engine)
    if deck_id is None:
        raise CliError(f"Keine Sitzungsmappe »{name}« gefunden." if name else "Es gibt noch keine Sitzungsmappe.")
    deck_name = deck_store.deck_name(engine, deck_id)
    contents = render_deck(engine, deck_id)
    if not contents:
        raise CliError(f"Die Sitzungsmappe »{deck_name}« enthält keine Folien.")
    pptx, problem = build_deck_pptx(deck_name, contents)
    target = Path(out)
    try:
        target.write_bytes(pptx)
    except OSError as error:
        raise CliError(f"Die Datei {target} kann nicht geschrieben werden: {error.strerror}.") from None
    lines = [f"Sitzungsmappe »{deck_name}« mit {len(contents)} Folien geschrieben: {target}"]
    stale = sum(1 for content in contents if not content.slide.ok)
    if stale:
        lines.append(f"Hinweis: {stale} Folie(n) konnten nicht mehr erstellt werden (siehe Folientext).")
    if problem:
        lines.append(f"Hinweis: Diagramme als Text statt Bild. {problem}")
    return "\n".join(lines)


def delete_all_data(engine: Engine) -> None:
    """Empty every table but keep the schema (children first, so foreign keys hold)."""
    with Session(engine) as session, session.begin():
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


def run_demo(engine: Engine, force: bool) -> str:
    from sozialraum.demo.city import generate_demo

    upgrade(engine)
    if not is_empty(engine):
        if not force:
            raise CliError("Die Datenbank enthält bereits Daten. Mit --force werden sie gelöscht und ersetzt.")
        delete_all_data(engine)
    with Session(engine) as session, session.begin():
        generate_demo(session)
    install_demo_extras(engine)
    return "Musterstadt (fiktive Beispieldaten) wurde angelegt.\n" + describe(engine)


def describe(engine: Engine) -> str:
    from sozialraum.store.repository import count_summary, dataset_info

    summary = count_summary(engine)
    info = dataset_info(engine)
    lines = [f"Datensatz: {info.get('name', '(ohne Namen)')}"]
    if info.get("is_demo") == "1":
        lines.append("Hinweis: fiktive Beispieldaten")
    lines += _boundary_version_lines(engine, int(summary["boundary_versions"]))
    lines.append("Gebiete über alle Gebietsstände:" if summary["boundary_versions"] > 1 else "Gebiete:")
    for level in AREA_LEVELS:
        lines.append(f"  {LEVEL_PLURAL[level]:<15} {format_number(summary['areas_per_level'].get(level, 0)):>7}")
    first_year, last_year = summary["budget_years"]
    lines += [
        f"Kennzahlen:        {format_number(summary['indicators']):>7}",
        f"Beobachtungen:     {format_number(summary['observations']):>7}",
        f"Zeitpunkte:        {format_number(summary['periods']):>7}"
        + (
            f"  ({format_date(summary['first_period'])} bis {format_date(summary['last_period'])})"
            if summary["first_period"]
            else ""
        ),
        f"Budgetzeilen:      {format_number(summary['budget_lines']):>7}"
        + (f"  (Haushaltsjahre {first_year} bis {last_year})" if first_year else ""),
        f"Wirkungsziele:     {format_number(summary['goals']):>7}",
        f"Importe:           {format_number(summary['imports']):>7}",
    ]
    return "\n".join(lines)


def _boundary_version_lines(engine: Engine, count: int) -> list[str]:
    """Each Gebietsstand with its validity and its own areas per level: areas of different versions are
    different areas (Berlin's 448 and 542 Planungsräume), so their sum alone misleads."""
    from sozialraum.store.repository import boundary_version_summary

    lines = [f"Gebietsstände:     {format_number(count):>7}"]
    for version in boundary_version_summary(engine):
        validity = (
            f"{format_date(version.valid_from)} bis {format_date(version.valid_to)}"
            if version.valid_to
            else f"ab {format_date(version.valid_from)}"
        )
        lines.append(f"  {version.key} · {version.name} · {validity}")
        for level in AREA_LEVELS:
            if level in version.areas_per_level:
                label = LEVEL_PLURAL[level]
                lines.append(f"    {label:<13} {format_number(version.areas_per_level[level]):>7}")
        if not version.areas_per_level:
            lines.append("    keine Gebiete")
    return lines


def run_info(engine: Engine) -> str:
    revision = current_revision(engine)
    if revision is None:
        raise CliError(
            "Die Datenbank hat noch kein Schema. Erst »sozialraum db upgrade« oder »sozialraum demo« ausführen."
        )
    notice = "" if revision == head_revision() else "\nHinweis: Schema veraltet, »sozialraum db upgrade« ausführen."
    return describe(engine) + f"\nSchema-Version:    {revision}{notice}"


def run_upgrade(engine: Engine) -> str:
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    if before == after:
        return f"Schema ist aktuell (Version {after})."
    return f"Schema aktualisiert: {before or 'leer'} → {after}."


def run_import_command(engine: Engine, args: argparse.Namespace) -> tuple[str, bool]:
    from pathlib import Path

    from sozialraum.importing import run_import
    from sozialraum.importing.messages import UnreadableFileError
    from sozialraum.importing.recipe import run_recipe

    upgrade(engine)
    if args.kind == "undo":
        return run_undo(engine, args.file), True
    if args.kind == "recipe":
        if not args.data_dir:
            raise CliError("Für ein Rezept bitte --data-dir angeben (Ordner mit den Quelldateien).")
        try:
            result = run_recipe(engine, Path(args.file), Path(args.data_dir), dry_run=args.dry_run)
        except UnreadableFileError as failure:  # the recipe itself is missing or not TOML
            raise CliError(str(failure.problem).removeprefix("Fehler: ")) from None
        lines = [f"Rezept: {result.title}"]
        for title, step_report in result.reports:
            lines += [f"- {title}: {step_report.summary()}", *(f"    {line}" for line in step_report.summary_lines())]
        lines.append("Rezept vollständig ausgeführt." if result.ok else "Rezept abgebrochen: siehe Fehler oben.")
        lines += _write_report(args.report, [step_report for _, step_report in result.reports])
        return "\n".join(lines), result.ok
    report = run_import(
        engine,
        args.kind,
        Path(args.file),
        mapping_path=Path(args.mapping) if args.mapping else None,
        dry_run=args.dry_run,
        crs=args.crs,
    )
    lines = [*report.summary_lines(), report.summary(), *_write_report(args.report, [report])]
    return "\n".join(lines), report.ok


def _write_report(target: str | None, reports: list) -> list[str]:  # ImportReports (lazy import)
    """Write the complete report of ``reports`` to ``target`` (CSV, or XLSX by its suffix); the line to print."""
    if not target:
        return []
    from pathlib import Path

    import pandas as pd

    from sozialraum.importing.messages import report_file_bytes

    path = Path(target)
    frame = pd.concat([report.report_frame() for report in reports], ignore_index=True)
    try:
        path.write_bytes(report_file_bytes(frame, path.suffix))
    except OSError as failure:
        raise CliError(f"Bericht {target} nicht geschrieben: {failure.strerror or failure}") from None
    return [f"Vollständiger Bericht: {target} ({format_number(len(frame))} Zeilen)."]


def run_undo(engine: Engine, log_id_text: str) -> str:
    """``sozialraum import undo LOG_ID``: the database as it was before that import, in one transaction."""
    from sozialraum.db import DatabaseBusyError
    from sozialraum.importing.runner import busy_text
    from sozialraum.importing.undo import UndoRefusedError, undo_import

    if not log_id_text.strip().isdigit():
        raise CliError(f"»{log_id_text}« ist keine Nummer aus dem Importprotokoll (z. B. 12).")
    try:
        preview = undo_import(engine, int(log_id_text))
    except UndoRefusedError as refusal:
        raise CliError(str(refusal)) from None
    except DatabaseBusyError:
        raise CliError(busy_text(30)) from None
    return (
        preview.text()
        .replace(" zurücknehmen: ", " zurückgenommen: ", 1)
        .replace("werden auf den vorherigen Stand gesetzt", "auf den vorherigen Stand gesetzt")
    )


def _require_schema(engine: Engine) -> None:
    """Commands that read data say so in German on a database nobody has set up (and do not create one)."""
    if current_revision(engine) is None:
        raise CliError("Die Datenbank hat noch kein Schema. Erst »sozialraum db upgrade« oder einen Import ausführen.")
    upgrade(engine)


def run_index_command(engine: Engine, args: argparse.Namespace) -> str:
    from sozialraum.cli.social_index import IndexCommandError, index_command, list_command

    _require_schema(engine)
    try:
        if args.list:
            return list_command(engine)
        return index_command(engine, args.definition, args.key, args.period, args.csv, args.save)
    except IndexCommandError as error:
        raise CliError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = resolve_database_url(args.db)
    try:
        engine = make_engine(url)
        if args.command == "demo":
            output = run_demo(engine, args.force)
        elif args.command == "info":
            output = run_info(engine)
        elif args.command == "report" and args.report_command == "deck":
            output = run_report_deck(engine, args.name, args.out)
        elif args.command == "report":
            output = run_steckbrief_report(engine, args)
        elif args.command == "import":
            output, ok = run_import_command(engine, args)
            print(output, file=sys.stdout if ok else sys.stderr)
            return 0 if ok else 1
        elif args.command == "index":
            output = run_index_command(engine, args)
        elif args.command == "areas":
            output = run_areas_version(engine, args)
        elif args.command == "catalogue":
            output = run_catalogue_delete(engine, args)
        else:
            output = run_upgrade(engine)
    except CliError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(
            f"Fehler: Datenbank {display_url(url)} nicht nutzbar: {error.__class__.__name__}: "
            f"{str(error).splitlines()[0]}",
            file=sys.stderr,
        )
        return 1
    print(output)
    return 0
