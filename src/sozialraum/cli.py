"""The ``sozialraum`` command. Help texts and messages are German: planners run it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import Engine, delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from sozialraum import __version__
from sozialraum.config import display_url, resolve_database_url
from sozialraum.db import current_revision, head_revision, is_empty, make_engine, upgrade
from sozialraum.formatting import format_date, format_number
from sozialraum.models import AREA_LEVELS, Base

LEVEL_LABELS_PLURAL = {
    "city": "Gesamtstadt",
    "district": "Bezirke",
    "region": "Regionen",
    "social_space": "Sozialräume",
    "planning_area": "Planungsräume",
}


class CliError(Exception):
    """A failure to report as one German sentence, without a traceback."""


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="Datenbank-URL (Standard: SOZIALRAUM_DATABASE_URL, sonst Streamlit-Secrets, sonst data/sozialraum.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sozialraum",
        description="Sozialraum-Monitor: Kennzahlen, Budgets und Wirkungsziele je Sozialraum.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        choices=["areas", "indicators", "observations", "budget", "goals", "recipe"],
        help="areas (Geometrien), indicators (Katalog), observations (Werte), budget, goals (Wirkungsziele) "
        "oder recipe (Rezept: mehrere Importe nacheinander)",
    )
    importing.add_argument("file", metavar="DATEI", help="CSV, XLSX, GeoJSON, Shapefile (.shp/.zip) oder GeoPackage")
    importing.add_argument("--mapping", metavar="DATEI", help="Zuordnung der Spalten (TOML)")
    importing.add_argument("--dry-run", action="store_true", help="Nur prüfen und berichten, nichts schreiben")
    importing.add_argument("--data-dir", metavar="ORDNER", help="Bei recipe: Ordner, auf den sich die Dateien beziehen")
    importing.add_argument("--crs", metavar="CRS", help="Koordinatensystem, wenn die .prj fehlt (z. B. EPSG:25833)")
    _add_db_option(importing)

    index = commands.add_parser("index", help="Sozialindex (Status/Dynamik) berechnen, als CSV ausgeben, speichern")
    index.add_argument("--definition", metavar="DATEI", help="Definition als TOML (siehe examples/berlin/)")
    index.add_argument("--key", metavar="SCHLÜSSEL", help="statt --definition: ein gespeicherter Index")
    index.add_argument("--period", metavar="ZEITPUNKT", help="Jahr (2020) oder Stichtag (31.12.2020, 2020-12-31)")
    index.add_argument("--csv", metavar="DATEI", help="Ergebnis je Gebiet als CSV schreiben")
    index.add_argument("--save", action="store_true", help="Definition speichern und als Kennzahl index_… schreiben")
    index.add_argument("--list", action="store_true", help="Gespeicherte Sozialindizes auflisten")
    _add_db_option(index)

    db = commands.add_parser("db", help="Datenbankschema verwalten")
    db_commands = db.add_subparsers(dest="db_command", metavar="AKTION", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="Schema auf den neuesten Stand bringen (Alembic)")
    _add_db_option(db_upgrade)
    return parser


def delete_all_data(engine: Engine) -> None:
    """Empty every table but keep the schema (children first, so foreign keys hold)."""
    with Session(engine) as session, session.begin():
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))


def run_demo(engine: Engine, force: bool) -> str:
    from sozialraum.demo import generate_demo
    from sozialraum.demo_social_index import install_demo_indices

    upgrade(engine)
    if not is_empty(engine):
        if not force:
            raise CliError("Die Datenbank enthält bereits Daten. Mit --force werden sie gelöscht und ersetzt.")
        delete_all_data(engine)
    with Session(engine) as session, session.begin():
        generate_demo(session)
    install_demo_indices(engine)
    return "Musterstadt (fiktive Beispieldaten) wurde angelegt.\n" + describe(engine)


def describe(engine: Engine) -> str:
    from sozialraum.repository import count_summary, dataset_info

    summary = count_summary(engine)
    info = dataset_info(engine)
    lines = [f"Datensatz: {info.get('name', '(ohne Namen)')}"]
    if info.get("is_demo") == "1":
        lines.append("Hinweis: fiktive Beispieldaten")
    lines.append("Gebiete:")
    for level in AREA_LEVELS:
        lines.append(f"  {LEVEL_LABELS_PLURAL[level]:<15} {format_number(summary['areas_per_level'].get(level, 0)):>7}")
    first_year, last_year = summary["budget_years"]
    lines += [
        f"Gebietsstände:     {format_number(summary['boundary_versions']):>7}",
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
    from sozialraum.importing.recipe import run_recipe

    upgrade(engine)
    if args.kind == "recipe":
        if not args.data_dir:
            raise CliError("Für ein Rezept bitte --data-dir angeben (Ordner mit den Quelldateien).")
        result = run_recipe(engine, Path(args.file), Path(args.data_dir), dry_run=args.dry_run)
        lines = [f"Rezept: {result.title}"]
        for title, step_report in result.reports:
            lines += [f"- {title}: {step_report.summary()}", *(f"    {line}" for line in step_report.lines())]
        lines.append("Rezept vollständig ausgeführt." if result.ok else "Rezept abgebrochen: siehe Fehler oben.")
        return "\n".join(lines), result.ok
    report = run_import(
        engine,
        args.kind,
        Path(args.file),
        mapping_path=Path(args.mapping) if args.mapping else None,
        dry_run=args.dry_run,
        crs=args.crs,
    )
    return "\n".join([*report.lines(), report.summary()]), report.ok


def run_index_command(engine: Engine, args: argparse.Namespace) -> str:
    from sozialraum.social_index_cli import IndexCommandError, index_command, list_command

    if current_revision(engine) is None:
        raise CliError("Die Datenbank hat noch kein Schema. Erst »sozialraum db upgrade« oder einen Import ausführen.")
    upgrade(engine)
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
        elif args.command == "import":
            output, ok = run_import_command(engine, args)
            print(output, file=sys.stdout if ok else sys.stderr)
            return 0 if ok else 1
        elif args.command == "index":
            output = run_index_command(engine, args)
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
