"""One import: read, check everything, then write in one transaction (all or nothing), and log it.

A failed import is logged too (outcome ``failed`` with its messages), so the import log answers "who
tried to load what, and why did it not work"; the data tables stay exactly as they were. A dry run
writes nothing at all, not even a log entry.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import enum
import gc
import hashlib
import logging
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.exc import DataError, IntegrityError

from sozialraum.db import IMPORT_LOCK_WAIT_SECONDS, DatabaseBusyError, import_transaction
from sozialraum.formatting import format_number
from sozialraum.importing import areas, budget, catalogue, goals, observations, undo
from sozialraum.importing.mapping import InvalidMappingError, Mapping, load_mapping
from sozialraum.importing.messages import ImportReport, UnreadableFileError
from sozialraum.importing.tabular import read_table
from sozialraum.models import ImportLog
from sozialraum.store import data_version

LOGGER = logging.getLogger(__name__)
WRITE_REFUSED = "es wurde nichts geschrieben (Einzelheiten im Serverprotokoll)."
INTERNAL_ERROR = "Interner Fehler beim Prüfen der Datei (Einzelheiten im Serverprotokoll); es wurde nichts geschrieben."


class ImportKind(enum.StrEnum):
    AREAS = "areas"
    INDICATORS = "indicators"
    OBSERVATIONS = "observations"
    BUDGET = "budget"
    GOALS = "goals"


KIND_LABELS = {
    ImportKind.OBSERVATIONS: "Kennzahlenwerte",
    ImportKind.INDICATORS: "Kennzahlenkatalog",
    ImportKind.AREAS: "Gebiete (Geometrien oder Liste)",
    ImportKind.BUDGET: "Budget",
    ImportKind.GOALS: "Wirkungsziele",
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_import(
    engine: Engine,
    kind: ImportKind | str,
    path: Path,
    mapping: Mapping | None = None,
    mapping_path: Path | None = None,
    dry_run: bool = False,
    crs: str | None = None,
    display_name: str | None = None,
    mapping_label: str | None = None,
    mapping_base: dict | None = None,
    log_failed_check: bool = False,
    lock_wait: float = IMPORT_LOCK_WAIT_SECONDS,
) -> ImportReport:
    """Check ``path`` and, unless ``dry_run`` or errors were found, write it. Never raises for bad input.

    ``log_failed_check``: a dry run that finds errors is logged as a failed attempt (the Daten page's
    check is a dry run, and a refused upload never reaches the confirmation). Writing waits up to
    ``lock_wait`` seconds for another import to finish, then reports that one is running and writes nothing.
    """
    try:
        return _check_and_write(
            engine,
            kind,
            path,
            mapping,
            mapping_path,
            dry_run,
            crs,
            display_name,
            mapping_label,
            mapping_base,
            log_failed_check,
            lock_wait,
        )
    finally:
        release_memory()  # the checked frames are gone now; a big upload should not stay in the server


def _check_and_write(  # run_import's arguments, passed on
    engine: Engine,
    kind: ImportKind | str,
    path: Path,
    mapping: Mapping | None,
    mapping_path: Path | None,
    dry_run: bool,
    crs: str | None,
    display_name: str | None,
    mapping_label: str | None,
    mapping_base: dict | None,
    log_failed_check: bool,
    lock_wait: float,
) -> ImportReport:
    kind = ImportKind(kind)
    report = ImportReport(kind.value, display_name or path.name)
    started = datetime.now()
    try:
        mapping = mapping or load_mapping(mapping_path, mapping_base)
        if mapping_label is not None and "key_lookup" in mapping.values:
            # An uploaded mapping must not make the server read a file it names (``/etc/…``, ``../``).
            raise InvalidMappingError(mapping_label, [UPLOADED_LOOKUP_REFUSED])
        if crs:
            mapping = Mapping(**{**mapping.__dict__, "crs": crs})
        prepared = _prepare(engine, kind, path, mapping, report)
    except UnreadableFileError as failure:
        report.problems.append(failure.problem)
        prepared = None
    except InvalidMappingError as failure:
        name = mapping_label or failure.mapping_name
        for text in failure.texts:
            report.error(None, None, f"Zuordnung »{name}«: {text}" if name else f"Zuordnung: {text}")
        prepared = None
    except Exception:  # the last net: a user never sees a traceback, the server log has it
        LOGGER.exception("Import check of %s (%s) failed unexpectedly", report.file_name, kind.value)
        report.error(None, None, INTERNAL_ERROR)
        prepared = None
    _relabel(report, path.name)
    if mapping_label and mapping_path is not None:
        _relabel(report, mapping_path.name, mapping_label)
    if report.ok and prepared is not None and not dry_run:
        try:
            with import_transaction(engine, lock_wait) as connection:
                # The prior state of every row the write changes, kept with the log row: undo restores it.
                scopes = undo.scopes_for(kind.value, prepared)
                before = undo.snapshot(connection, scopes)
                report.rows_written = _write(connection, kind, prepared)
                logged = {**_log_row(report, path, started, "ok"), "changes_recorded": True}
                log_id = connection.execute(insert(ImportLog), logged).inserted_primary_key[0]
                undo.record_changes(connection, log_id, before, undo.snapshot(connection, scopes))
                data_version.bump(connection)
            report.written = True
        except DatabaseBusyError:
            report.rows_written = 0
            report.blocked = busy_text(lock_wait)
            report.error(None, None, report.blocked)
        except (DataError, IntegrityError) as refusal:
            # A value the check should have refused: the transaction is rolled back, the user told in German.
            LOGGER.exception("Database refused the checked import of %s", report.file_name)
            report.rows_written = 0
            report.error(
                None,
                None,
                f"Die Datenbank hat die Daten abgelehnt ({refusal.orig.__class__.__name__}); {WRITE_REFUSED}",
            )
    if not report.ok and not report.blocked and (not dry_run or log_failed_check) and path.is_file():
        try:
            with import_transaction(engine, lock_wait) as connection:
                connection.execute(insert(ImportLog), [_log_row(report, path, started, "failed")])
                data_version.bump(connection)  # the Daten page's log shows the attempt
        except DatabaseBusyError:
            pass  # the report names the file's errors; the log cannot be written while another import runs
    elif report.ok and prepared is not None and not report.written:
        report.rows_written = _count(kind, prepared)
    return report


UPLOADED_LOOKUP_REFUSED = (
    "»values.key_lookup« nennt eine Datei auf dem Server und ist in einer hochgeladenen Zuordnung nicht "
    "erlaubt; eine Zuordnung mit Zuordnungstabelle über die Kommandozeile oder ein Rezept importieren."
)


def busy_text(waited_seconds: float) -> str:
    return (
        f"Ein anderer Import läuft gerade: die Datenbank war {format_number(waited_seconds)} Sekunden lang "
        "zum Schreiben gesperrt. Es wurde nichts geschrieben; bitte in einigen Minuten erneut importieren."
    )


def release_memory() -> None:
    """Collect garbage and hand freed memory back to the operating system: pandas' strings live in
    pyarrow's pool (mimalloc), which keeps freed pages, the rest in glibc's heap (malloc_trim). Without
    it, a server that checked one huge file keeps its peak memory for good."""
    gc.collect()
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError, TypeError):  # not glibc (musl, macOS): nothing to trim
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def _relabel(report: ImportReport, stored_name: str, label: str | None = None) -> None:
    """Readers name the file they read; an upload's stored name is the server's, so show the user's label
    (the data file's by default, or ``label``, e.g. for an uploaded mapping)."""
    label = label or report.file_name
    if label == stored_name:
        return
    report.problems = [
        replace(problem, file_name=label) if problem.file_name == stored_name else problem
        for problem in report.problems
    ]


def _prepare(engine: Engine, kind: ImportKind, path: Path, mapping: Mapping, report: ImportReport) -> object:
    if kind == ImportKind.AREAS:
        frame = areas.read_areas(path, mapping, report)
        report.rows_read = len(frame)
        return areas.validate(engine, frame, report.file_name, mapping, report)
    table = read_table(path, mapping.header_row, mapping.sheet)
    report.rows_read = len(table.frame)
    for row, column, text in table.cell_problems:
        report.error(row, column, text)
    # A column the mapping names must be in the file: a typo would otherwise pass as »no such column«
    # and its values would silently be missing (a numerator, a flag) or looked for under another name.
    absent = {field: column for field, column in mapping.columns.items() if column not in table.frame.columns}
    for field, column in absent.items():
        report.error(
            table.first_row - 1, column, f"Spalte »{column}« aus der Zuordnung (columns.{field}) fehlt in der Datei."
        )
    if absent:
        return None
    if kind == ImportKind.INDICATORS:
        return catalogue.validate(table, mapping, report)
    if kind == ImportKind.BUDGET:
        return budget.validate(engine, table, mapping, report)
    if kind == ImportKind.GOALS:
        return goals.validate(engine, table, mapping, report)
    long = observations.to_long(table, mapping, report)
    return None if long is None else observations.validate_in_chunks(engine, long, mapping, report)


def _write(connection, kind: ImportKind, prepared: object) -> int:
    if kind == ImportKind.AREAS:
        return areas.write(connection, prepared)
    if kind == ImportKind.INDICATORS:
        return catalogue.write(connection, prepared)
    if kind == ImportKind.BUDGET:
        return budget.write(connection, prepared)
    if kind == ImportKind.GOALS:
        return goals.write(connection, prepared)
    return observations.write(connection, prepared)


def _count(kind: ImportKind, prepared: object) -> int:
    if kind == ImportKind.AREAS:
        return len(prepared["rows"])
    if kind == ImportKind.BUDGET:
        return len(prepared["lines"])
    if kind == ImportKind.OBSERVATIONS:
        return int((prepared["flag"] != "missing").sum())
    return len(prepared)


def _log_row(report: ImportReport, path: Path, started: datetime, outcome: str) -> dict[str, object]:
    return {
        "kind": report.kind,
        "file_name": report.file_name,
        "sha256": sha256_of(path),
        "rows": report.rows_read,
        "started_at": started,
        "finished_at": datetime.now(),
        "outcome": outcome,
        "messages": report.summary_lines(),  # one line per kind and its values; the full report is a download
    }
